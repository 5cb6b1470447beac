#include "fetch/active_hosts.hpp"

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/value.hpp>

#include "fetch/record_id.hpp"

namespace zc::fetch {
namespace {

namespace json = boost::json;

std::string window_key(std::string_view report, std::string_view from, std::string_view to) {
  std::string key(report);
  key += '|';
  key += from;
  key += '|';
  key += to;
  return key;
}

std::uint64_t count_of(const json::value* value) {
  if (value == nullptr) return 0;
  if (value->is_uint64()) return value->as_uint64();
  if (value->is_int64() && value->as_int64() > 0)
    return static_cast<std::uint64_t>(value->as_int64());
  return 0;
}

}  // namespace

ActiveHosts::ActiveHosts(const FetchRequest& request, const std::vector<std::string_view>& walked,
                         std::chrono::sys_days today)
    : request_(request) {
  if (!request.active_hosts_only) {
    off_ = "the request set active_hosts_only to false";
  } else {
    off_ = request.active_hosts_off;
  }
  for (const std::string_view name : walked) {
    const StreamDef* stream = find_stream(name);
    if (stream == nullptr || stream->active_hosts_report.empty()) continue;
    const StreamDef* report = find_stream(stream->active_hosts_report);
    if (report == nullptr) continue;  // the generator refuses such a catalog
    streams_.push_back(stream->name);
    skipped_by_stream_[stream->name] = 0;
    if (const StreamDef* parent = find_stream(stream->parent); parent != nullptr) {
      parent_listings_[parent->name] =
          parent->partition_values.empty() ? 1 : parent->partition_values.size();
    }
    // The windows the planner walks for this stream.
    const StreamRequest* requested = request.find(stream->name);
    const DateRange range =
        requested != nullptr && requested->range ? *requested->range : request.default_range;
    for (const DateRange& dates : month_windows(range)) {
      const std::string from = format_date(dates.from);
      const std::string to = format_date(dates.to);
      Window& window = windows_[window_key(report->name, from, to)];
      window.report = report;
      window.from = from;
      window.to = to;
      window.streams.push_back(stream->name);
      const auto earliest = today - std::chrono::days{report->history_days};
      if (report->history_days > 0 && dates.from < earliest) {
        window.step = Window::Step::decided;
        window.reason = "Zoom keeps the active-hosts report for " +
                        std::to_string(report->history_days) + " days only";
      }
    }
  }
}

void ActiveHosts::note_parent_page(const Partition& parent, std::uint64_t total_records,
                                   std::size_t records_on_page) {
  if (!off_.empty() || parent.depth != 0 || !parent_listings_.contains(parent.stream->name)) {
    return;
  }
  const std::uint64_t total = std::max<std::uint64_t>(total_records, records_on_page);
  std::lock_guard lock(mutex_);
  std::uint64_t& known = parent_totals_[parent.key];
  known = std::max(known, total);
}

bool ActiveHosts::keep(const Partition& child, const GetPage& get_page) {
  if (!off_.empty() || child.stream->active_hosts_report.empty()) return true;
  std::unique_lock lock(mutex_);
  const auto found = windows_.find(
      window_key(child.stream->active_hosts_report, child.window_from, child.window_to));
  if (found == windows_.end()) return true;
  Window& window = found->second;
  read_done_.wait(lock, [&] { return window.step != Window::Step::reading; });
  if (window.step == Window::Step::unread) {
    window.step = Window::Step::reading;
    std::uint64_t parents = 0;
    for (const auto& [key, total] : parent_totals_) parents += total;
    std::size_t listings = 0;
    for (const auto& [name, count] : parent_listings_) listings += count;
    const bool all_known = parent_totals_.size() >= listings;
    lock.unlock();
    Decision decision;
    try {
      // Only step and the results change after construction: reading the
      // window's dates and streams without the lock is safe.
      decision = read_report(window, std::max<std::uint64_t>(parents, 1), all_known, get_page);
    } catch (...) {
      lock.lock();
      window.step = Window::Step::decided;
      window.reason = "the report could not be read";
      read_done_.notify_all();
      throw;
    }
    lock.lock();
    window.pruned = decision.pruned;
    window.reason = std::move(decision.reason);
    window.hosts = std::move(decision.hosts);
    window.step = Window::Step::decided;
    read_done_.notify_all();
  }
  if (!window.pruned || window.hosts.contains(child.parent_id)) return true;
  ++window.parents_skipped;
  ++skipped_by_stream_[child.stream->name];
  return false;
}

ActiveHosts::Decision ActiveHosts::read_report(const Window& window, std::uint64_t parents,
                                               bool all_known, const GetPage& get_page) {
  Decision out;
  const std::uint64_t walks_per_parent = window.streams.size();
  // The report costs at least one request; it cannot pay for itself when
  // at most one walk could be left out. Until every parent listing has said
  // how many parents there are, the report is read in full: misjudging the
  // cost then adds at most its pages, never loses a record.
  if (all_known && walks_per_parent * parents <= 1) {
    out.reason = "one walk at most could be left out: the report would cost as much";
    return out;
  }
  const StreamDef& report = *window.report;
  const int size =
      std::min(report.page_size_max, request_.page_size.value_or(report.page_size_max));
  std::string base = std::string(report.path) + "?from=" + window.from + "&to=" + window.to +
                     "&page_size=" + std::to_string(size);
  if (!report.fixed_query.empty()) base += "&" + std::string(report.fixed_query);

  std::unordered_set<std::string> seen_tokens;
  std::string token;
  for (bool first = true;; first = false) {
    std::string target = base;
    if (!token.empty()) target += "&next_page_token=" + percent_encode(token);
    auto page = get_page(target, report.category, report_counters_);
    if (!page) {
      out.reason = "the report could not be read: " + page.error().message;
      return out;
    }
    const json::value* list = page->if_contains(report.array_key);
    if (list == nullptr || !list->is_array()) {
      out.reason = "Zoom's report answer has no \"" + std::string(report.array_key) + "\" list";
      return out;
    }
    for (const json::value& element : list->as_array()) {
      std::string id =
          element.is_object() ? record_id(element.as_object(), report.primary_key) : std::string();
      if (id.empty()) {
        out.reason = "Zoom's report names a host without an id";
        return out;
      }
      out.hosts.insert(std::move(id));
    }
    report_counters_.pages++;
    report_counters_.records += list->as_array().size();

    std::string next;
    if (const json::value* value = page->if_contains("next_page_token");
        value != nullptr && value->is_string()) {
      next = value->as_string();
    }
    if (next.empty()) {
      out.pruned = true;
      return out;
    }
    if (next == token || !seen_tokens.insert(next).second) {
      out.reason = "Zoom repeated a next_page_token in the report";
      return out;
    }
    // After the first page Zoom says how many hosts there are: reading the
    // rest is worth it only when it leaves out more walks than it costs.
    if (const std::uint64_t hosts = count_of(page->if_contains("total_records"));
        first && all_known && hosts > 0) {
      const auto usize = static_cast<std::uint64_t>(size);
      const std::uint64_t pages = std::max<std::uint64_t>((hosts + usize - 1) / usize, 2);
      const std::uint64_t saves = parents > hosts ? walks_per_parent * (parents - hosts) : 0;
      if (pages - 1 >= saves) {
        out.reason = "the report names " + std::to_string(hosts) + " hosts of about " +
                     std::to_string(parents) + " users: its other " + std::to_string(pages - 1) +
                     " page(s) would cost more calls than they save";
        return out;
      }
    }
    token = std::move(next);
  }
}

json::object ActiveHosts::summary() const {
  std::lock_guard lock(mutex_);
  json::array streams;
  for (const std::string_view name : streams_) streams.emplace_back(name);
  json::array windows;
  std::uint64_t skipped = 0;
  std::size_t pruned = 0;
  std::size_t decided = 0;
  for (const auto& [key, window] : windows_) {
    if (window.step != Window::Step::decided) continue;
    ++decided;
    json::object entry{{"report", window.report->name},
                       {"from", window.from},
                       {"to", window.to},
                       {"pruned", window.pruned}};
    if (window.pruned) {
      ++pruned;
      entry["hosts"] = window.hosts.size();
      entry["parents_skipped"] = window.parents_skipped;
    } else {
      entry["reason"] = window.reason;
    }
    skipped += window.parents_skipped;
    windows.push_back(std::move(entry));
  }
  json::object by_stream;
  for (const auto& [name, count] : skipped_by_stream_) by_stream[name] = count;

  std::string note;
  std::string names;
  for (const std::string_view name : streams_)
    names += (names.empty() ? "" : ", ") + std::string(name);
  if (!off_.empty()) {
    note = "off: " + off_ + "; " + names + " walked every parent";
  } else if (decided == 0) {
    note = "on: " + names + " walk only the hosts Zoom's active-hosts report names per window";
  } else {
    note = "on: " + names + " walked only the hosts Zoom's active-hosts report names in " +
           std::to_string(pruned) + " of " + std::to_string(decided) + " window(s), leaving out " +
           std::to_string(skipped) + " parent walk(s)";
    if (pruned < decided) note += "; the other windows walked every parent (see their reason)";
  }
  return json::object{{"active_hosts_only", request_.active_hosts_only},
                      {"applied", off_.empty() && pruned > 0},
                      {"note", note},
                      {"streams", std::move(streams)},
                      {"parents_skipped", skipped},
                      {"parents_skipped_by_stream", std::move(by_stream)},
                      {"report_requests", report_counters_.requests.load()},
                      {"windows", std::move(windows)}};
}

}  // namespace zc::fetch
