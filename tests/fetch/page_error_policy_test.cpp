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

TEST(PageErrorPolicy, AGoneOrUnlicensedParentSkipsOnlyAChildPartition) {
  Partition child;
  child.parent_id = "u1";
  Partition top;
  for (const Error& error :
       {zoom(Status::remote_error, 404, 3001), zoom(Status::remote_error, 400, 3161),
        zoom(Status::remote_error, 400, 200), zoom(Status::remote_error, 404, 1001),
        zoom(Status::remote_error, 404, 0)}) {
    EXPECT_EQ(page_error_action(error, child), PageErrorAction::skip_partition)
        << error.remote_code;
    EXPECT_EQ(page_error_action(error, top), PageErrorAction::fail_partition) << error.remote_code;
  }
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
