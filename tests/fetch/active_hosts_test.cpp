// Active-host pruning without a network: which child partitions are kept for
// a scripted report, what the report costs, and when pruning stays off.
#include "fetch/active_hosts.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <deque>

#include "fetch/partition_planner.hpp"

namespace {

using namespace std::chrono;
namespace json = boost::json;
using zc::fetch::ActiveHosts;
using zc::fetch::FetchRequest;
using zc::fetch::Partition;
using zc::fetch::PartitionPlanner;

const sys_days k_today = sys_days{2026y / 11 / 29};
const system_clock::time_point k_now = k_today + 12h;

// A report that answers scripted pages (or errors) and notes each target.
struct FakeReport {
  std::deque<zc::Result<json::object>> pages;
  std::vector<std::string> targets;

  ActiveHosts::GetPage get_page() {
    return [this](const std::string& target, zc::RateCategory category,
                  zc::fetch::StreamCounters& counters) -> zc::Result<json::object> {
      targets.push_back(target);
      EXPECT_EQ(category, zc::RateCategory::heavy);
      counters.requests++;
      if (pages.empty()) return zc::fail(zc::Status::remote_error, "no more pages scripted");
      auto page = std::move(pages.front());
      pages.pop_front();
      return page;
    };
  }
  void add(const std::string& page) { pages.emplace_back(json::parse(page).as_object()); }
};

struct Account {
  FetchRequest request;
  std::unique_ptr<PartitionPlanner> planner;
  std::unique_ptr<ActiveHosts> hosts;
  std::vector<Partition> listings;  // users by status
  Partition users;                  // users|status=active

  explicit Account(const std::string& json_request, std::string off = "") {
    auto parsed = zc::fetch::parse_fetch_request(json_request, k_today);
    EXPECT_TRUE(parsed) << parsed.error().message;
    request = *parsed;
    request.active_hosts_off = std::move(off);
    planner = std::make_unique<PartitionPlanner>(request, k_now);
    hosts = std::make_unique<ActiveHosts>(request, planner->walked_streams(), k_today);
    listings = planner->top_level();
    users = listings.at(0);
  }
  // The first page of each users listing: `total` active users, no others.
  void users_page(int total, bool every_listing = true) {
    for (const Partition& listing : listings) {
      if (listing.stream->name != "users" || (!every_listing && listing.key != users.key)) continue;
      const int n = listing.key == users.key ? total : 0;
      hosts->note_parent_page(listing, static_cast<std::uint64_t>(n), 0);
    }
  }
  // The child partitions of user `id`.
  std::vector<Partition> children_of(const std::string& id) const {
    std::vector<Partition> out;
    planner->add_children(users, json::parse(R"({"id":")" + id + "\"}").as_object(), out);
    return out;
  }
  // How many of user `id`'s child partitions are kept.
  std::size_t kept(const std::string& id, FakeReport& report) {
    std::size_t n = 0;
    for (const Partition& child : children_of(id)) n += hosts->keep(child, report.get_page());
    return n;
  }
};

const char* k_november = R"({"streams":["recordings"],"from":"2026-11-01","to":"2026-11-29"})";

TEST(ActiveHosts, WalksOnlyTheHostsTheReportNames) {
  Account setup(k_november);
  ASSERT_TRUE(setup.hosts->relevant());
  setup.users_page(4);
  FakeReport report;
  report.add(R"({"users":[{"id":"u1"},{"id":"u3"}],"next_page_token":"","total_records":2})");
  EXPECT_EQ(setup.kept("u1", report), 1u);
  EXPECT_EQ(setup.kept("u2", report), 0u);
  EXPECT_EQ(setup.kept("u3", report), 1u);
  EXPECT_EQ(setup.kept("u4", report), 0u);
  ASSERT_EQ(report.targets.size(), 1u) << "one report per window, read once";
  EXPECT_EQ(report.targets[0],
            "/report/users?from=2026-11-01&to=2026-11-29&page_size=300&type=active");
  const auto summary = setup.hosts->summary();
  EXPECT_EQ(summary.at("applied"), true);
  EXPECT_EQ(summary.at("parents_skipped"), 2);
  EXPECT_EQ(summary.at("parents_skipped_by_stream").at("recordings"), 2);
  EXPECT_EQ(summary.at("report_requests"), 1);
  const auto& window = summary.at("windows").at(0).as_object();
  EXPECT_EQ(window.at("pruned"), true);
  EXPECT_EQ(window.at("hosts"), 2);
}

TEST(ActiveHosts, ReadsEveryPageOfTheReport) {
  Account setup(
      R"({"streams":["recordings","report_meetings"],"from":"2026-11-01","page_size":2})");
  setup.users_page(40);
  FakeReport report;
  report.add(R"({"users":[{"id":"u1"},{"id":"u2"}],"next_page_token":"t/1","total_records":3})");
  report.add(R"({"users":[{"id":"u3"}],"next_page_token":""})");
  EXPECT_EQ(setup.kept("u3", report), 2u) << "recordings and report_meetings";
  EXPECT_EQ(setup.kept("u4", report), 0u);
  ASSERT_EQ(report.targets.size(), 2u) << "both streams share the window's report";
  EXPECT_EQ(report.targets[1],
            "/report/users?from=2026-11-01&to=2026-11-29&page_size=2&type=active"
            "&next_page_token=t%2F1");
  EXPECT_EQ(setup.hosts->summary().at("parents_skipped"), 2);
}

TEST(ActiveHosts, AReportThatWouldCostMoreThanItSavesIsNotReadToTheEnd) {
  Account setup(R"({"streams":["recordings"],"from":"2026-11-01","page_size":2})");
  setup.users_page(10);
  FakeReport report;
  // Ten hosts of ten users: four more pages would leave out no walk.
  report.add(R"({"users":[{"id":"u1"},{"id":"u2"}],"next_page_token":"t","total_records":10})");
  EXPECT_EQ(setup.kept("u7", report), 1u);
  EXPECT_EQ(report.targets.size(), 1u);
  const auto summary = setup.hosts->summary();
  EXPECT_EQ(summary.at("applied"), false);
  const auto& window = summary.at("windows").at(0).as_object();
  EXPECT_EQ(window.at("pruned"), false);
  EXPECT_NE(std::string(window.at("reason").as_string()).find("would cost more calls"),
            std::string::npos);
}

TEST(ActiveHosts, UntilEveryUsersListingHasSaidHowManyTheReportIsReadInFull) {
  Account setup(R"({"streams":["recordings"],"from":"2026-11-01","page_size":2})");
  setup.users_page(3, false);  // inactive and pending users not listed yet
  FakeReport report;
  report.add(R"({"users":[{"id":"u1"},{"id":"u2"}],"next_page_token":"t","total_records":3})");
  report.add(R"({"users":[{"id":"u3"}],"next_page_token":""})");
  EXPECT_EQ(setup.kept("u4", report), 0u);
  EXPECT_EQ(report.targets.size(), 2u);
  EXPECT_EQ(setup.hosts->summary().at("applied"), true);
}

TEST(ActiveHosts, OneUserAloneIsNotWorthTheReport) {
  Account setup(k_november);
  setup.users_page(1);
  FakeReport report;
  EXPECT_EQ(setup.kept("u1", report), 1u);
  EXPECT_TRUE(report.targets.empty());
}

TEST(ActiveHosts, AFailedOrOddReportWalksEveryParent) {
  for (const std::string& answer :
       {std::string("error"), std::string(R"({"hosts":[]})"),
        std::string(R"({"users":[{"email":"a@b"}]})"), std::string(R"({"users":["u1"]})"),
        std::string(R"({"users":[{"id":"u1"}],"next_page_token":"same"})")}) {
    SCOPED_TRACE(answer);
    Account setup(k_november);
    setup.users_page(30);
    FakeReport report;
    if (answer == "error") {
      report.pages.emplace_back(zc::fail(zc::Status::remote_error, "Zoom answered 500"));
    } else {
      report.add(answer);
      report.add(answer);  // a repeated token comes back
    }
    EXPECT_EQ(setup.kept("u2", report), 1u);
    EXPECT_EQ(setup.kept("u9", report), 1u);
    const auto summary = setup.hosts->summary();
    EXPECT_EQ(summary.at("applied"), false);
    EXPECT_EQ(summary.at("parents_skipped"), 0);
    EXPECT_FALSE(summary.at("windows").at(0).at("reason").as_string().empty());
  }
}

TEST(ActiveHosts, WindowsOlderThanTheReportWalkEveryParent) {
  // The report reaches back 183 days (2026-05-30); the first windows are older.
  Account setup(R"({"streams":["recordings"],"from":"2026-04-01","to":"2026-06-30"})");
  setup.users_page(30);
  FakeReport report;
  report.add(R"({"users":[{"id":"u1"}],"next_page_token":""})");
  std::size_t kept_old = 0;
  std::size_t kept_new = 0;
  for (const Partition& child : setup.children_of("u2")) {
    const bool kept = setup.hosts->keep(child, report.get_page());
    (child.window_from < "2026-05-30" ? kept_old : kept_new) += kept;
  }
  EXPECT_EQ(kept_old, 2u) << "April and May are walked for every user";
  EXPECT_EQ(kept_new, 0u) << "June was pruned";
  ASSERT_EQ(report.targets.size(), 1u) << "no report is asked for a window it cannot answer";
  EXPECT_NE(report.targets[0].find("from=2026-06-01"), std::string::npos) << report.targets[0];
}

TEST(ActiveHosts, OffWhenTheRequestSaysSoOrAScopeIsMissing) {
  for (const bool asked_off : {true, false}) {
    SCOPED_TRACE(asked_off);
    Account setup(asked_off ? R"({"streams":["recordings"],"active_hosts_only":false})"
                            : R"({"streams":["recordings"]})",
                  asked_off ? "" : "the token lacks report:read:admin");
    setup.users_page(30);
    FakeReport report;
    EXPECT_EQ(setup.kept("u2", report), 1u);
    EXPECT_TRUE(report.targets.empty());
    const auto summary = setup.hosts->summary();
    EXPECT_EQ(summary.at("applied"), false);
    EXPECT_EQ(summary.at("active_hosts_only"), !asked_off);
    const std::string note(summary.at("note").as_string());
    EXPECT_NE(note.find(asked_off ? "off: the request set active_hosts_only to false"
                                  : "off: the token lacks report:read:admin"),
              std::string::npos)
        << note;
  }
}

TEST(ActiveHosts, ScheduledMeetingsAndWebinarsAreNeverPruned) {
  Account setup(R"({"streams":["meetings","webinars"]})");
  EXPECT_FALSE(setup.hosts->relevant());
  FakeReport report;
  EXPECT_EQ(setup.kept("u2", report), 2u);
  EXPECT_TRUE(report.targets.empty());
}

}  // namespace
