// A crash soak: host_sim fetching users -> meetings -> participants into a
// file is killed with SIGKILL at random moments (seeded) and started again
// from its checkpoint until the fetch completes. Each resume starts where
// the crash left off (the checkpoint's frontier), so progress outruns the
// kills: it completes within a bounded number of runs, and every record is
// in the file exactly once.
#include <algorithm>
#include <iostream>
#include <iterator>
#include <random>

#include "fetch_fixture.hpp"

namespace host_sim_test {
namespace {

namespace json = boost::json;

constexpr int k_seed = 20261201;
constexpr int k_max_runs = 150;

class CrashSoak : public FetchFixture {
 protected:
  zoom_sim::Options sim_options() const override {
    zoom_sim::Options options = simulator_options();
    options.sizes.users = 120;
    options.sizes.hosting_percent = 100;  // 3,960 records: many kills before it completes
    return options;
  }
  std::vector<std::string> soak_fetch(const std::filesystem::path& file,
                                      const std::string& credential) {
    return command("fetch", {"--credential", credential, "--streams",
                             "users,meetings,past_meeting_participants", "--output", file.string(),
                             "--request", R"({"plan":"business","rate_share":1})"});
  }
};

// One key per record line: stream, primary key and parent (a participant is
// in many meetings). Fails the test on a broken line.
std::vector<std::string> sorted_keys(const std::filesystem::path& file) {
  const std::string text = read_all(file);
  EXPECT_TRUE(text.empty() || text.back() == '\n') << "the file ends inside a line";
  std::vector<std::string> keys;
  for (const auto& line : lines_of(text)) {
    boost::system::error_code ec;
    const json::value value = json::parse(line, ec);
    if (ec || !value.is_object() || !value.as_object().contains("record")) {
      ADD_FAILURE() << "a broken line: " << line.substr(0, 200);
      continue;
    }
    const json::object& record = value.at("record").as_object();
    std::string key = std::string(value.at("stream").as_string()) + " ";
    for (const char* field : {"uuid", "user_id", "id"}) {
      if (const auto* id = record.if_contains(field); id != nullptr && id->is_string()) {
        key += std::string(id->as_string());
        break;
      }
    }
    if (const auto* parent = record.if_contains("_parent_id")) {
      key += " @" + std::string(parent->as_string());
    }
    keys.push_back(std::move(key));
  }
  std::ranges::sort(keys);
  return keys;
}

TEST_F(CrashSoak, KilledEveryFewHundredMillisecondsItStillCompletesWithEveryRecordOnce) {
  add_credential("reference");
  const auto reference_file = dir_ / "reference.jsonl";
  const auto clean_start = std::chrono::steady_clock::now();
  ASSERT_EQ(run(soak_fetch(reference_file, "reference")), 0) << read_all(err_);
  const double clean_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - clean_start).count();
  const auto reference = sorted_keys(reference_file);
  ASSERT_GT(reference.size(), 3000u);
  ASSERT_EQ(std::ranges::adjacent_find(reference), reference.end()) << "records are unique";

  std::mt19937 random(k_seed);
  std::uniform_int_distribution<int> delay_ms(300, 1500);
  const auto file = dir_ / "records.jsonl";
  int runs = 0;
  int kills = 0;
  bool finished = false;
  while (!finished && runs < k_max_runs) {
    ++runs;
    HostProcess host(soak_fetch(file, "c"), Stdout{(dir_ / "stdout").string(), -1}, err_.string());
    const auto kill_at =
        std::chrono::steady_clock::now() + std::chrono::milliseconds(delay_ms(random));
    int code = -1;
    if (host.exited_before(kill_at, code)) {
      ASSERT_EQ(code, 0) << read_all(err_);
      finished = true;
    } else {
      host.kill_hard();
      ++kills;
      // Killed after its last record and checkpoint: the fetch is done (run
      // again, it would be a new fetch).
      finished = read_all(file).ends_with('\n') && sorted_keys(file) == reference;
    }
  }
  std::cout << "unkilled run: " << clean_s << " s; killed " << kills << " times in " << runs
            << " runs, " << (finished ? "then it completed" : "and it did not complete") << "\n";
  ASSERT_TRUE(finished) << "not complete after " << runs << " runs (" << kills << " kills)";
  EXPECT_GE(kills, 3) << "the fetch ended before it could be killed often enough";

  const auto got = sorted_keys(file);
  std::vector<std::string> missing;
  std::vector<std::string> extra;
  std::ranges::set_difference(reference, got, std::back_inserter(missing));
  std::ranges::set_difference(got, reference, std::back_inserter(extra));
  EXPECT_TRUE(missing.empty() && extra.empty())
      << got.size() << " records, wanted " << reference.size() << "; " << missing.size()
      << " missing (first: " << (missing.empty() ? "" : missing[0]) << "), " << extra.size()
      << " extra (first: " << (extra.empty() ? "" : extra[0]) << ")";
}

}  // namespace
}  // namespace host_sim_test
