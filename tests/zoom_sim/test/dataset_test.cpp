// Eager and lazy accounts hold the same records; lazy lookups decode ids and e-mails.
#include <chrono>

#include "test_support.hpp"
#include "util.hpp"

namespace zoom_sim::testing {
namespace {

using namespace std::chrono;

DataSizes small_sizes() {
  DataSizes s;
  s.users = 60;
  s.hosting_percent = 30;
  s.groups = 4;
  s.phone_users = 7;
  return s;
}

void expect_same_meeting(const Meeting& a, const Meeting& b) {
  EXPECT_EQ(a.uuid, b.uuid);
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.host_index, b.host_index);
  EXPECT_EQ(a.past, b.past);
  EXPECT_EQ(a.has_recording, b.has_recording);
  EXPECT_EQ(a.start_time, b.start_time);
  EXPECT_EQ(a.json_list, b.json_list);
  EXPECT_EQ(a.json_report, b.json_report);
  EXPECT_EQ(a.json_metrics, b.json_metrics);
  EXPECT_EQ(a.json_recording, b.json_recording);
}

TEST(LazyDataset, HoldsTheSameRecordsAsAnEagerOne) {
  const auto today = sys_days{year{2026} / 11 / 29};
  const auto s = small_sizes();
  const auto eager = generate_dataset(11, s, today, false);
  const auto lazy = generate_dataset(11, s, today, true);
  ASSERT_FALSE(eager.lazy);
  ASSERT_TRUE(lazy.lazy);
  EXPECT_TRUE(lazy.users.empty());
  EXPECT_TRUE(lazy.meetings.empty());
  ASSERT_EQ(eager.users.size(), lazy.user_count());
  std::size_t meetings = 0, webinars = 0, participants = 0;
  for (std::size_t i = 0; i < eager.users.size(); ++i) {
    const User& e = eager.users[i];
    const User l = lazy.user_at(i);
    EXPECT_EQ(e.index, i);
    EXPECT_EQ(l.index, i);
    EXPECT_EQ(e.id, l.id);
    EXPECT_EQ(e.email, l.email);
    EXPECT_EQ(e.status, lazy.status_of(i));
    EXPECT_EQ(e.json_list, l.json_list);
    EXPECT_EQ(e.json_detail, l.json_detail);
    EXPECT_EQ(e.hosts, l.hosts);
    EXPECT_EQ(e.pmi, l.pmi);

    const auto em = eager.meetings_of(i), lm = lazy.meetings_of(i);
    ASSERT_EQ(em.size(), e.meetings.size());
    ASSERT_EQ(em.size(), lm.size()) << i;
    for (std::size_t k = 0; k < em.size(); ++k) {
      expect_same_meeting(em[k], lm[k]);
      const auto ep = eager.participants_of(em[k]), lp = lazy.participants_of(lm[k]);
      ASSERT_EQ(ep.size(), lp.size());
      for (std::size_t p = 0; p < ep.size(); ++p) {
        EXPECT_EQ(ep[p].json_past, lp[p].json_past);
        EXPECT_EQ(ep[p].json_report, lp[p].json_report);
      }
      participants += lp.size();
      // Lookups by uuid and id find the same record in both.
      const Meeting* by_uuid = lazy.find_meeting_by_uuid(lm[k].uuid);
      ASSERT_NE(by_uuid, nullptr) << lm[k].uuid;
      expect_same_meeting(*by_uuid, em[k]);
      const Meeting* by_id = lazy.find_meeting_by_id(lm[k].id);
      ASSERT_NE(by_id, nullptr);
      expect_same_meeting(*by_id, em[k]);
      EXPECT_EQ(lazy.find_webinar_by_id(lm[k].id), nullptr);
    }
    meetings += lm.size();
    const auto ew = eager.webinars_of(i), lw = lazy.webinars_of(i);
    ASSERT_EQ(ew.size(), lw.size());
    for (std::size_t k = 0; k < ew.size(); ++k) {
      EXPECT_EQ(ew[k].json_list, lw[k].json_list);
      const Webinar* w = lazy.find_webinar_by_id(lw[k].id);
      ASSERT_NE(w, nullptr);
      EXPECT_EQ(w->json_list, ew[k].json_list);
      EXPECT_EQ(lazy.find_meeting_by_id(lw[k].id), nullptr);
    }
    webinars += lw.size();

    for (const Dataset* d : {&eager, &lazy}) {
      for (const std::string& key : {e.id, e.email, util::lower(e.email)}) {
        const User* u = d->find_user(key);
        ASSERT_NE(u, nullptr) << key;
        EXPECT_EQ(u->json_detail, e.json_detail);
      }
      const User* p = d->find_user_by_pmi(e.pmi);
      ASSERT_NE(p, nullptr);
      EXPECT_EQ(p->id, e.id);
    }
  }
  for (const char* status : {"active", "inactive", "pending"}) {
    std::vector<std::size_t> expected;
    for (auto& u : eager.users)
      if (u.status == status) expected.push_back(u.index);
    for (const Dataset* d : {&eager, &lazy}) {
      ASSERT_EQ(d->count_with_status(status), expected.size()) << status;
      for (std::size_t p = 0; p < expected.size(); ++p) {
        EXPECT_EQ(d->index_with_status(status, p), expected[p]);
        EXPECT_EQ(d->user_list_json(expected[p]), eager.users[expected[p]].json_list);
      }
    }
  }
  EXPECT_EQ(meetings, eager.meetings.size());
  EXPECT_EQ(webinars, eager.webinars.size());
  EXPECT_EQ(participants, eager.participants.size());

  ASSERT_EQ(eager.groups.size(), lazy.groups.size());
  for (std::size_t g = 0; g < eager.groups.size(); ++g)
    EXPECT_EQ(eager.groups[g].json_list, lazy.groups[g].json_list);
  int members = 0;
  for (auto& g : eager.groups) members += g.total_members;
  EXPECT_EQ(members, s.users);
  ASSERT_EQ(eager.phone_users.size(), 7u);
  for (std::size_t p = 0; p < eager.phone_users.size(); ++p)
    EXPECT_EQ(eager.phone_users[p].json_list, lazy.phone_users[p].json_list);
  ASSERT_EQ(eager.call_logs.size(), lazy.call_logs.size());
  for (std::size_t c = 0; c < eager.call_logs.size(); ++c)
    EXPECT_EQ(eager.call_logs[c].json_list, lazy.call_logs[c].json_list);
}

TEST(LazyDataset, UnknownKeysFindNothing) {
  const auto today = sys_days{year{2026} / 11 / 29};
  const auto s = small_sizes();
  const auto eager = generate_dataset(11, s, today, false);
  const auto lazy = generate_dataset(11, s, today, true);
  const auto other = generate_dataset(12, s, today, true);
  std::string tampered = eager.users[5].id;
  tampered[20] = tampered[20] == 'A' ? 'B' : 'A';
  std::string uuid = eager.meetings[3].uuid;
  uuid[2] = uuid[2] == 'A' ? 'B' : 'A';
  for (const Dataset* d : {&eager, &lazy}) {
    EXPECT_EQ(d->find_user(tampered), nullptr);
    EXPECT_EQ(d->find_user(eager.groups[0].id), nullptr);   // a group id is no user id
    EXPECT_EQ(d->find_user(other.user_at(5).id), nullptr);  // another seed's id
    EXPECT_EQ(d->find_user("ada.lovelace.99999@sim.example.com"), nullptr);
    EXPECT_EQ(d->find_user("x@y"), nullptr);
    EXPECT_EQ(d->find_user(""), nullptr);
    EXPECT_EQ(d->find_meeting_by_uuid(uuid), nullptr);
    EXPECT_EQ(d->find_meeting_by_uuid("not-a-uuid"), nullptr);
    EXPECT_EQ(d->find_meeting_by_id(eager.meetings[3].id + 1), nullptr);
    EXPECT_EQ(d->find_meeting_by_id(12), nullptr);
    EXPECT_EQ(d->find_user_by_pmi(eager.users[4].pmi + 1), nullptr);
  }
}

TEST(LazyDataset, AMillionUsersAreReadyAtOnce) {
  DataSizes s;
  s.users = 1000000;
  const auto t0 = steady_clock::now();
  const auto ds = generate_dataset(42, s, sys_days{year{2026} / 11 / 29});
  EXPECT_LT(steady_clock::now() - t0, seconds(2));
  ASSERT_TRUE(ds.lazy);
  const User last = ds.user_at(999999);
  EXPECT_EQ(ds.find_user(last.id)->index, 999999u);
  EXPECT_EQ(ds.find_user(last.email)->index, 999999u);
  EXPECT_EQ(ds.find_user(ds.user_at(0).id)->role_id, "0");
  EXPECT_NE(ds.user_at(999998).id, last.id);
}

// The server walks a lazy account exactly as an eager one.
TEST(LazyDataset, TheServerAnswersTheSameRecords) {
  std::vector<std::vector<std::string>> seen;
  for (const int eager_max : {1000, 0}) {
    auto opt = small_options();
    opt.rate_limit = false;
    opt.sizes.hosting_percent = 50;
    opt.sizes.eager_max_users = eager_max;
    Simulator sim(opt);
    ASSERT_EQ(sim.dataset().lazy, eager_max == 0);
    const auto token = fetch_token(sim.base_url());
    HttpClient c(sim.base_url(), true);
    const auto& ds = sim.dataset();
    std::vector<std::string> all = walk_ids(c, token, "/v2/users?page_size=7", "users", "id");
    std::vector<std::string> expected;
    for (std::size_t i = 0; i < ds.user_count(); ++i)
      if (std::string_view(ds.status_of(i)) == "active") expected.push_back(ds.user_at(i).id);
    EXPECT_EQ(all, expected);
    const User owner = ds.user_at(0);
    auto r = c.get("/v2/users/" + pct(owner.email), bearer(token));
    EXPECT_EQ(r.body, owner.json_detail);
    for (auto& id : walk_ids(c, token, "/v2/users/" + owner.id + "/meetings?page_size=3",
                             "meetings", "uuid")) {
      all.push_back(id);
      const Meeting* m = ds.find_meeting_by_uuid(id);
      ASSERT_NE(m, nullptr);
      if (!m->past) continue;
      for (auto& p :
           walk_ids(c, token,
                    "/v2/report/meetings/" + std::to_string(m->id) + "/participants?page_size=300",
                    "participants", "user_id"))
        all.push_back(p);
    }
    const auto to = ds.today - days(1);
    const std::string win = "from=" + util::ymd(util::add_months(to, -1)) + "&to=" + util::ymd(to);
    for (auto& id :
         walk_ids(c, token, "/v2/report/users?type=active&page_size=5&" + win, "users", "id"))
      all.push_back(id);
    for (auto& id : walk_ids(c, token, "/v2/metrics/meetings?type=past&page_size=300&" + win,
                             "meetings", "uuid"))
      all.push_back(id);
    seen.push_back(all);
  }
  EXPECT_EQ(seen[0], seen[1]);
  EXPECT_GT(seen[0].size(), 40u);
}

// Writes overlay a lazy account as they overlay an eager one.
TEST(LazyDataset, WritesWork) {
  namespace json = boost::json;
  auto opt = small_options();
  opt.rate_limit = false;
  opt.sizes.hosting_percent = 100;
  opt.sizes.eager_max_users = 0;
  Simulator sim(opt);
  const auto& ds = sim.dataset();
  ASSERT_TRUE(ds.lazy);
  const auto token = fetch_token(sim.base_url());
  HttpClient c(sim.base_url(), true);
  auto call = [&](const std::string& method, const std::string& target, const json::value& body) {
    return c.request(method, target, body.is_null() ? "" : json::serialize(body), bearer(token));
  };
  auto ids = [&](const std::string& target, const std::string& key) {
    return walk_ids(c, token, target, key, "id");
  };
  User u;
  for (std::size_t i = 1; i < ds.user_count(); ++i) {
    u = ds.user_at(i);
    if (u.status == "active" && u.type == 2 && u.webinar_licensed) break;
  }
  const auto own = ds.meetings_of(u.index);
  ASSERT_GT(own.size(), 1u);

  auto r = call("POST", "/v2/users/" + u.id + "/meetings",
                json::object{{"topic", "Lazy plan"},
                             {"type", 2},
                             {"start_time", "2027-06-01T10:00:00Z"},
                             {"duration", 30}});
  ASSERT_EQ(r.status, 201) << r.body;
  const auto created = std::to_string(r.json().as_object().at("id").to_number<std::int64_t>());
  auto listed = ids("/v2/users/" + u.id + "/meetings?page_size=300", "meetings");
  EXPECT_EQ(listed.size(), own.size() + 1);
  EXPECT_NE(std::find(listed.begin(), listed.end(), created), listed.end());
  EXPECT_EQ(sim.writes().meetings(u.id), own.size() + 1);

  const auto first = std::to_string(own.front().id);
  ASSERT_EQ(call("PATCH", "/v2/meetings/" + first, json::object{{"agenda", "New"}}).status, 204);
  EXPECT_EQ(c.get("/v2/meetings/" + first, bearer(token)).json().as_object().at("agenda"), "New");
  ASSERT_EQ(call("DELETE", "/v2/meetings/" + first, nullptr).status, 204);
  listed = ids("/v2/users/" + u.id + "/meetings?page_size=300", "meetings");
  EXPECT_EQ(listed.size(), own.size());
  EXPECT_EQ(std::find(listed.begin(), listed.end(), first), listed.end());
  r = call("DELETE", "/v2/meetings/" + std::to_string(u.pmi), nullptr);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.json().as_object().at("code").as_int64(), 3018);

  ASSERT_EQ(call("PATCH", "/v2/users/" + pct(u.email), json::object{{"dept", "Lazy"}}).status, 204);
  EXPECT_EQ(c.get("/v2/users/" + u.id, bearer(token)).json().as_object().at("dept"), "Lazy");
  std::size_t active = 0;
  for (std::size_t i = 0; i < ds.user_count(); ++i)
    active += std::string_view(ds.status_of(i)) == "active";
  EXPECT_EQ(ids("/v2/users?page_size=300", "users").size(), active);

  const auto& g = ds.groups[1];
  const auto before = ids("/v2/groups/" + g.id + "/members?page_size=300", "members");
  EXPECT_EQ(before.size(), static_cast<std::size_t>(g.total_members));
  const json::object add{{"members", json::array{json::object{{"id", u.id}}}}};
  ASSERT_EQ(call("POST", "/v2/groups/" + g.id + "/members", add).status, 201);
  const auto after = ids("/v2/groups/" + g.id + "/members?page_size=300", "members");
  EXPECT_EQ(after.size(), before.size() + (u.index % ds.groups.size() == 1 ? 0 : 1));
  EXPECT_EQ(sim.writes().users_with_email(u.email), 1u);
}

}  // namespace
}  // namespace zoom_sim::testing
