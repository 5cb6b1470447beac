// A fetch that stops at a random point resumes from its last checkpoint:
// the records up to that checkpoint plus the resumed run equal one clean
// run, with none lost and none twice. The fetch includes children of each
// kind the catalog adds for them: a list or one object per answer, not
// paged, pruned by a parent's start time or type, by a webinar's number or
// UUID. (Checkpoints after every page grow with the partitions: the account
// is smaller than small_account so that the test takes no longer.)
#include <gtest/gtest.h>

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

}  // namespace
