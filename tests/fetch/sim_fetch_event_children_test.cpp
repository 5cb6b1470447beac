// The children of meetings and webinars (registrants, polls, poll results,
// registration questions, panelists, absentees, past participants, tracking
// sources, Q&A, webinar reports) against the simulator: each is called once
// per parent record that can have its records and never for the others
// (the catalog's parent_filter / parent_match), each call answers 200, and
// the summary counts the calls left out as partitions_pruned.
#include <gtest/gtest.h>

#include <chrono>
#include <map>

#include "fetch_support.hpp"

namespace {

namespace json = boost::json;

struct Expected {
  std::string endpoint;
  std::uint64_t calls = 0;
  std::uint64_t pruned = 0;
};

bool registration(int type) { return type == 2 || type == 8 || type == 5 || type == 9; }

// Per stream: its endpoint, and how many of the simulator's meetings or
// webinars can have its records (calls) and cannot (pruned).
std::map<std::string, Expected> expected(const zoom_sim::Dataset& ds,
                                         std::chrono::system_clock::time_point now) {
  std::map<std::string, Expected> out{
      {"meeting_registrants", {"GET /v2/meetings/{meetingId}/registrants"}},
      {"meeting_polls", {"GET /v2/meetings/{meetingId}/polls"}},
      {"meeting_poll_results", {"GET /v2/past_meetings/{meetingId}/polls"}},
      {"meeting_registration_questions", {"GET /v2/meetings/{meetingId}/registrants/questions"}},
      {"webinar_panelists", {"GET /v2/webinars/{webinarId}/panelists"}},
      {"webinar_registrants", {"GET /v2/webinars/{webinarId}/registrants"}},
      {"webinar_absentees", {"GET /v2/past_webinars/{webinarId}/absentees"}},
      {"webinar_polls", {"GET /v2/webinars/{webinarId}/polls"}},
      {"webinar_poll_results", {"GET /v2/past_webinars/{webinarId}/polls"}},
      {"webinar_registration_questions", {"GET /v2/webinars/{webinarId}/registrants/questions"}},
      {"webinar_tracking_sources", {"GET /v2/webinars/{webinarId}/tracking_sources"}},
      {"webinar_qna_results", {"GET /v2/past_webinars/{webinarId}/qa"}},
      {"report_webinars", {"GET /v2/report/webinars/{webinarId}"}},
      {"report_webinar_participants", {"GET /v2/report/webinars/{webinarId}/participants"}},
      {"past_webinar_participants", {"GET /v2/past_webinars/{webinarId}/participants"}},
  };
  auto count = [&](const std::string& stream, bool can_have) {
    ++(can_have ? out[stream].calls : out[stream].pruned);
  };
  for (const auto& m : ds.meetings) {
    count("meeting_registrants", registration(m.type));
    count("meeting_registration_questions", registration(m.type));
    count("meeting_polls", true);
    count("meeting_poll_results", m.past);
  }
  for (const auto& w : ds.webinars) {
    const bool held = w.start_time < std::chrono::floor<std::chrono::seconds>(now);
    for (const char* s :
         {"webinar_registrants", "webinar_registration_questions", "webinar_tracking_sources"}) {
      count(s, registration(w.type));
    }
    count("webinar_absentees", held && registration(w.type));
    for (const char* s : {"webinar_panelists", "webinar_polls"}) count(s, true);
    for (const char* s : {"webinar_poll_results", "webinar_qna_results", "report_webinars",
                          "report_webinar_participants", "past_webinar_participants"}) {
      count(s, held);
    }
  }
  return out;
}

TEST(SimFetchEventChildren, EachChildIsCalledOnlyForParentsThatCanHaveItsRecords) {
  // Small: every call is paced at Business limits.
  zoom_sim::Options options = fetch_test::small_account();
  options.sizes.users = 8;
  options.sizes.participants_per_meeting = 4;
  zoom_sim::Simulator sim(options);
  auto built = zc_test::build(zc_test::sim_credential(sim), zc_test::sim_options(sim));
  const auto now = std::chrono::system_clock::now();
  const auto want = expected(sim.dataset(), now);
  json::array names;
  for (const auto& [stream, e] : want) names.emplace_back(stream);
  const std::string request = json::serialize(
      json::object{{"plan", "business"}, {"rate_share", 1}, {"streams", std::move(names)}});

  const auto out = fetch_test::run_fetch(*built.connector, request);
  ASSERT_FALSE(out.error) << out.error->message;
  const auto stats = sim.stats();
  const auto& streams = out.summary->at("streams").as_object();
  for (const auto& [stream, e] : want) {
    SCOPED_TRACE(stream);
    const auto it = stats.per_endpoint.find(e.endpoint);
    const std::uint64_t calls = it == stats.per_endpoint.end() ? 0 : it->second;
    EXPECT_GT(e.calls, 0u) << "the account has parents with these records";
    const bool every_parent =
        stream == "meeting_polls" || stream == "webinar_polls" || stream == "webinar_panelists";
    EXPECT_EQ(e.pruned > 0, !every_parent)
        << "parents without these records, except for children every parent may have";
    EXPECT_EQ(calls, e.calls) << "one call per parent that can have records, none for the rest";
    const auto& summary = streams.at(stream).as_object();
    EXPECT_EQ(summary.at("partitions_pruned").to_number<std::uint64_t>(), e.pruned);
    EXPECT_EQ(summary.at("requests").to_number<std::uint64_t>(), e.calls);
    EXPECT_EQ(summary.at("partitions_skipped").to_number<std::uint64_t>(), 0u);
    EXPECT_GT(out.count(stream), 0u);
  }
  EXPECT_TRUE(out.summary->at("failed_partitions").as_array().empty());
  // Only users without the webinar licence are skipped (their webinars list answers 3161).
  for (const auto& skipped : out.summary->at("skipped_partitions").as_array()) {
    EXPECT_EQ(skipped.at("stream"), "webinars") << json::serialize(skipped);
  }
}

}  // namespace
