// Runs fetches against the simulator and collects what the host would see.
#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/stream_table.hpp"
#include "fetch/start_fetch.hpp"
#include "sim_connector.hpp"

namespace fetch_test {

struct Outcome {
  std::map<std::string, std::vector<std::string>> ids;      // stream -> primary keys, in order
  std::vector<std::pair<std::size_t, std::string>> states;  // (records before it, state)
  std::size_t records = 0;
  std::optional<boost::json::object> summary;
  std::optional<zc::Error> error;  // the fetch's final error, if any

  std::set<std::string> id_set(const std::string& stream) const {
    const auto it = ids.find(stream);
    return it == ids.end() ? std::set<std::string>{}
                           : std::set<std::string>(it->second.begin(), it->second.end());
  }
  std::size_t count(const std::string& stream) const {
    const auto it = ids.find(stream);
    return it == ids.end() ? 0 : it->second.size();
  }
  std::uint64_t summary_stream_count(const std::string& stream, const char* field) const {
    return summary->at("streams")
        .as_object()
        .at(stream)
        .as_object()
        .at(field)
        .to_number<std::uint64_t>();
  }
};

inline std::string record_key(const std::string& stream, const std::string& json) {
  const auto record = boost::json::parse(json).as_object();
  const zc::StreamDef* spec = zc::find_stream(stream);
  const auto& id = record.at(spec->primary_key);
  std::string key = id.is_string() ? std::string(id.as_string()) : boost::json::serialize(id);
  // A report's user appears once per window: the window is part of its key.
  if (stream == "report_users") key += "@" + std::string(record.at("_window_from").as_string());
  // An attendee's answers (poll results, Q&A) appear once per meeting or
  // webinar: the catalog keys them by e-mail and _parent_id.
  if (spec->primary_key == "email") key += "@" + std::string(record.at("_parent_id").as_string());
  return key;
}

// Settings that make tests quick: short backoff, a checkpoint after every page.
inline zc::fetch::FetchSettings fast_settings() {
  zc::fetch::FetchSettings settings;
  settings.retry.base_delay = std::chrono::milliseconds(5);
  settings.retry.max_delay = std::chrono::milliseconds(50);
  settings.retry.max_attempts = 10;
  settings.checkpoint_interval = std::chrono::milliseconds(0);
  return settings;
}

// Pulls until the end; `on_record` sees the running record count.
inline Outcome run_fetch(zc::ZoomConnector& connector, const std::string& request,
                         zc::fetch::FetchSettings settings = fast_settings(),
                         const std::function<void(std::size_t)>& on_record = {}) {
  Outcome out;
  auto stream = connector.fetch(request, settings);
  if (!stream) {
    out.error = stream.error();
    return out;
  }
  while (true) {
    auto item = (*stream)->next();
    if (!item) {
      out.error = item.error();
      break;
    }
    if (item->kind == zc::FetchItem::Kind::end) break;
    if (item->kind == zc::FetchItem::Kind::record) {
      const std::string stream_name(item->stream);
      out.ids[stream_name].push_back(record_key(stream_name, std::string(item->json)));
      ++out.records;
      if (on_record) on_record(out.records);
    } else if (item->kind == zc::FetchItem::Kind::state) {
      out.states.emplace_back(out.records, std::string(item->json));
    } else if (item->kind == zc::FetchItem::Kind::summary) {
      out.summary = boost::json::parse(item->json).as_object();
    }
  }
  return out;
}

// What a host that pulls `stop_at` records and then goes away saw: each
// record's (stream, key), and each state with the records before it.
struct Interrupted {
  std::vector<std::pair<std::string, std::string>> arrivals;
  std::vector<std::pair<std::size_t, std::string>> states;

  // What the host kept (the records its last checkpoint covers, by stream)
  // and that checkpoint ("null" when none came).
  std::string kept_before_last_state(std::map<std::string, std::vector<std::string>>& kept) const {
    if (states.empty()) return "null";
    for (std::size_t i = 0; i < states.back().first; ++i) {
      kept[arrivals[i].first].push_back(arrivals[i].second);
    }
    return states.back().second;
  }
};

// Fails the test (ASSERT) on an error or an early end; closing the stream
// at the end stops its workers.
inline void pull_then_leave(zc::ZoomConnector& connector, const std::string& request,
                            std::size_t stop_at, Interrupted& out) {
  auto stream = connector.fetch(request, fast_settings());
  ASSERT_TRUE(stream);
  while (out.arrivals.size() < stop_at) {
    auto item = (*stream)->next();
    ASSERT_TRUE(item) << item.error().message;
    ASSERT_NE(item->kind, zc::FetchItem::Kind::end);
    if (item->kind == zc::FetchItem::Kind::record) {
      const std::string name(item->stream);
      out.arrivals.emplace_back(name, record_key(name, std::string(item->json)));
    } else if (item->kind == zc::FetchItem::Kind::state) {
      out.states.emplace_back(out.arrivals.size(), std::string(item->json));
    }
  }
}

inline void expect_no_duplicates(const Outcome& out) {
  for (const auto& [stream, ids] : out.ids) {
    EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), ids.size())
        << "duplicates in " << stream;
  }
}

// Small but many-paged: a page size of 7 forces several pages per walk.
inline zoom_sim::Options small_account() {
  zoom_sim::Options options;
  options.sizes.users = 40;
  options.sizes.meetings_per_user = 4;
  options.sizes.webinars_per_user = 2;
  options.sizes.recordings_per_user = 2;
  options.sizes.participants_per_meeting = 9;
  options.sizes.groups = 11;
  options.sizes.phone_users = 15;
  options.sizes.call_logs_per_phone_user = 5;
  options.rate_limit = false;
  return options;
}

inline std::set<std::string> expected_users(const zoom_sim::Dataset& ds) {
  std::set<std::string> out;
  for (const auto& u : ds.users) out.insert(u.id);
  return out;
}

inline std::set<std::string> expected_meetings(const zoom_sim::Dataset& ds) {
  std::set<std::string> out;
  for (const auto& m : ds.meetings) out.insert(m.uuid);
  return out;
}

inline std::set<std::string> expected_past_participants(const zoom_sim::Dataset& ds) {
  std::set<std::string> out;
  for (const auto& m : ds.meetings) {
    if (!m.past) continue;
    for (auto p : m.participants) out.insert(ds.participants[p].user_id);
  }
  return out;
}

// A test with its own simulator account (small_account() unless a subclass
// passes other options) and a connector built against it.
class SimAccountTest : public ::testing::Test {
 protected:
  explicit SimAccountTest(zoom_sim::Options options = small_account())
      : sim_(std::move(options)),
        built_(zc_test::build(zc_test::sim_credential(sim_), zc_test::sim_options(sim_))) {}

  zc::ZoomConnector& connector() { return *built_.connector; }
  const zoom_sim::Dataset& ds() const { return sim_.dataset(); }

  zoom_sim::Simulator sim_;
  zc_test::Built built_;
};

}  // namespace fetch_test
