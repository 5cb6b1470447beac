// Pagination: docs/zoom_api_facts.md §4.
#include "test_support.hpp"

namespace zoom_sim::testing {
namespace {

using namespace std::chrono;

struct Paged : ::testing::Test {
  void start(Options opt) {
    opt.rate_limit = false;
    sim = std::make_unique<Simulator>(opt);
    token = fetch_token(sim->base_url());
    c = std::make_unique<HttpClient>(sim->base_url(), true);
  }
  Resp get(const std::string& t) { return c->get(t, bearer(token)); }
  std::size_t active_users() const {
    std::size_t n = 0;
    for (auto& u : sim->dataset().users) n += u.status == "active";
    return n;
  }
  std::unique_ptr<Simulator> sim;
  std::string token;
  std::unique_ptr<HttpClient> c;
};

TEST_F(Paged, DefaultPageSizeAndCounts) {
  auto opt = small_options();
  opt.sizes.users = 100;
  start(opt);
  const auto n = active_users();
  auto r = get("/v2/users");
  ASSERT_EQ(r.status, 200);
  auto o = r.json().as_object();
  EXPECT_EQ(o.at("page_size").as_int64(), 30);
  EXPECT_EQ(o.at("total_records").as_int64(), static_cast<std::int64_t>(n));
  EXPECT_EQ(o.at("page_count").as_int64(), static_cast<std::int64_t>((n + 29) / 30));
  EXPECT_EQ(o.at("users").as_array().size(), 30u);
  const std::string t(o.at("next_page_token").as_string());
  EXPECT_GE(t.size(), 20u);
  int pages = 0;
  auto ids = walk_ids(*c, token, "/v2/users?page_size=30", "users", "id", &pages);
  EXPECT_EQ(ids.size(), n);
  EXPECT_EQ(pages, static_cast<int>((n + 29) / 30));
}

TEST_F(Paged, PageSizeClampedToMaximumAndValidated) {
  auto opt = small_options();
  opt.sizes.users = 700;
  opt.sizes.meetings_per_user = 0;
  start(opt);
  auto r = get("/v2/users?page_size=2000");
  auto o = r.json().as_object();
  EXPECT_EQ(o.at("page_size").as_int64(), 300);
  EXPECT_EQ(o.at("users").as_array().size(), 300u);
  for (std::string bad : {"abc", "-5", "1.5", ""}) {
    r = get("/v2/users?page_size=" + bad);
    EXPECT_EQ(r.status, 400) << bad;
    auto e = r.json().as_object();
    EXPECT_EQ(e.at("code").as_int64(), 300);
    EXPECT_EQ(e.at("message").as_string(), "Invalid field.");
    EXPECT_EQ(e.at("errors").as_array().at(0).as_object().at("field").as_string(), "page_size");
  }
  // Walk to the exact record count with the maximum page size.
  int pages = 0;
  auto ids = walk_ids(*c, token, "/v2/users?page_size=300", "users", "id", &pages);
  EXPECT_EQ(ids.size(), active_users());
  EXPECT_EQ(pages, static_cast<int>((active_users() + 299) / 300));
}

TEST_F(Paged, UsersPageSizeMaxConfigurable) {
  auto opt = small_options();
  opt.sizes.users = 700;
  opt.users_page_size_max = 2000;
  start(opt);
  EXPECT_EQ(get("/v2/users?page_size=2000").json().as_object().at("users").as_array().size(),
            active_users());
}

TEST_F(Paged, LastPageHasEmptyToken) {
  start(small_options());
  auto r = get("/v2/users?page_size=300");
  EXPECT_EQ(r.json().as_object().at("next_page_token").as_string(), "");
  // A user with no webinars → empty list, empty token.
  auto r2 = get("/v2/groups?page_size=300");
  EXPECT_EQ(r2.json().as_object().at("next_page_token").as_string(), "");
}

TEST_F(Paged, TokenInvalidBoundToQueryAndAccount) {
  auto opt = small_options();
  opt.apps = {default_app(), App{"other-account", "other", "s", all_scopes()}};
  start(opt);
  auto r = get("/v2/users?page_size=5");
  const std::string t(r.json().as_object().at("next_page_token").as_string());
  const std::string body = R"({"code":300,"message":"The next page token is invalid or expired."})";
  // Garbage token.
  r = get("/v2/users?page_size=5&next_page_token=garbage");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body, body);
  // Same token, other query (status changed) or other endpoint.
  EXPECT_EQ(get("/v2/users?page_size=5&status=inactive&next_page_token=" + t).body, body);
  EXPECT_EQ(get("/v2/groups?page_size=5&next_page_token=" + t).body, body);
  // Other account.
  const auto other = fetch_token(sim->base_url(), "other", "s", "other-account");
  EXPECT_EQ(c->get("/v2/users?page_size=5&next_page_token=" + t, bearer(other)).body, body);
  // Still valid for the right query, reusable (a retry), and page_size may change.
  EXPECT_EQ(get("/v2/users?page_size=5&next_page_token=" + t).status, 200);
  EXPECT_EQ(get("/v2/users?next_page_token=" + t + "&page_size=5").status, 200);
  auto r2 = get("/v2/users?page_size=10&next_page_token=" + t);
  EXPECT_EQ(r2.json().as_object().at("users").as_array().size(), 10u);
}

TEST_F(Paged, TokenExpiresAfterTtl) {
  auto opt = small_options();
  ManualClock clk(sys_days{year{2026} / 11 / 29} + hours(8));
  opt.clock = clk.clock();
  opt.token_lifetime = seconds(86400);
  start(opt);
  auto r = get("/v2/users?page_size=5");
  const std::string t(r.json().as_object().at("next_page_token").as_string());
  clk.advance(minutes(15));
  EXPECT_EQ(get("/v2/users?page_size=5&next_page_token=" + t).status, 200);
  clk.advance(seconds(1));
  r = get("/v2/users?page_size=5&next_page_token=" + t);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.json().as_object().at("code").as_int64(), 300);
}

TEST_F(Paged, ExpirePageTokensOnDemand) {
  start(small_options());
  auto r = get("/v2/users?page_size=5");
  const std::string t(r.json().as_object().at("next_page_token").as_string());
  sim->expire_page_tokens();
  EXPECT_EQ(get("/v2/users?page_size=5&next_page_token=" + t).status, 400);
  r = get("/v2/users?page_size=5");
  const std::string t2(r.json().as_object().at("next_page_token").as_string());
  EXPECT_EQ(c->request("POST", "/_sim/expire_page_tokens").status, 200);
  EXPECT_EQ(get("/v2/users?page_size=5&next_page_token=" + t2).status, 400);
}

TEST_F(Paged, PageNumberIgnoredByDefault) {
  start(small_options());
  auto p1 = get("/v2/users?page_size=5").json().as_object().at("users");
  auto p3 = get("/v2/users?page_size=5&page_number=3").json().as_object();
  EXPECT_EQ(p3.at("users"), p1);
  EXPECT_NE(p3.at("next_page_token").as_string(), "");
  EXPECT_EQ(get("/v2/users?page_number=x").status, 400);
}

TEST_F(Paged, PageNumberHonorOrFirstPageOnly) {
  auto opt = small_options();
  opt.page_number_mode = PageNumberMode::honor;
  start(opt);
  auto all = walk_ids(*c, token, "/v2/users?page_size=5", "users", "id");
  auto p2 = get("/v2/users?page_size=5&page_number=2").json().as_object();
  EXPECT_EQ(p2.at("users").as_array().at(0).as_object().at("id").as_string(), all[5]);

  opt.page_number_mode = PageNumberMode::first_page_only;
  start(opt);
  auto p = get("/v2/users?page_size=5&page_number=2").json().as_object();
  EXPECT_EQ(p.at("next_page_token").as_string(), "");
  EXPECT_EQ(p.at("users").as_array().size(), 5u);
}

}  // namespace
}  // namespace zoom_sim::testing
