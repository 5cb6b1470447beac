// What a failed page does to the fetch: restart, skip, fail the partition, or
// end the fetch.
#include "fetch/page_error_policy.hpp"

#include <gtest/gtest.h>

namespace {

using zc::Error;
using zc::Status;
using zc::fetch::page_error_action;
using zc::fetch::PageErrorAction;
using zc::fetch::Partition;

Error zoom(Status status, int http_status, int code) {
  Error error = Error::make(status, "test");
  error.http_status = http_status;
  error.remote_code = code;
  return error;
}

TEST(PageErrorPolicy, AnExpiredPageTokenRestartsTheWalkAFewTimes) {
  Partition partition;
  const Error expired = zoom(Status::remote_error, 400, 300);
  EXPECT_EQ(page_error_action(expired, partition), PageErrorAction::fail_partition)
      << "no token was sent: code 300 is some other bad request";
  partition.page_token = "t";
  EXPECT_EQ(page_error_action(expired, partition), PageErrorAction::restart_walk);
  partition.restarts = zc::fetch::k_max_restarts;
  EXPECT_EQ(page_error_action(expired, partition), PageErrorAction::fail_partition);
}

TEST(PageErrorPolicy, RestartsCountAgainOnlyWhenAWalkGetsFurther) {
  Partition partition;
  partition.page_token = "t";
  const Error expired = zoom(Status::remote_error, 400, 300);
  // Each walk reaches page 5 and its token expires there: stuck after 3.
  auto walk_to = [&](std::size_t pages) {
    partition.seen_tokens.clear();
    for (std::size_t i = 0; i < pages; ++i) partition.seen_tokens.insert(std::to_string(i));
    zc::fetch::note_walk_progress(expired, partition);
    const auto action = page_error_action(expired, partition);
    if (action == PageErrorAction::restart_walk) ++partition.restarts;
    return action;
  };
  EXPECT_EQ(walk_to(5), PageErrorAction::restart_walk);
  EXPECT_EQ(walk_to(5), PageErrorAction::restart_walk);
  EXPECT_EQ(walk_to(5), PageErrorAction::restart_walk);
  EXPECT_EQ(walk_to(5), PageErrorAction::fail_partition);
  // A walk that got further than every earlier one is not stuck.
  EXPECT_EQ(walk_to(6), PageErrorAction::restart_walk);
  EXPECT_EQ(partition.restarts, 1);
  // Other errors leave the count alone.
  partition.restarts = zc::fetch::k_max_restarts;
  partition.seen_tokens.insert("more");
  zc::fetch::note_walk_progress(zoom(Status::remote_error, 500, 0), partition);
  EXPECT_EQ(partition.restarts, zc::fetch::k_max_restarts);
}

TEST(PageErrorPolicy, AGoneOrUnlicensedParentSkipsOnlyAChildPartition) {
  Partition child;
  child.parent_id = "u1";
  Partition top;
  for (const Error& error :
       {zoom(Status::remote_error, 404, 3001), zoom(Status::remote_error, 400, 3161),
        zoom(Status::remote_error, 400, 200), zoom(Status::remote_error, 404, 1001),
        zoom(Status::remote_error, 404, 0), zoom(Status::remote_error, 400, 3000),
        zoom(Status::remote_error, 400, 12702)}) {
    EXPECT_EQ(page_error_action(error, child), PageErrorAction::skip_partition)
        << error.remote_code;
    EXPECT_EQ(page_error_action(error, top), PageErrorAction::fail_partition) << error.remote_code;
  }
}

// The summary names why in a word, from the code and the kind of record the
// partition hangs off, so that hosts never decode Zoom's codes.
TEST(PageErrorPolicy, ASkippedPartitionSaysWhyInAWord) {
  using zc::fetch::skip_reason;
  Partition of_user;
  of_user.stream = zc::find_stream("meetings");
  of_user.parent_id = "u1";
  Partition of_meeting;
  of_meeting.stream = zc::find_stream("past_meeting_participants");
  of_meeting.parent_id = "m1";
  ASSERT_NE(of_user.stream, nullptr);
  ASSERT_NE(of_meeting.stream, nullptr);
  EXPECT_EQ(skip_reason(zoom(Status::remote_error, 404, 3001), of_meeting), "meeting_gone");
  EXPECT_EQ(skip_reason(zoom(Status::remote_error, 404, 1001), of_user), "user_gone");
  EXPECT_EQ(skip_reason(zoom(Status::remote_error, 404, 0), of_user), "user_gone");
  EXPECT_EQ(skip_reason(zoom(Status::remote_error, 404, 0), of_meeting), "meeting_gone");
  EXPECT_EQ(skip_reason(zoom(Status::remote_error, 400, 3161), of_user), "user_unlicensed");
  EXPECT_EQ(skip_reason(zoom(Status::remote_error, 400, 200), of_user), "user_unlicensed");
  EXPECT_EQ(skip_reason(zoom(Status::remote_error, 400, 200), of_meeting), "not_permitted");
  Partition of_webinar;
  of_webinar.stream = zc::find_stream("webinar_registration_questions");
  of_webinar.parent_id = "w1";
  ASSERT_NE(of_webinar.stream, nullptr);
  EXPECT_EQ(skip_reason(zoom(Status::remote_error, 400, 3000), of_webinar), "no_registration");
  EXPECT_EQ(skip_reason(zoom(Status::remote_error, 400, 12702), of_webinar), "past_retention");
  // The same code on a meeting's summary (the catalog's unavailable_means).
  Partition of_summary;
  of_summary.stream = zc::find_stream("meeting_summaries");
  of_summary.parent_id = "m1";
  ASSERT_NE(of_summary.stream, nullptr);
  EXPECT_EQ(skip_reason(zoom(Status::remote_error, 404, 12702), of_summary), "no_summary");
}

TEST(PageErrorPolicy, CredentialScopeLimitAndCancelEndTheFetch) {
  Partition child;
  child.parent_id = "u1";
  child.page_token = "t";
  for (const Status status : {Status::auth_failed, Status::permission_denied, Status::rate_limited,
                              Status::cancelled, Status::invalid_argument}) {
    EXPECT_EQ(page_error_action(zoom(status, 0, 0), child), PageErrorAction::fail_fetch);
  }
  // A cancel wins over a skip.
  EXPECT_EQ(page_error_action(zoom(Status::cancelled, 404, 3001), child),
            PageErrorAction::fail_fetch);
  EXPECT_EQ(page_error_action(zoom(Status::remote_error, 500, 0), child),
            PageErrorAction::fail_partition);
}

}  // namespace
