#include "peer_modes.hpp"

#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "pipeline_plugin.hpp"
#include "process_figures.hpp"

namespace bench {
namespace {

namespace json = boost::json;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

pp::Connector connect(const pp::Plugin& plugin, const std::string& base) {
  const json::object credential{{"credential_name", "bench"},
                                {"account_id", "sim-account-id"},
                                {"client_id", "sim-client-id"},
                                {"client_secret", "sim-client-secret"},
                                {"validation_url", base + "/v2/users/me"}};
  const json::object options{{"oauth_url", base + "/oauth/token"},
                             {"api_base_url", base + "/v2"},
                             {"allow_insecure_loopback", true}};
  return plugin.create(json::serialize(credential), json::serialize(options));
}

json::object base_request(int concurrency) {
  return {{"plan", "business"}, {"rate_share", 1}, {"max_concurrency", concurrency}};
}

// FNV-1a of one record's text; summed over a stream, so order does not count.
std::uint64_t fnv1a(std::string_view text) {
  std::uint64_t hash = 1469598103934665603ull;
  for (const unsigned char c : text) hash = (hash ^ c) * 1099511628211ull;
  return hash;
}

void print(const json::object& line) { std::printf("%s\n", json::serialize(line).c_str()); }

int users(const pp::Plugin& plugin, const std::string& base) {
  auto connector = connect(plugin, base);
  json::object request = base_request(2);
  request["streams"] = json::array{"users"};
  const double cpu_before = cpu_seconds();
  const auto start = Clock::now();
  std::size_t records = 0;
  std::string status = "failed";
  std::string error;
  try {
    auto stream = connector.fetch(json::serialize(request));
    for (auto item = stream.next(); item.kind != PP_ITEM_END; item = stream.next()) {
      if (item.kind == PP_ITEM_RECORD) ++records;
      if (item.kind == PP_ITEM_SUMMARY) {
        status = json::parse(item.json).at("status").as_string();
      }
    }
  } catch (const std::exception& e) {
    error = e.what();
  }
  print({{"records", records},
         {"seconds", seconds_since(start)},
         {"cpu_s", cpu_seconds() - cpu_before},
         {"peak_rss_kib", peak_rss_kib()},
         {"finished", status == "ok"},
         {"error", error.substr(0, 200)}});
  return status == "ok" ? 0 : 1;
}

// The record with the simulator's own URL taken out: a recording's
// download_url names the port its simulator listens on, and the runs being
// compared each have their own simulator.
std::string without_origin(std::string_view record, const std::string& base) {
  std::string out;
  for (std::size_t at = 0;;) {
    const std::size_t found = base.empty() ? std::string_view::npos : record.find(base, at);
    out.append(
        record.substr(at, found == std::string_view::npos ? std::string_view::npos : found - at));
    if (found == std::string_view::npos) return out;
    out += "<simulator>";
    at = found + base.size();
  }
}

std::size_t pages(std::size_t n) { return n == 0 ? 1 : (n + 299) / 300; }

// Per stream, the calls the summary says were left out (partitions_pruned).
json::object pruned_counts(const json::object& summary, const json::array& names) {
  json::object out;
  for (const auto& name : names) {
    const auto& stream = summary.at("streams").at(name.as_string()).as_object();
    out[name.as_string()] =
        stream.contains("partitions_pruned") ? stream.at("partitions_pruned") : json::value(0);
  }
  return out;
}

// Per child stream, how many parents gave how many records: {"3": 12} is 12
// parents with 3 records each. peers.py needs it for the pages of paged
// children (ceil(n/300) each); the parents that gave none are in its own count.
json::object parent_histogram(
    const std::map<std::string, std::map<std::string, std::size_t>>& per_parent) {
  json::object out;
  for (const auto& [stream, parents] : per_parent) {
    if (stream == "users") continue;  // grouped by status, not by parent
    std::map<std::size_t, std::size_t> histogram;
    for (const auto& [parent, n] : parents) ++histogram[n];
    json::object counts;
    for (const auto& [n, how_many] : histogram) counts[std::to_string(n)] = how_many;
    out[stream] = std::move(counts);
  }
  return out;
}

int fanout(const pp::Plugin& plugin, const std::string& base, const std::string& streams,
           const std::string& prune) {
  auto connector = connect(plugin, base);
  json::object request = base_request(4);
  json::array names;
  std::stringstream list(streams);
  for (std::string name; std::getline(list, name, ',');) names.emplace_back(name);
  request["streams"] = names;
  if (prune != "-") request["active_hosts_only"] = prune == "on";

  std::map<std::string, std::size_t> records;
  std::map<std::string, std::uint64_t> digest;
  // Users are grouped by status (one listing each), children by parent.
  std::map<std::string, std::map<std::string, std::size_t>> per_parent;
  json::object summary;
  const auto start = Clock::now();
  auto stream = connector.fetch(json::serialize(request));
  for (auto item = stream.next(); item.kind != PP_ITEM_END; item = stream.next()) {
    if (item.kind == PP_ITEM_RECORD) {
      ++records[item.stream];
      digest[item.stream] += fnv1a(without_origin(item.json, base));
      const auto record = json::parse(item.json).as_object();
      const char* key = item.stream == "users" ? "status" : "_parent_id";
      if (const auto* parent = record.if_contains(key); parent && parent->is_string()) {
        ++per_parent[item.stream][std::string(parent->as_string())];
      }
    } else if (item.kind == PP_ITEM_SUMMARY) {
      summary = json::parse(item.json).as_object();
    }
  }
  json::object line{{"seconds", seconds_since(start)}, {"status", summary.at("status")}};
  json::object counts;
  json::object digests;
  json::object requests;
  for (const auto& name : names) {
    const std::string key(name.as_string());
    counts[key] = records[key];
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(digest[key]));
    digests[key] = hex;
    requests[key] = summary.at("streams").at(key).at("requests");
  }
  line["records"] = counts;
  line["digest"] = digests;
  line["requests"] = requests;
  line["pruned"] = pruned_counts(summary, names);
  line["records_per_parent"] = parent_histogram(per_parent);
  // The minimum the API allows for users + meetings + past participants:
  // ceil(n / 300) pages per listing and at least one request each. Users: one
  // listing per status; meetings: one per user; participants: one per past
  // meeting that has any (the engine only walks started meetings).
  const std::set<std::string> known{"users", "meetings", "past_meeting_participants"};
  bool all_known = true;
  for (const auto& name : names)
    all_known = all_known && known.contains(std::string(name.as_string()));
  if (all_known) {
    std::size_t minimum = 0;
    for (const char* status : {"active", "inactive", "pending"}) {
      minimum += pages(per_parent["users"][status]);
    }
    if (records.contains("meetings")) {
      minimum += records["users"];
      for (const auto& [parent, n] : per_parent["meetings"]) minimum += pages(n) - 1;
    }
    for (const auto& [parent, n] : per_parent["past_meeting_participants"]) minimum += pages(n);
    line["minimum"] = minimum;
  }
  print(line);
  return 0;
}

int tokens(const pp::Plugin& plugin, const std::string& base, int threads, double seconds) {
  auto connector = connect(plugin, base);
  json::object request = base_request(1);
  request["streams"] = json::array{"users"};
  const std::string text = json::serialize(request);
  std::atomic<std::size_t> fetches{0};
  std::atomic<std::size_t> records{0};
  std::atomic<std::size_t> failures{0};
  const auto deadline = Clock::now() + std::chrono::duration<double>(seconds);
  std::vector<std::jthread> workers;
  for (int i = 0; i < threads; ++i) {
    workers.emplace_back([&] {
      while (Clock::now() < deadline) {
        try {
          auto stream = connector.fetch(text);
          for (auto item = stream.next(); item.kind != PP_ITEM_END; item = stream.next()) {
            if (item.kind == PP_ITEM_RECORD) ++records;
          }
          ++fetches;
        } catch (const std::exception&) {
          ++failures;
        }
      }
    });
  }
  workers.clear();
  print({{"threads", threads},
         {"seconds", seconds},
         {"fetches", fetches.load()},
         {"records", records.load()},
         {"failures", failures.load()}});
  return failures == 0 ? 0 : 1;
}

int cold(const std::string& base) {
  auto start = Clock::now();
  const auto plugin = pp::Plugin::load(ZC_PLUGIN_PATH);
  const double load_ms = 1e3 * seconds_since(start);
  start = Clock::now();
  auto connector = connect(plugin, base);
  const double create_ms = 1e3 * seconds_since(start);
  start = Clock::now();
  connector.authenticate();
  const double authenticate_ms = 1e3 * seconds_since(start);
  start = Clock::now();
  const auto verdict = json::parse(connector.validate()).as_object();
  const double validate_ms = 1e3 * seconds_since(start);
  print({{"load_ms", load_ms},
         {"create_ms", create_ms},
         {"authenticate_ms", authenticate_ms},
         {"validate_ms", validate_ms},
         {"total_ms", load_ms + create_ms + authenticate_ms + validate_ms},
         {"verdict", verdict.contains("status") ? verdict.at("status") : json::value("?")}});
  return 0;
}

}  // namespace

bool is_peer_mode(const char* mode) {
  const std::string name = mode;
  return name == "users" || name == "fanout" || name == "tokens" || name == "cold";
}

int run_peer_mode(int argc, char** argv) {
  const std::string mode = argv[1];
  const std::vector<std::string> args(argv + 2, argv + argc);
  const auto need = [&](std::size_t n) {
    if (args.size() == n) return true;
    std::cerr << "fetch_bench " << mode << ": wrong arguments (see bench/peer_modes.hpp)\n";
    return false;
  };
  try {
    if (mode == "cold") return need(1) ? cold(args[0]) : 2;
    const auto plugin = pp::Plugin::load(ZC_PLUGIN_PATH);
    if (mode == "users") return need(1) ? users(plugin, args[0]) : 2;
    if (mode == "fanout") return need(3) ? fanout(plugin, args[0], args[1], args[2]) : 2;
    if (mode == "tokens") {
      return need(3) ? tokens(plugin, args[0], std::stoi(args[1]), std::stod(args[2])) : 2;
    }
  } catch (const std::exception& e) {
    std::cerr << "fetch_bench " << mode << ": " << e.what() << "\n";
    return 1;
  }
  return 2;
}

}  // namespace bench
