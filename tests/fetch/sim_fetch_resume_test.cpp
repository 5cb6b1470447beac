// A fetch that stops at a random point resumes from its last checkpoint:
// the records up to that checkpoint plus the resumed run equal one clean
// run, with none lost and none twice. The fetch includes children of each
// kind the catalog adds for them: a list or one object per answer, not
// paged, pruned by a parent's start time or type, by a webinar's number or
// UUID. (Checkpoints after every page grow with the partitions: the account
// is smaller than small_account so that the test takes no longer.)
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "fetch_support.hpp"

namespace {

using fetch_test::Outcome;
using fetch_test::run_fetch;

constexpr const char* k_streams =
    R"("plan":"business","rate_share":1,"streams":["users","meetings","past_meeting_participants","groups",)"
    R"("webinar_registration_questions","webinar_qna_results","recording_transcripts"],"page_size":7)";

class Resume : public ::testing::TestWithParam<int> {};

TEST_P(Resume, UnionOfInterruptedAndResumedRunsEqualsOneCleanRun) {
  zoom_sim::Options options = fetch_test::small_account();
  options.sizes.users = 24;
  zoom_sim::Simulator sim(options);
  auto built = zc_test::build(zc_test::sim_credential(sim), zc_test::sim_options(sim));
  const std::string request = std::string("{") + k_streams + "}";
  const Outcome clean = run_fetch(*built.connector, request);
  ASSERT_FALSE(clean.error) << clean.error->message;

  std::mt19937 random(static_cast<unsigned>(GetParam()));
  const std::size_t stop_at =
      std::uniform_int_distribution<std::size_t>(1, clean.records - 1)(random);

  // First run: the host pulls `stop_at` records, then goes away; it kept
  // what came before its last checkpoint.
  fetch_test::Interrupted first;
  fetch_test::pull_then_leave(*built.connector, request, stop_at, first);
  if (HasFatalFailure()) return;
  std::map<std::string, std::vector<std::string>> kept;
  const std::string state = first.kept_before_last_state(kept);

  const Outcome resumed =
      run_fetch(*built.connector, std::string("{") + k_streams + ",\"state\":" + state + "}");
  ASSERT_FALSE(resumed.error) << resumed.error->message;
  for (const auto& [name, ids] : resumed.ids)
    kept[name].insert(kept[name].end(), ids.begin(), ids.end());

  for (const auto& [name, ids] : clean.ids) {
    const auto& got = kept[name];
    EXPECT_EQ(std::set<std::string>(got.begin(), got.end()), clean.id_set(name))
        << name << " lost records";
    EXPECT_EQ(got.size(), ids.size())
        << name << ": records repeated or lost (stopped at " << stop_at << ")";
  }
}

INSTANTIATE_TEST_SUITE_P(RandomStopPoints, Resume, ::testing::Range(1, 5));

// Meetings, webinars and every child the catalog gives them (registrants,
// polls, poll results, registration questions, panelists, absentees,
// tracking sources, Q&A, webinar reports, past webinar participants), with a
// page size of 1 so that the paged children take several pages (a meeting
// has at most two approved registrants): stopped at random points again and
// again, each run resuming from the last one's checkpoint, the records kept
// equal one clean run. (Checked: it fails when the checkpoint forgets the
// partitions of registrants or of webinars' children.)
constexpr const char* k_event_streams =
    R"("plan":"business","rate_share":1,"page_size":1,"streams":["users","meetings","webinars",)"
    R"("meeting_registrants","meeting_polls","meeting_poll_results",)"
    R"("meeting_registration_questions","webinar_panelists","webinar_registrants",)"
    R"("webinar_absentees","webinar_polls","webinar_poll_results",)"
    R"("webinar_registration_questions","webinar_tracking_sources","webinar_qna_results",)"
    R"("report_webinars","report_webinar_participants","past_webinar_participants"])";

// Pulls up to `stop_at` records of one run (all of them when it ends first);
// true when it ended.
bool pull_up_to(zc::ZoomConnector& connector, const std::string& request, std::size_t stop_at,
                fetch_test::Interrupted& out) {
  auto stream = connector.fetch(request, fetch_test::fast_settings());
  EXPECT_TRUE(stream) << stream.error().message;
  if (!stream) return true;
  while (out.arrivals.size() < stop_at) {
    auto item = (*stream)->next();
    EXPECT_TRUE(item) << item.error().message;
    if (!item || item->kind == zc::FetchItem::Kind::end) return true;
    if (item->kind == zc::FetchItem::Kind::record) {
      const std::string name(item->stream);
      out.arrivals.emplace_back(name, fetch_test::record_key(name, std::string(item->json)));
    } else if (item->kind == zc::FetchItem::Kind::state) {
      out.states.emplace_back(out.arrivals.size(), std::string(item->json));
    }
  }
  return false;
}

class ResumeEventChildren : public ::testing::TestWithParam<int> {};

TEST_P(ResumeEventChildren, StoppedAgainAndAgainTheRecordsKeptEqualOneCleanRun) {
  zoom_sim::Options options = fetch_test::small_account();
  options.sizes.users = 6;
  options.sizes.meetings_per_user = 3;
  options.sizes.participants_per_meeting = 3;
  zoom_sim::Simulator sim(options);
  auto built = zc_test::build(zc_test::sim_credential(sim), zc_test::sim_options(sim));
  const std::string request = std::string("{") + k_event_streams + "}";
  const Outcome clean = run_fetch(*built.connector, request);
  ASSERT_FALSE(clean.error) << clean.error->message;
  fetch_test::expect_no_duplicates(clean);
  for (const char* child : {"meeting_registrants", "meeting_poll_results", "webinar_absentees",
                            "report_webinar_participants", "past_webinar_participants"}) {
    ASSERT_GT(clean.count(child), 0u) << child << ": the account has records of it";
  }

  // Up to ten stops, each at most a sixth of the records into its run; then
  // a run to the end. Each run starts from the checkpoint the last one kept.
  std::mt19937 random(static_cast<unsigned>(GetParam()));
  std::uniform_int_distribution<std::size_t> stop(1, std::max<std::size_t>(2, clean.records / 6));
  std::map<std::string, std::vector<std::string>> kept;
  std::string state = "null";
  int stops = 0;
  for (bool ended = false; !ended;) {
    const std::size_t stop_at = stops < 10 ? stop(random) : clean.records + 1;
    fetch_test::Interrupted run;
    const std::string resumed = std::string("{") + k_event_streams + ",\"state\":" + state + "}";
    ended = pull_up_to(*built.connector, resumed, stop_at, run);
    if (HasFailure()) return;
    if (ended) {
      for (const auto& [name, id] : run.arrivals) kept[name].push_back(id);
    } else {
      ++stops;
      // The host keeps what its last checkpoint covers; with none, the
      // checkpoint before stays.
      if (!run.states.empty()) state = run.kept_before_last_state(kept);
    }
  }
  EXPECT_GE(stops, 2) << "the fetch ended before it could be stopped often enough";

  for (const auto& [name, ids] : clean.ids) {
    const auto& got = kept[name];
    EXPECT_EQ(std::set<std::string>(got.begin(), got.end()), clean.id_set(name))
        << name << " lost records (" << stops << " stops)";
    EXPECT_EQ(got.size(), ids.size())
        << name << ": records repeated or lost (" << stops << " stops)";
  }
}

INSTANTIATE_TEST_SUITE_P(RandomStopPoints, ResumeEventChildren, ::testing::Range(1, 3));

}  // namespace
