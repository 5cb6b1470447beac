// host_sim fetch --output FILE killed with SIGKILL at random moments and
// resumed each time: the file ends with every record exactly once and no
// broken line. A resume cuts the file back to its length at the checkpoint.
#include <algorithm>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <iterator>
#include <map>
#include <random>

#include "fetch_fixture.hpp"

namespace host_sim_test {
namespace {

std::vector<std::string> sorted_lines(const std::filesystem::path& file) {
  auto lines = lines_of(read_all(file));
  std::ranges::sort(lines);
  return lines;
}

// Sorted lines; fails the test on a line that is not a JSON object.
std::vector<std::string> sorted_records(const std::filesystem::path& file) {
  const std::string text = read_all(file);
  EXPECT_TRUE(text.empty() || text.back() == '\n') << "the file ends inside a line";
  auto lines = lines_of(text);
  for (const auto& line : lines) {
    boost::system::error_code ec;
    const auto value = boost::json::parse(line, ec);
    EXPECT_TRUE(!ec && value.is_object()) << "a broken line: " << line.substr(0, 200);
  }
  std::ranges::sort(lines);
  return lines;
}

class CrashResume : public FetchFixture {
 protected:
  // A fetch with `fetch_args` (--streams and the like) run once to the end
  // under another credential as the reference; then again and again into one
  // file, killed with SIGKILL a random `kill_after_ms` (from, to) after each
  // start, until a run ends; then the file must hold the reference's
  // records, each once.
  //
  // The plugin saves at most one checkpoint a second, so with kills after
  // 0.3 to 1.5 s some runs die before their first checkpoint, others after. --pace-ms (`pace_ms`)
  // makes a whole run take longer than that. The seed is fixed: with up to 2.5 s and a random seed,
  // a resume (cheap since the frontier) could finish the fetch after one kill now and then.
  void kill_at_random_moments(
      const std::vector<std::string>& fetch_args, int pace_ms, std::pair<int, int> kill_after_ms,
      const std::function<void(const std::vector<std::string>&)>& check_reference) {
    add_credential("reference");
    const auto reference_file = dir_ / "reference.jsonl";
    const auto fetch_of = [&](const std::string& credential, const std::filesystem::path& output) {
      std::vector<std::string> args{"--credential", credential, "--output", output.string()};
      args.insert(args.end(), fetch_args.begin(), fetch_args.end());
      return command("fetch", args);
    };
    ASSERT_EQ(run(fetch_of("reference", reference_file)), 0) << read_all(err_);
    const auto reference = sorted_records(reference_file);
    check_reference(reference);
    if (HasFailure()) return;
    ASSERT_EQ(std::ranges::adjacent_find(reference), reference.end()) << "records are unique";

    std::mt19937 random(20261201);
    std::uniform_int_distribution<int> delay_ms(kill_after_ms.first, kill_after_ms.second);
    const auto file = dir_ / "records.jsonl";
    const auto resumed_run = fetch_of("c", file);
    auto paced_run = resumed_run;
    paced_run.insert(paced_run.end(), {"--pace-ms", std::to_string(pace_ms)});
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(90);
    int kills = 0;
    bool finished = false;
    for (int round = 0; round < 40 && !finished && std::chrono::steady_clock::now() < deadline;
         ++round) {
      HostProcess host(paced_run, Stdout{(dir_ / "stdout").string(), -1}, err_.string());
      const auto kill_at =
          std::chrono::steady_clock::now() + std::chrono::milliseconds(delay_ms(random));
      int code = -1;
      if (host.exited_before(kill_at, code)) {
        ASSERT_EQ(code, 0) << read_all(err_);
        finished = true;
      } else {
        host.kill_hard();
        ++kills;
        // Killed after its last record and checkpoint: the fetch is done. (Run
        // again, it would be a rerun after a complete fetch, which replaces
        // the full-table streams.)
        finished = read_all(file).ends_with('\n') && sorted_lines(file) == reference;
      }
    }
    if (!finished) {
      ASSERT_EQ(run(resumed_run), 0) << read_all(err_);
    }
    std::cout << "killed " << kills << " times, "
              << (finished ? "then it finished" : "then ran to the end") << "\n";
    EXPECT_GE(kills, 2) << "the fetch ended before it could be killed often enough";
    const auto got = sorted_records(file);
    std::vector<std::string> missing, extra;
    std::ranges::set_difference(reference, got, std::back_inserter(missing));
    std::ranges::set_difference(got, reference, std::back_inserter(extra));
    EXPECT_TRUE(missing.empty() && extra.empty())
        << "after " << kills << " kills: " << got.size() << " records, wanted " << reference.size()
        << "; " << missing.size()
        << " missing (first: " << (missing.empty() ? "" : missing[0].substr(0, 160)) << "), "
        << extra.size() << " extra (first: " << (extra.empty() ? "" : extra[0].substr(0, 160))
        << ")";
    const std::string err = read_all(err_);
    EXPECT_EQ(err.find("Resuming from the saved checkpoint {"), std::string::npos) << err;
  }
};

TEST_F(CrashResume, KilledAtRandomMomentsLeavesEveryRecordExactlyOnce) {
  // About 6 s a whole run.
  kill_at_random_moments({"--streams", "users,meetings"}, 8, {300, 1500},
                         [&](const std::vector<std::string>& reference) {
                           EXPECT_EQ(reference.size(), expected_records());
                         });
}

// Meetings, webinars and the 15 children the catalog gives them, and the
// recordings' transcripts and the meetings' summaries, on a small account,
// one record a page so that registrants and participants page.
// (Checked: it fails when the checkpoint forgets the webinars' partitions.)
class CrashResumeEventChildren : public CrashResume {
 protected:
  zoom_sim::Options sim_options() const override {
    zoom_sim::Options options = simulator_options();
    options.sizes.users = 10;
    options.sizes.meetings_per_user = 3;
    options.sizes.webinars_per_user = 2;
    options.sizes.participants_per_meeting = 3;
    return options;
  }
};

TEST_F(CrashResumeEventChildren, KilledAtRandomMomentsLeavesEveryRecordExactlyOnce) {
  const std::vector<std::string> children{
      "meeting_registrants",      "meeting_polls",
      "meeting_poll_results",     "meeting_registration_questions",
      "webinar_panelists",        "webinar_registrants",
      "webinar_absentees",        "webinar_polls",
      "webinar_poll_results",     "webinar_registration_questions",
      "webinar_tracking_sources", "webinar_qna_results",
      "report_webinars",          "report_webinar_participants",
      "past_webinar_participants", "recordings",
      "recording_transcripts",    "meeting_summary_list",
      "meeting_summaries"};
  std::string streams = "users,meetings,webinars";
  for (const auto& child : children) streams += "," + child;
  // Business limits and 10 ms a record: about 2.5 s a whole run, 4 kills.
  kill_at_random_moments(
      {"--streams", streams, "--request", R"({"plan":"business","page_size":1})"}, 10, {600, 1500},
      [&](const std::vector<std::string>& reference) {
        std::map<std::string, std::size_t> per_stream;
        for (const auto& line : reference)
          ++per_stream[std::string(boost::json::parse(line).at("stream").as_string())];
        for (const auto& child : children) EXPECT_GT(per_stream[child], 0u) << child;
        EXPECT_EQ(per_stream["users"], sim_->dataset().users.size());
        EXPECT_EQ(per_stream["meetings"], sim_->dataset().meetings.size());
      });
}

}  // namespace
}  // namespace host_sim_test
