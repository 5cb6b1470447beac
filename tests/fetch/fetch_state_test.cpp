// Checkpoints round-trip, and a corrupt or foreign one is refused by name.
#include "fetch/fetch_state.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace {

using zc::fetch::credential_fingerprint;
using zc::fetch::FetchState;
using zc::fetch::PartitionProgress;

boost::json::object parse(const std::string& text) { return boost::json::parse(text).as_object(); }

TEST(FetchState, RoundTrips) {
  const auto owner = credential_fingerprint("acct", "client");
  FetchState state(owner);
  state.set("users|status=active", PartitionProgress{false, 600, "u600", "tok"});
  state.set("meetings|user=u1", PartitionProgress{true, 3, "", ""});
  auto loaded = FetchState::load(parse(state.to_json()), owner);
  ASSERT_TRUE(loaded) << loaded.error().message;
  EXPECT_TRUE(loaded->done("meetings|user=u1"));
  EXPECT_EQ(loaded->find("meetings|user=u1")->emitted, 3u) << "a finished parent may be re-walked";
  const auto users = loaded->find("users|status=active");
  ASSERT_TRUE(users.has_value());
  EXPECT_EQ(users->emitted, 600u);
  EXPECT_EQ(users->last_id, "u600");
  EXPECT_EQ(users->page_token, "tok");
}

TEST(FetchState, CursorsRoundTrip) {
  using namespace std::chrono;
  const auto owner = credential_fingerprint("acct", "client");
  FetchState state(owner);
  state.set("report_users|from=2026-11-01&to=2026-11-29", PartitionProgress{true, 4, "", ""});
  state.set_cursor("report_users", sys_days{2026y / 11 / 29});
  state.clear_partitions();
  auto loaded = FetchState::load(parse(state.to_json()), owner);
  ASSERT_TRUE(loaded) << loaded.error().message;
  EXPECT_EQ(loaded->size(), 0u);
  EXPECT_EQ(loaded->cursor("report_users"), sys_days{2026y / 11 / 29});
  EXPECT_FALSE(loaded->cursor("recordings").has_value());
}

TEST(FetchState, AnotherCredentialsStateIsRefused) {
  FetchState state(credential_fingerprint("acct", "client"));
  auto loaded = FetchState::load(parse(state.to_json()), credential_fingerprint("acct", "other"));
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().status, zc::Status::invalid_argument);
  EXPECT_NE(loaded.error().message.find("another Zoom credential"), std::string::npos);
}

TEST(FetchState, CorruptStatesAreRefusedByName) {
  const auto owner = credential_fingerprint("a", "c");
  const std::string head = R"({"version":1,"credential":")" + owner + R"(",)";
  const std::pair<std::string, const char*> cases[] = {
      {R"({"credential":"x"})", "no \"version\""},
      {R"({"version":7,"credential":"x","partitions":{}})", "version 7"},
      {R"({"version":1,"partitions":{}})", "names no credential"},
      {head + R"("partitions":[]})", "no \"partitions\""},
      {head + R"("partitions":{"p":1}})", "is not an object"},
      {head + R"("partitions":{"p":{"emitted":-3}}})", "bad \"emitted\""},
      {head + R"("partitions":{"p":{"done":"yes"}}})", "bad \"done\""},
      {head + R"("partitions":{"p":{"page_token":5}}})", "bad \"page_token\""},
      {head + R"("partitions":{},"cursors":{"report_users":"yesterday"}})", "is not a date"},
      // Outside input: a cursor names a dated stream, tokens and ids are short.
      {head + R"("partitions":{},"cursors":{"nope":"2026-01-01"}})", "not a dated stream"},
      {head + R"("partitions":{},"cursors":{"users":"2026-01-01"}})", "not a dated stream"},
      {head + R"("partitions":{"p":{"page_token":")" + std::string(1025, 't') + R"("}}})",
       "bad \"page_token\""},
      {head + R"("partitions":{"p":{"last_id":")" + std::string(1025, 'i') + R"("}}})",
       "bad \"last_id\""},
  };
  for (const auto& [text, needle] : cases) {
    auto loaded = FetchState::load(parse(text), owner);
    ASSERT_FALSE(loaded) << text;
    EXPECT_NE(loaded.error().message.find(needle), std::string::npos)
        << text << " -> " << loaded.error().message;
  }
}

TEST(FetchState, FingerprintDoesNotContainTheIds) {
  const auto fingerprint = credential_fingerprint("my-account", "my-client");
  EXPECT_EQ(fingerprint.size(), 16u);
  EXPECT_EQ(fingerprint.find("my-"), std::string::npos);
  EXPECT_NE(fingerprint, credential_fingerprint("my-accoun", "tmy-client"));
}

}  // namespace
