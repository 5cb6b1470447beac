// A refusal whose JSON body was cut on the way (the fault soak met one: a
// page token expired, and the 400 that said so arrived half sent). A GET is
// made again instead of failing its partition on a body nobody can read.
#include <gtest/gtest.h>

#include <atomic>

#include "fetch_support.hpp"
#include "hostile_zoom.hpp"

namespace {

using zc_test::CannedAnswer;
using zc_test::HostileServer;

constexpr const char* k_users_page = R"({"page_size":30,"next_page_token":"","total_records":1,)"
                                     R"("users":[{"id":"u1","email":"a@example.com","type":1}]})";
constexpr const char* k_cut_refusal = R"({"code":300,"message":"The next page tok)";

TEST(FetchCutRefusal, ARefusalWhoseJsonIsCutIsAskedAgain) {
  std::atomic<int> active_pages{0};  // users are listed by status: active, inactive, pending
  HostileServer server([&](const std::string&, const std::string& target) {
    if (target.starts_with("/oauth/token")) return zc_test::hostile_token_answer();
    if (target.find("status=active") != std::string::npos && ++active_pages <= 2)
      return CannedAnswer{400, "application/json;charset=UTF-8", k_cut_refusal};
    return CannedAnswer{200, "application/json", k_users_page};
  });
  auto b = zc_test::build(zc_test::hostile_credential(server), zc_test::hostile_options(server));
  ASSERT_TRUE(b.connector);

  const auto out = fetch_test::run_fetch(*b.connector, R"({"streams":["users"]})");
  ASSERT_FALSE(out.error) << out.error->message;
  EXPECT_EQ(out.id_set("users"), std::set<std::string>{"u1"});
  EXPECT_EQ(active_pages.load(), 3);
  EXPECT_EQ(out.summary_stream_count("users", "retries"), 2u);
}

TEST(FetchCutRefusal, OneThatStaysCutFailsThePartitionSayingSo) {
  std::atomic<int> active_pages{0};
  HostileServer server([&](const std::string&, const std::string& target) {
    if (target.starts_with("/oauth/token")) return zc_test::hostile_token_answer();
    if (target.find("status=active") != std::string::npos) ++active_pages;
    return CannedAnswer{400, "application/json", k_cut_refusal};
  });
  auto b = zc_test::build(zc_test::hostile_credential(server), zc_test::hostile_options(server));
  ASSERT_TRUE(b.connector);

  const auto out = fetch_test::run_fetch(*b.connector, R"({"streams":["users"]})");
  ASSERT_TRUE(out.error);
  EXPECT_NE(out.error->message.find("JSON body that does not parse"), std::string::npos)
      << out.error->message;
  EXPECT_EQ(out.error->message.find("proxy or firewall"), std::string::npos) << out.error->message;
  EXPECT_EQ(active_pages.load(), fetch_test::fast_settings().retry.max_attempts);
}

}  // namespace
