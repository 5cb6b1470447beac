// Group members: n records of a group -> ceil(n/30) calls; Zoom's ids mapped
// back to one result per record.
#include "write/member_batches.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace {

using namespace zc::write;

std::vector<MemberRecord> records(const std::string& group, int n) {
  std::vector<MemberRecord> v;
  for (int i = 0; i < n; ++i) v.push_back({group, "id" + std::to_string(i), ""});
  return v;
}

TEST(MemberBatches, CeilNOver30CallsAndEveryRecordOnce) {
  for (int n : {0, 1, 29, 30, 31, 60, 61, 1000}) {
    const auto recs = records("g", n);
    const auto batches = batch_members(recs);
    EXPECT_EQ(batches.size(), static_cast<std::size_t>((n + 29) / 30)) << n;
    std::vector<int> seen(static_cast<std::size_t>(n), 0);
    for (const auto& b : batches) {
      EXPECT_LE(b.records.size(), 30u);
      for (auto i : b.records) ++seen[i];
      const auto body = boost::json::parse(b.body).as_object();
      EXPECT_EQ(body.at("members").as_array().size(), b.records.size());
    }
    for (int s : seen) EXPECT_EQ(s, 1);
  }
}

TEST(MemberBatches, GroupsApartInOrderOfFirstAppearance) {
  std::vector<MemberRecord> recs;
  for (int i = 0; i < 35; ++i) recs.push_back({i % 2 ? "b" : "a", "u" + std::to_string(i), ""});
  const auto batches = batch_members(recs);
  ASSERT_EQ(batches.size(), 2u);  // 18 of a, 17 of b
  EXPECT_EQ(batches[0].group_id, "a");
  EXPECT_EQ(batches[1].group_id, "b");
  EXPECT_EQ(batches[0].records.front(), 0u);
  EXPECT_EQ(batches[1].records.front(), 1u);
  // An id wins over an e-mail in the body.
  const std::vector<MemberRecord> mixed = {{"g", "ID1", "x@example.com"},
                                           {"g", "", "y@example.com"}};
  EXPECT_EQ(batch_members(mixed)[0].body,
            R"({"members":[{"id":"ID1"},{"email":"y@example.com"}]})");
}

TEST(MemberBatches, AnswerMapsBackToEachRecord) {
  const std::vector<MemberRecord> recs = {
      {"g", "A", ""}, {"g", "", "b@example.com"}, {"g", "C", ""}};
  const auto b = batch_members(recs)[0];
  // Everyone listed (B's id is the one the batch did not name).
  EXPECT_EQ(
      map_member_answer(b, recs, "A,Bid,C"),
      (std::vector<MemberResult>{MemberResult::added, MemberResult::added, MemberResult::added}));
  // C is no user of the account; B cannot be confirmed from the ids.
  EXPECT_EQ(map_member_answer(b, recs, "A, Bid"),
            (std::vector<MemberResult>{MemberResult::added, MemberResult::check,
                                       MemberResult::not_added}));
  EXPECT_EQ(map_member_answer(b, recs, ""),
            (std::vector<MemberResult>{MemberResult::not_added, MemberResult::check,
                                       MemberResult::not_added}));
}

}  // namespace
