// Which partitions a request plans, with which state keys and URLs, and
// which parent records feed which children: the rules the stream table drives.
#include "fetch/partition_planner.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace {

using namespace std::chrono;
using zc::fetch::FetchRequest;
using zc::fetch::Partition;
using zc::fetch::PartitionPlanner;

const sys_days k_today = sys_days{2026y / 11 / 29};
const system_clock::time_point k_now = k_today + 12h;

FetchRequest request(const std::string& json) {
  auto parsed = zc::fetch::parse_fetch_request(json, k_today);
  EXPECT_TRUE(parsed) << parsed.error().message;
  return parsed ? *parsed : FetchRequest{};
}

const Partition* find(const std::vector<Partition>& partitions, const std::string& key) {
  for (const auto& p : partitions) {
    if (p.key == key) return &p;
  }
  return nullptr;
}

std::vector<Partition> children(const PartitionPlanner& planner, const Partition& parent,
                                const std::string& record) {
  std::vector<Partition> out;
  planner.add_children(parent, boost::json::parse(record).as_object(), out);
  return out;
}

TEST(PartitionPlanner, UsersArePartitionedByStatus) {
  const auto req = request(R"({"streams":["users","groups"]})");
  const PartitionPlanner planner(req, k_now);
  const auto top = planner.top_level();
  ASSERT_EQ(top.size(), 4u);
  EXPECT_EQ(top[0].key, "users|status=active");
  EXPECT_EQ(top[0].target, "/users?status=active&page_size=300");
  EXPECT_EQ(top[1].key, "users|status=inactive");
  EXPECT_EQ(top[2].key, "users|status=pending");
  EXPECT_EQ(top[3].key, "groups|all");
  EXPECT_EQ(top[3].target, "/groups?page_size=300");
  for (const auto& p : top) {
    EXPECT_TRUE(p.emit);
    EXPECT_EQ(p.depth, 0);
  }
  EXPECT_FALSE(planner.feeds_children(*top[0].stream)) << "no per-user stream is wanted";
}

TEST(PartitionPlanner, ParentsAreWalkedOnlyToFeedWantedChildren) {
  const auto req = request(R"({"streams":["past_meeting_participants"]})");
  const PartitionPlanner planner(req, k_now);
  EXPECT_EQ(planner.walked_streams(),
            (std::vector<std::string_view>{"users", "meetings", "past_meeting_participants"}));
  const auto top = planner.top_level();
  ASSERT_EQ(top.size(), 3u);
  EXPECT_FALSE(top[0].emit) << "users are listed, not sent";
  ASSERT_TRUE(planner.feeds_children(*top[0].stream));

  const auto meetings = children(planner, top[0], R"({"id":"u 1","email":"a@b"})");
  ASSERT_EQ(meetings.size(), 1u) << "only meetings feed the wanted stream";
  EXPECT_EQ(meetings[0].key, "meetings|user=u 1");
  EXPECT_EQ(meetings[0].target, "/users/u%201/meetings?page_size=300&type=scheduled");
  EXPECT_EQ(meetings[0].parent_id, "u 1");
  EXPECT_FALSE(meetings[0].emit);
  EXPECT_EQ(meetings[0].depth, 1);

  // Held meetings feed their participants (UUIDs double-encoded where
  // needed); a meeting still to come, or one without a UUID, feeds nothing.
  const auto held =
      children(planner, meetings[0], R"({"uuid":"/ab==","start_time":"2026-11-01T10:00:00Z"})");
  ASSERT_EQ(held.size(), 1u);
  EXPECT_EQ(held[0].key, "past_meeting_participants|meeting=/ab==");
  EXPECT_EQ(held[0].target, "/past_meetings/%252Fab%253D%253D/participants?page_size=300");
  EXPECT_TRUE(held[0].emit);
  EXPECT_EQ(held[0].depth, 2);
  EXPECT_TRUE(
      children(planner, meetings[0], R"({"uuid":"cd==","start_time":"2026-12-01T10:00:00Z"})")
          .empty());
  EXPECT_TRUE(children(planner, meetings[0], R"({"uuid":"cd=="})").empty());
  EXPECT_TRUE(children(planner, meetings[0], R"({"start_time":"2026-11-01T10:00:00Z"})").empty());
  EXPECT_TRUE(children(planner, held[0], R"({"user_id":"x"})").empty()) << "a leaf feeds nothing";
}

// A child may take another field of its parent than the parent's child id
// (a meeting's number, where participants take its UUID), may be fed only
// by parents whose field has one of the catalog's values (meeting types
// that take registration), and may not be paged (no page_size sent).
TEST(PartitionPlanner, ChildrenTakeTheirOwnParentFieldAndOnlyParentsThatCanHaveRecords) {
  const auto req = request(R"({"streams":["meeting_registrants","meeting_polls"]})");
  const PartitionPlanner planner(req, k_now);
  const auto top = planner.top_level();
  const auto meetings = children(planner, top[0], R"({"id":"u1"})");
  ASSERT_EQ(meetings.size(), 1u);
  auto planned = [&](const std::string& record, std::vector<const zc::StreamDef*>& pruned) {
    std::vector<Partition> out;
    planner.add_children(meetings[0], boost::json::parse(record).as_object(), out, &pruned);
    return out;
  };
  std::vector<const zc::StreamDef*> pruned;
  const auto scheduled = planned(R"({"uuid":"/ab==","id":81000000007,"type":2})", pruned);
  ASSERT_EQ(scheduled.size(), 2u);
  EXPECT_TRUE(pruned.empty());
  EXPECT_EQ(scheduled[0].key, "meeting_registrants|meeting=81000000007");
  EXPECT_EQ(scheduled[0].target, "/meetings/81000000007/registrants?page_size=300");
  EXPECT_EQ(scheduled[0].parent_id, "81000000007");
  EXPECT_EQ(scheduled[1].key, "meeting_polls|meeting=81000000007");
  EXPECT_EQ(scheduled[1].target, "/meetings/81000000007/polls") << "not paged: no page_size";

  const auto instant = planned(R"({"uuid":"cd==","id":81000000008,"type":1})", pruned);
  ASSERT_EQ(instant.size(), 1u) << "an instant meeting takes no registration";
  EXPECT_EQ(instant[0].key, "meeting_polls|meeting=81000000008");
  ASSERT_EQ(pruned.size(), 1u);
  EXPECT_EQ(pruned[0]->name, "meeting_registrants");
  pruned.clear();
  EXPECT_EQ(planned(R"({"uuid":"ef==","id":81000000009})", pruned).size(), 1u);
  EXPECT_EQ(pruned.size(), 1u) << "no type: nothing shows it takes registration";
  pruned.clear();
  EXPECT_TRUE(planned(R"({"uuid":"gh==","type":2})", pruned).empty()) << "no number to fill";
  EXPECT_TRUE(pruned.empty());
}

TEST(PartitionPlanner, ReportMeetingsFeedParticipantsWhateverTheirStart) {
  const auto req = request(
      R"({"streams":[{"name":"report_meetings","from":"2026-11-01"},"report_meeting_participants"]})");
  const PartitionPlanner planner(req, k_now);
  const auto top = planner.top_level();
  ASSERT_EQ(top.size(), 3u);  // the users, by status
  const auto reports = children(planner, top[0], R"({"id":"u1"})");
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_EQ(reports[0].key, "report_meetings|user=u1|from=2026-11-01&to=2026-11-29");
  EXPECT_EQ(reports[0].target,
            "/report/users/u1/meetings?from=2026-11-01&to=2026-11-29&page_size=300");
  EXPECT_EQ(reports[0].window_from, "2026-11-01");
  EXPECT_EQ(reports[0].window_to, "2026-11-29");
  EXPECT_TRUE(reports[0].emit);
  const auto participants = children(planner, reports[0], R"({"uuid":12345})");
  ASSERT_EQ(participants.size(), 1u);
  EXPECT_EQ(participants[0].key, "report_meeting_participants|meeting=12345");
  EXPECT_EQ(participants[0].target, "/report/meetings/12345/participants?page_size=300");
}

TEST(PartitionPlanner, WindowedStreamsGetOneMonthWindows) {
  const auto req = request(
      R"({"streams":[{"name":"report_users","from":"2026-09-15","to":"2026-11-10"},"recordings"],
          "from":"2026-11-01","page_size":50})");
  const PartitionPlanner planner(req, k_now);
  const auto top = planner.top_level();
  ASSERT_NE(find(top, "report_users|from=2026-09-15&to=2026-10-14"), nullptr);
  const Partition* last = find(top, "report_users|from=2026-10-15&to=2026-11-10");
  ASSERT_NE(last, nullptr);
  EXPECT_EQ(last->target, "/report/users?from=2026-10-15&to=2026-11-10&page_size=50&type=active");
  EXPECT_EQ(last->window_from, "2026-10-15");
  // recordings take the request's default range.
  const Partition* users = find(top, "users|status=active");
  ASSERT_NE(users, nullptr);
  const auto recordings = children(planner, *users, R"({"id":"u1"})");
  ASSERT_EQ(recordings.size(), 1u);
  EXPECT_EQ(recordings[0].key, "recordings|user=u1|from=2026-11-01&to=2026-11-29");
  EXPECT_EQ(recordings[0].target,
            "/users/u1/recordings?from=2026-11-01&to=2026-11-29&page_size=50");
}

TEST(PartitionPlanner, PageSizeIsCappedAtTheEndpointsMaximum) {
  const auto req = request(R"({"streams":["phone_users","metrics_meetings"],"page_size":500})");
  const PartitionPlanner planner(req, k_now);
  const auto top = planner.top_level();
  ASSERT_NE(find(top, "phone_users|all"), nullptr);
  EXPECT_EQ(find(top, "phone_users|all")->target, "/phone/users?page_size=100");
  const Partition* metrics = find(top, "metrics_meetings|from=2026-10-30&to=2026-11-29");
  ASSERT_NE(metrics, nullptr);
  EXPECT_EQ(metrics->target,
            "/metrics/meetings?from=2026-10-30&to=2026-11-29&page_size=300&type=past");
}

}  // namespace
