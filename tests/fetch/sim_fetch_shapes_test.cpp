// Answers in shapes Zoom has been seen to send: each is handled (the fetch is
// exact) or ends as a clear per-partition error, never a crash, a hang or a
// walk that silently stops early.
#include <gtest/gtest.h>

#include "fetch_support.hpp"

namespace {

using fetch_test::run_fetch;
using K = zoom_sim::FaultKind;

constexpr const char* k_request =
    R"({"plan":"business","rate_share":1,"streams":["users","meetings","past_meeting_participants"],"page_size":7})";
constexpr const char* k_users_and_meetings =
    R"({"plan":"business","rate_share":1,"streams":["users","meetings"],"page_size":7})";

zoom_sim::FaultRule rule(K kind, std::vector<std::uint64_t> on_requests, double probability = 0,
                         std::string prefix = "/v2/") {
  zoom_sim::FaultRule r;
  r.kind = kind;
  r.on_requests = std::move(on_requests);
  r.probability = probability;
  r.path_prefix = std::move(prefix);
  return r;
}

void expect_exact(const fetch_test::Outcome& out, const zoom_sim::Dataset& ds) {
  ASSERT_FALSE(out.error) << out.error->message;
  fetch_test::expect_no_duplicates(out);
  EXPECT_EQ(out.id_set("users"), fetch_test::expected_users(ds));
  EXPECT_EQ(out.id_set("meetings"), fetch_test::expected_meetings(ds));
  EXPECT_EQ(out.id_set("past_meeting_participants"), fetch_test::expected_past_participants(ds));
}

fetch_test::Outcome fetch_with(std::vector<zoom_sim::FaultRule> rules,
                               const zoom_sim::Options& base, const char* request,
                               zoom_sim::Simulator** sim_out = nullptr) {
  auto options = base;
  options.faults.rules = std::move(rules);
  static std::unique_ptr<zoom_sim::Simulator> sim;
  sim = std::make_unique<zoom_sim::Simulator>(options);
  if (sim_out != nullptr) *sim_out = sim.get();
  auto built = zc_test::build(zc_test::sim_credential(*sim), zc_test::sim_options(*sim));
  return run_fetch(*built.connector, request);
}

// Walks that end in a failed partition: the fetch says so, retryably, and
// names the partition; it does not end as a success.
void expect_partition_failed(const fetch_test::Outcome& out, const std::string& words) {
  ASSERT_TRUE(out.error) << "a broken page must not pass for the last page";
  EXPECT_EQ(out.error->status, zc::Status::remote_error);
  EXPECT_TRUE(out.error->retryable);
  EXPECT_NE(out.error->message.find("could not be fetched"), std::string::npos)
      << out.error->message;
  EXPECT_NE(out.error->message.find(words), std::string::npos) << out.error->message;
}

TEST(SimFetchShapes, AMissingOrNullListOnAnEmptyPageIsTheEnd) {
  auto options = fetch_test::small_account();
  options.sizes.meetings_per_user = 0;  // every user's meetings page: total_records 0
  for (const K kind : {K::list_missing, K::list_null}) {
    zoom_sim::Simulator* sim = nullptr;
    const auto out =
        fetch_with({rule(kind, {}, 1.0, "/v2/users/")}, options, k_users_and_meetings, &sim);
    ASSERT_FALSE(out.error) << zoom_sim::to_string(kind) << ": " << out.error->message;
    EXPECT_EQ(out.id_set("users"), fetch_test::expected_users(sim->dataset()));
    EXPECT_EQ(out.count("meetings"), 0u);
    EXPECT_EQ(sim->stats().faults_by_kind.at(zoom_sim::to_string(kind)),
              sim->dataset().users.size());
  }
}

TEST(SimFetchShapes, AMissingOrNullListOnAPageWithRecordsFailsThatPartition) {
  for (const K kind : {K::list_missing, K::list_null}) {
    zoom_sim::Simulator* sim = nullptr;
    const auto out = fetch_with({rule(kind, {3}, 0, "/v2/users/")}, fetch_test::small_account(),
                                k_users_and_meetings, &sim);
    SCOPED_TRACE(zoom_sim::to_string(kind));
    expect_partition_failed(out, "no \"meetings\" list");
    // Every other partition came through whole.
    EXPECT_EQ(out.id_set("users"), fetch_test::expected_users(sim->dataset()));
    EXPECT_LT(out.count("meetings"), sim->dataset().meetings.size());
    EXPECT_GT(out.count("meetings"), 0u);
  }
}

TEST(SimFetchShapes, ANullNextPageTokenEndsTheWalkLikeAnEmptyOne) {
  zoom_sim::Simulator* sim = nullptr;
  const auto out =
      fetch_with({rule(K::page_token_null, {}, 1.0)}, fetch_test::small_account(), k_request, &sim);
  expect_exact(out, sim->dataset());
  EXPECT_GT(sim->stats().faults_by_kind.at("page_token_null"), 0u);
}

TEST(SimFetchShapes, NumbersAsStringsAndUnknownFieldsAreTakenAsTheyCome) {
  for (const K kind : {K::numbers_as_strings, K::extra_fields}) {
    SCOPED_TRACE(zoom_sim::to_string(kind));
    zoom_sim::Simulator* sim = nullptr;
    const auto out =
        fetch_with({rule(kind, {}, 1.0)}, fetch_test::small_account(), k_request, &sim);
    expect_exact(out, sim->dataset());
  }
}

TEST(SimFetchShapes, AnEmpty200OrA204IsRetriedToAnExactResult) {
  for (const K kind : {K::empty_200, K::no_content_204}) {
    SCOPED_TRACE(zoom_sim::to_string(kind));
    zoom_sim::Simulator* sim = nullptr;
    const auto out =
        fetch_with({rule(kind, {2, 9, 10, 30})}, fetch_test::small_account(), k_request, &sim);
    expect_exact(out, sim->dataset());
    EXPECT_EQ(sim->stats().faults_by_kind.at(zoom_sim::to_string(kind)), 4u);
  }
}

TEST(SimFetchShapes, AnEmptyAnswerThatNeverGoesAwayFailsItsPartition) {
  for (const K kind : {K::empty_200, K::no_content_204}) {
    SCOPED_TRACE(zoom_sim::to_string(kind));
    zoom_sim::Simulator* sim = nullptr;
    auto options = fetch_test::small_account();
    options.sizes.users = 2;  // each meetings walk is tried max_attempts times
    const auto out =
        fetch_with({rule(kind, {}, 1.0, "/v2/users/")}, options, k_users_and_meetings, &sim);
    expect_partition_failed(out, "an empty body where a page was expected");
    EXPECT_EQ(out.id_set("users"), fetch_test::expected_users(sim->dataset()));
    EXPECT_EQ(out.count("meetings"), 0u);
  }
}

TEST(SimFetchShapes, GzipCutShortOrWithItsLengthOffIsRetriedToAnExactResult) {
  for (const K kind : {K::gzip_truncated, K::gzip_length_off}) {
    SCOPED_TRACE(zoom_sim::to_string(kind));
    zoom_sim::Simulator* sim = nullptr;
    const auto out =
        fetch_with({rule(kind, {1, 4, 5, 20})}, fetch_test::small_account(), k_request, &sim);
    expect_exact(out, sim->dataset());
    EXPECT_EQ(sim->stats().faults_by_kind.at(zoom_sim::to_string(kind)), 4u);
  }
}

TEST(SimFetchShapes, WholeGzipAnswersAreInflated) {
  // The client asks for gzip or deflate (CURLOPT_ACCEPT_ENCODING "").
  zoom_sim::Simulator* sim = nullptr;
  const auto out =
      fetch_with({rule(K::gzip_whole, {}, 1.0)}, fetch_test::small_account(), k_request, &sim);
  expect_exact(out, sim->dataset());
  EXPECT_GT(sim->stats().faults_by_kind.at("gzip_whole"), 10u);
}

}  // namespace
