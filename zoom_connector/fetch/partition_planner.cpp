#include "fetch/partition_planner.hpp"

#include <algorithm>
#include <span>

#include "core/iso_time.hpp"
#include "core/path_segment.hpp"
#include "fetch/record_id.hpp"

namespace zc::fetch {
namespace {

namespace json = boost::json;

// A meeting from a list was held when its scheduled start is in the past.
bool started_before(const json::object& meeting, std::chrono::system_clock::time_point now) {
  const json::value* start = meeting.if_contains("start_time");
  if (start == nullptr || !start->is_string()) return false;
  const auto when = parse_iso_utc(start->as_string());
  // In seconds: a year like 4052 does not fit system_clock's nanoseconds.
  return when && *when < std::chrono::floor<std::chrono::seconds>(now);
}

// A record that names a file of the download child's type (a recording with
// a TRANSCRIPT among its recording_files).
bool has_download(const json::object& record, const StreamDef& child) {
  const json::value* files = record.if_contains(child.download_files);
  if (files == nullptr || !files->is_array()) return false;
  for (const json::value& file : files->as_array()) {
    const json::value* type =
        file.is_object() ? file.as_object().if_contains("file_type") : nullptr;
    if (type != nullptr && type->is_string() && type->as_string() == child.download_file_type) {
      return true;
    }
  }
  return false;
}

// The target of one partition: its path, its own query, then the paging.
std::string partition_target(std::string_view path, std::string_view query, const StreamDef& stream,
                             const FetchRequest& request) {
  const int size = std::min(stream.page_size_max, request.page_size.value_or(stream.page_size_max));
  std::string target(path);
  std::string joined(query);
  auto join = [&](std::string_view part) {
    if (part.empty()) return;
    if (!joined.empty()) joined += '&';
    joined += part;
  };
  // An endpoint that is not paged gets no page_size.
  if (stream.page_size_max > 0) join("page_size=" + std::to_string(size));
  join(stream.fixed_query);
  if (!joined.empty()) target += '?' + joined;
  return target;
}

bool feeds(std::span<const StreamDef> table, const std::vector<bool>& wanted,
           std::string_view parent) {
  for (std::size_t i = 0; i < table.size(); ++i) {
    if (table[i].parent == parent && (wanted[i] || feeds(table, wanted, table[i].name))) {
      return true;
    }
  }
  return false;
}

}  // namespace

PartitionPlanner::PartitionPlanner(const FetchRequest& request,
                                   std::chrono::system_clock::time_point now)
    : request_(request), now_(now) {
  const auto table = stream_table();
  wanted_.resize(table.size());
  feeds_.resize(table.size());
  children_.resize(table.size());
  for (std::size_t i = 0; i < table.size(); ++i) wanted_[i] = request_.wants(table[i].name);
  for (std::size_t i = 0; i < table.size(); ++i) feeds_[i] = feeds(table, wanted_, table[i].name);
  for (std::size_t i = 0; i < table.size(); ++i) {
    if (table[i].parent.empty() || !(wanted_[i] || feeds_[i])) continue;
    children_[index(*find_stream(table[i].parent))].push_back(&table[i]);
  }
}

std::size_t PartitionPlanner::index(const StreamDef& stream) {
  return static_cast<std::size_t>(&stream - stream_table().data());
}

std::vector<std::string_view> PartitionPlanner::walked_streams() const {
  std::vector<std::string_view> out;
  for (const StreamDef& stream : stream_table()) {
    if (wanted(stream) || feeds_children(stream)) out.push_back(stream.name);
  }
  return out;
}

std::vector<Partition> PartitionPlanner::top_level() const {
  std::vector<Partition> out;
  for (const StreamDef& stream : stream_table()) {
    if (!stream.parent.empty() || !(wanted(stream) || feeds_children(stream))) continue;
    if (stream.partition_values.empty()) {
      add(stream, "", "", stream.path, "", 0, out);
      continue;
    }
    for (const std::string_view value : stream.partition_values) {
      const std::string query = std::string(stream.partition_query) + "=" + std::string(value);
      add(stream, query, "", stream.path, query, 0, out);
    }
  }
  return out;
}

void PartitionPlanner::add_children(const Partition& parent, const json::object& record,
                                    std::vector<Partition>& out,
                                    std::vector<const StreamDef*>* pruned) const {
  for (const StreamDef* child : children_[index(*parent.stream)]) {
    // A record without the field names no children; one whose id is empty is
    // refused like any id that cannot fill a path (add_child).
    const auto* field = record.if_contains(child->parent_id_field);
    if (field == nullptr || field->is_null()) continue;
    if (!can_have_records(*child, record)) {
      if (pruned != nullptr) pruned->push_back(child);
      continue;
    }
    add_child(*child, record_id(record, child->parent_id_field), out);
  }
}

bool PartitionPlanner::can_have_records(const StreamDef& child,
                                        const json::object& parent_record) const {
  if (child.parent_filter == ParentFilter::started && !started_before(parent_record, now_)) {
    return false;
  }
  if (child.parent_filter == ParentFilter::has_download && !has_download(parent_record, child)) {
    return false;
  }
  if (child.parent_match_field.empty()) return true;
  const std::string value = record_id(parent_record, child.parent_match_field);
  return std::find(child.parent_match_values.begin(), child.parent_match_values.end(), value) !=
         child.parent_match_values.end();
}

void PartitionPlanner::add_child(const StreamDef& child, const std::string& parent_id,
                                 std::vector<Partition>& out) const {
  const StreamDef* parent = find_stream(child.parent);
  int depth = 1;
  for (const StreamDef* up = parent; !up->parent.empty(); up = find_stream(up->parent)) ++depth;
  const bool meeting_uuid = child.parent_id_encoding == IdEncoding::meeting_uuid;
  // An id from Zoom's answer or from a stored frontier that cannot fill the
  // path: the partition is planned (and reported), never walked.
  const auto problem = path_id_problem(parent_id);
  const std::size_t first = out.size();
  add(child, std::string(parent->child_label) + "=" + parent_id, parent_id,
      problem ? std::string() : fill_path(child.path, parent_id, meeting_uuid), "", depth, out);
  for (std::size_t i = first; problem && i < out.size(); ++i) {
    out[i].target.clear();
    out[i].refused = "its " + std::string(parent->child_label) + " id " + *problem +
                     "; it cannot fill the path " + std::string(child.path) +
                     ", so nothing was sent";
  }
}

void PartitionPlanner::add(const StreamDef& stream, const std::string& what,
                           const std::string& parent_id, std::string_view path,
                           std::string_view query, int depth, std::vector<Partition>& out) const {
  auto push = [&](std::string key_what, std::string_view own_query, const DateRange* window) {
    Partition partition;
    partition.stream = &stream;
    partition.key = std::string(stream.name) + "|" + std::move(key_what);
    partition.parent_id = parent_id;
    partition.target = partition_target(path, own_query, stream, request_);
    partition.emit = wanted(stream);
    partition.depth = depth;
    if (window != nullptr) {
      partition.window_from = format_date(window->from);
      partition.window_to = format_date(window->to);
    }
    out.push_back(std::move(partition));
  };
  if (!stream.windowed) {
    push(what.empty() ? "all" : what, query, nullptr);
    return;
  }
  const StreamRequest* requested = request_.find(stream.name);
  const DateRange range =
      requested != nullptr && requested->range ? *requested->range : request_.default_range;
  for (const DateRange& window : month_windows(range)) {
    const std::string dates = "from=" + format_date(window.from) + "&to=" + format_date(window.to);
    // The state key names the window by its days whatever the endpoint takes.
    const std::string sent = stream.window_date_time ? "from=" + format_date(window.from) +
                                                           "T00:00:00Z&to=" +
                                                           format_date(window.to) + "T23:59:59Z"
                                                     : dates;
    push(what.empty() ? dates : what + "|" + dates,
         query.empty() ? sent : std::string(query) + "&" + sent, &window);
  }
}

}  // namespace zc::fetch
