// A fetch that stops at a random point resumes from its last checkpoint:
// the records up to that checkpoint plus the resumed run equal one clean
// run, with none lost and none twice.
#include <gtest/gtest.h>

#include <random>

#include "fetch_support.hpp"

namespace {

using fetch_test::Outcome;
using fetch_test::run_fetch;

constexpr const char* k_streams =
    R"("plan":"business","rate_share":1,"streams":["users","meetings","past_meeting_participants","groups"],"page_size":7)";

class Resume : public ::testing::TestWithParam<int> {};

TEST_P(Resume, UnionOfInterruptedAndResumedRunsEqualsOneCleanRun) {
  zoom_sim::Simulator sim(fetch_test::small_account());
  auto built = zc_test::build(zc_test::sim_credential(sim), zc_test::sim_options(sim));
  const std::string request = std::string("{") + k_streams + "}";
  const Outcome clean = run_fetch(*built.connector, request);
  ASSERT_FALSE(clean.error) << clean.error->message;

  std::mt19937 random(static_cast<unsigned>(GetParam()));
  const std::size_t stop_at =
      std::uniform_int_distribution<std::size_t>(1, clean.records - 1)(random);

  // First run: the host pulls `stop_at` records, then goes away.
  std::vector<std::pair<std::string, std::string>> arrivals;  // (stream, id)
  std::vector<std::pair<std::size_t, std::string>> states;
  {
    auto stream = built.connector->fetch(request, fetch_test::fast_settings());
    ASSERT_TRUE(stream);
    while (arrivals.size() < stop_at) {
      auto item = (*stream)->next();
      ASSERT_TRUE(item) << item.error().message;
      ASSERT_NE(item->kind, zc::FetchItem::Kind::end);
      if (item->kind == zc::FetchItem::Kind::record) {
        const std::string name(item->stream);
        arrivals.emplace_back(name, fetch_test::record_key(name, std::string(item->json)));
      } else if (item->kind == zc::FetchItem::Kind::state) {
        states.emplace_back(arrivals.size(), std::string(item->json));
      }
    }
  }  // closing the stream stops its workers

  // The host kept what came before its last checkpoint.
  std::map<std::string, std::vector<std::string>> kept;
  std::string state = "null";
  if (!states.empty()) {
    for (std::size_t i = 0; i < states.back().first; ++i) {
      kept[arrivals[i].first].push_back(arrivals[i].second);
    }
    state = states.back().second;
  }

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
