// The frontier in a checkpoint: written only when complete, read back as
// (child stream, parent id) pairs, and a hostile one is refused by name.
#include "fetch/frontier.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "fetch/fetch_state.hpp"

namespace {

namespace json = boost::json;
using zc::fetch::credential_fingerprint;
using zc::fetch::FetchState;
using zc::fetch::Frontier;
using zc::fetch::PartitionProgress;

constexpr const char* k_plan = "0123456789abcdef";

const zc::StreamDef& stream(std::string_view name) { return *zc::find_stream(name); }

json::object parse(const std::string& text) { return json::parse(text).as_object(); }

TEST(Frontier, OpenChildrenRoundTripAndDoneOnesLeave) {
  const auto owner = credential_fingerprint("acct", "client");
  FetchState state(owner);
  EXPECT_FALSE(state.adopt_plan(k_plan)) << "a fresh state has no frontier to resume";
  state.set("users|all", PartitionProgress{false, 300, "u300", "tok"});
  state.open_child("meetings|user=u1", stream("meetings"), "u1");
  state.open_child("meetings|user=u2", stream("meetings"), "u2");
  // Two windows of one parent are one entry.
  state.open_child("report_meetings|user=u1|from=2026-10-01&to=2026-10-31",
                   stream("report_meetings"), "u1");
  state.open_child("report_meetings|user=u1|from=2026-11-01&to=2026-11-29",
                   stream("report_meetings"), "u1");
  state.set("meetings|user=u2", PartitionProgress{true, 4, "", ""});

  const json::object saved = parse(state.to_json());
  EXPECT_EQ(json::serialize(saved.at("frontier")),
            std::string(R"({"plan":")") + k_plan +
                R"(","open":{"meetings":["u1"],"report_meetings":["u1"]}})");

  auto loaded = FetchState::load(saved, owner);
  ASSERT_TRUE(loaded) << loaded.error().message;
  EXPECT_TRUE(loaded->adopt_plan(k_plan));
  const auto entries = loaded->take_frontier();
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].stream->name, "meetings");
  EXPECT_EQ(entries[0].parent_id, "u1");
  EXPECT_EQ(entries[1].stream->name, "report_meetings");
  EXPECT_EQ(loaded->find("users|all")->page_token, "tok");
}

TEST(Frontier, AnotherPlanOrAnOlderStateResumesTheOldWayAndWritesNone) {
  const auto owner = credential_fingerprint("acct", "client");
  FetchState writer(owner);
  writer.adopt_plan(k_plan);
  writer.set("meetings|user=u1", PartitionProgress{true, 2, "", ""});
  writer.open_child("past_meeting_participants|meeting=m1", stream("past_meeting_participants"),
                    "m1");
  const json::object with_frontier = parse(writer.to_json());
  ASSERT_TRUE(with_frontier.contains("frontier"));

  auto other_plan = FetchState::load(with_frontier, owner);
  ASSERT_TRUE(other_plan) << other_plan.error().message;
  EXPECT_FALSE(other_plan->adopt_plan("fedcba9876543210"));
  EXPECT_TRUE(other_plan->take_frontier().empty());
  EXPECT_FALSE(parse(other_plan->to_json()).contains("frontier"))
      << "a run that walks parents again does not know every open child";

  json::object older = with_frontier;
  older.erase("frontier");
  auto old_state = FetchState::load(older, owner);
  ASSERT_TRUE(old_state) << old_state.error().message;
  EXPECT_FALSE(old_state->adopt_plan(k_plan));
  EXPECT_FALSE(parse(old_state->to_json()).contains("frontier"));
  EXPECT_TRUE(old_state->done("meetings|user=u1"));
}

TEST(Frontier, ListedOnlyPartitionsRoundTrip) {
  const auto owner = credential_fingerprint("acct", "client");
  FetchState state(owner);
  PartitionProgress users{false, 0, "", "tok"};
  users.listed_only = true;
  state.set("users|all", users);
  auto loaded = FetchState::load(parse(state.to_json()), owner);
  ASSERT_TRUE(loaded) << loaded.error().message;
  EXPECT_TRUE(loaded->find("users|all")->listed_only);
  EXPECT_EQ(loaded->find("users|all")->page_token, "tok");
}

TEST(Frontier, ATooLargeFrontierIsLeftOutOfTheCheckpoint) {
  FetchState state(credential_fingerprint("acct", "client"));
  state.adopt_plan(k_plan);
  for (std::size_t i = 0; i <= Frontier::k_max_entries; ++i) {
    const std::string id = "u" + std::to_string(i);
    state.open_child("meetings|user=" + id, stream("meetings"), id);
  }
  EXPECT_FALSE(parse(state.to_json()).contains("frontier"));
  state.set("meetings|user=u0", PartitionProgress{true, 0, "", ""});
  EXPECT_TRUE(parse(state.to_json()).contains("frontier")) << "back under the bound";
}

TEST(Frontier, HostileFrontiersAreRefusedByName) {
  const auto owner = credential_fingerprint("a", "c");
  const std::string head =
      R"({"version":1,"credential":")" + owner + R"(","partitions":{},"frontier":)";
  const std::string plan = std::string(R"({"plan":")") + k_plan + R"(","open":)";
  std::string many = plan + R"({"meetings":[)";
  for (std::size_t i = 0; i <= Frontier::k_max_entries; ++i) {
    many += (i ? ",\"u" : "\"u") + std::to_string(i) + "\"";
  }
  many += "]}}";
  const std::pair<std::string, const char*> cases[] = {
      {head + "[]}", "\"frontier\" is not an object"},
      {head + R"({"open":{}}})", "no \"plan\""},
      {head + R"({"plan":"ABC","open":{}}})", "no \"plan\""},
      {head + plan + "[]}}", "no \"open\""},
      {head + plan + R"({"widgets":["x"]}}})", "unknown stream \"widgets\""},
      {head + plan + R"({"users":["x"]}}})", "\"users\", which is not a child stream"},
      {head + plan + R"({"meetings":"u1"}}})", "is not a list"},
      {head + plan + R"({"meetings":[7]}}})", "not a string of 1 to 256 bytes"},
      {head + plan + R"({"meetings":[""]}}})", "not a string of 1 to 256 bytes"},
      {head + plan + R"({"meetings":[")" + std::string(257, 'x') + "\"]}}}",
       "not a string of 1 to 256 bytes"},
      {head + plan + R"({"meetings":["u1","u2","u1"]}}})", "names a parent twice"},
      {head + many + "}", "more than 50000 entries"},
  };
  for (const auto& [text, needle] : cases) {
    auto loaded = FetchState::load(parse(text), owner);
    ASSERT_FALSE(loaded) << text.substr(0, 200);
    EXPECT_EQ(loaded.error().status, zc::Status::invalid_argument);
    EXPECT_NE(loaded.error().message.find(needle), std::string::npos)
        << text.substr(0, 200) << " -> " << loaded.error().message;
  }
}

TEST(Frontier, PlanFingerprintFollowsStreamsDatesAndPageSize) {
  using namespace std::chrono;
  const sys_days today{2026y / 11 / 29};
  const auto plan = [&](const std::string& request) {
    auto parsed = zc::fetch::parse_fetch_request(request, today);
    EXPECT_TRUE(parsed) << parsed.error().message;
    return zc::fetch::plan_fingerprint(*parsed, json::parse(request).as_object());
  };
  const std::string base = plan(R"({"streams":["users","meetings"]})");
  EXPECT_EQ(base.size(), 16u);
  EXPECT_EQ(base, plan(R"({"streams":["users","meetings"],"max_concurrency":2,"rate_share":0.5})"))
      << "pacing does not change which partitions there are";
  EXPECT_NE(base, plan(R"({"streams":["users","meetings","webinars"]})"));
  EXPECT_NE(base, plan(R"({"streams":["users","meetings"],"page_size":100})"));
  EXPECT_NE(base, plan(R"({"streams":["users","meetings"],"from":"2026-11-01"})"));
  EXPECT_EQ(base, plan(R"({"streams":["users","meetings"],"plan":"business","state":null})"));
  // A field this connector may add later (one that prunes children, say).
  const auto parsed = zc::fetch::parse_fetch_request(R"({"streams":["users","meetings"]})", today);
  ASSERT_TRUE(parsed);
  EXPECT_NE(base, zc::fetch::plan_fingerprint(
                      *parsed,
                      json::parse(R"({"streams":["users","meetings"],"prune":false})").as_object()))
      << "an option that may change which children there are changes the plan";
}

}  // namespace
