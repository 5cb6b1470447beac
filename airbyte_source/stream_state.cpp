#include "stream_state.hpp"

namespace airbyte_source {
namespace {

namespace json = boost::json;

bool is_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (i != 4 && i != 7 && (text[i] < '0' || text[i] > '9')) return false;
  }
  return true;
}

// The plugin checkpoint shape this file knows how to split.
bool splittable(const json::object& checkpoint) {
  const auto* partitions = checkpoint.if_contains("partitions");
  return partitions != nullptr && partitions->is_object() && checkpoint.contains("version") &&
         checkpoint.contains("credential");
}

}  // namespace

std::expected<std::optional<std::string>, std::string> blob_cursor(const std::string& stream,
                                                                   const json::object& blob) {
  const auto* cursor = blob.if_contains("cursor");
  if (cursor == nullptr || cursor->is_null()) return std::nullopt;
  if (!cursor->is_string() || !is_date(cursor->as_string())) {
    return std::unexpected("the state of stream \"" + stream +
                           "\" has a \"cursor\" that is not a date yyyy-mm-dd");
  }
  return std::string(cursor->as_string());
}

std::optional<MergedState> merge_checkpoints(const StreamBlobs& blobs) {
  std::optional<MergedState> merged;
  // The frontier survives only if every checkpoint blob has one, of one
  // plan, stamped with one moment.
  bool frontier_usable = true;
  std::optional<std::string> moment;
  std::optional<std::string> plan;
  json::object open;
  for (const auto& [stream, blob] : blobs) {
    const auto* checkpoint = blob.if_contains("checkpoint");
    if (checkpoint == nullptr || !checkpoint->is_object()) continue;
    const json::object& part = checkpoint->as_object();
    if (!splittable(part)) return MergedState{part, false};  // an opaque checkpoint: pass it whole
    if (!merged) {
      merged = MergedState{json::object{{"version", part.at("version")},
                                        {"credential", part.at("credential")},
                                        {"partitions", json::object{}},
                                        {"cursors", json::object{}}},
                           false};
    }
    json::object& partitions = merged->state["partitions"].as_object();
    for (const auto& [key, value] : part.at("partitions").as_object()) partitions[key] = value;

    const auto* stamp = part.if_contains("moment");
    const auto* frontier = part.if_contains("frontier");
    const json::value* frontier_plan = frontier != nullptr && frontier->is_object()
                                           ? frontier->as_object().if_contains("plan")
                                           : nullptr;
    const json::value* frontier_open = frontier != nullptr && frontier->is_object()
                                           ? frontier->as_object().if_contains("open")
                                           : nullptr;
    if (stamp == nullptr || !stamp->is_string() || frontier_plan == nullptr ||
        !frontier_plan->is_string() || frontier_open == nullptr || !frontier_open->is_object() ||
        (moment && *moment != stamp->as_string()) ||
        (plan && *plan != frontier_plan->as_string())) {
      frontier_usable = false;
      continue;
    }
    moment = std::string(stamp->as_string());
    plan = std::string(frontier_plan->as_string());
    // A stream's open parents come from its own blob only.
    if (const auto* mine = frontier_open->as_object().if_contains(stream)) open[stream] = *mine;
  }
  if (merged && frontier_usable && plan) {
    merged->state["frontier"] = json::object{{"plan", *plan}, {"open", std::move(open)}};
    merged->frontier = true;
  }
  return merged;
}

StreamBlobs split_checkpoint(
    const json::value& checkpoint, const std::vector<std::string>& streams,
    const std::map<std::string, std::optional<std::string>>& cursors_before,
    const std::string& moment) {
  StreamBlobs out;
  const json::object* root = checkpoint.is_object() ? &checkpoint.as_object() : nullptr;
  const bool by_stream = root != nullptr && splittable(*root);
  const json::object* cursors = nullptr;
  const json::object* frontier = nullptr;
  if (by_stream) {
    if (const auto* c = root->if_contains("cursors"); c != nullptr && c->is_object()) {
      cursors = &c->as_object();
    }
    if (const auto* f = root->if_contains("frontier"); f != nullptr && f->is_object()) {
      frontier = &f->as_object();
    }
  }
  const json::value* plan = frontier != nullptr ? frontier->if_contains("plan") : nullptr;
  const json::value* open = frontier != nullptr ? frontier->if_contains("open") : nullptr;
  const bool split_frontier = plan != nullptr && open != nullptr && open->is_object();
  for (const auto& stream : streams) {
    json::object blob;
    std::optional<std::string> cursor;
    if (const auto it = cursors_before.find(stream); it != cursors_before.end())
      cursor = it->second;
    if (cursors != nullptr) {
      if (const auto* day = cursors->if_contains(stream); day != nullptr && day->is_string()) {
        cursor = std::string(day->as_string());
      }
    }
    if (cursor) blob["cursor"] = *cursor;
    if (!by_stream) {
      blob["checkpoint"] = checkpoint;
    } else {
      json::object partitions;
      const std::string prefix = stream + "|";
      for (const auto& [key, value] : root->at("partitions").as_object()) {
        if (std::string_view(key).starts_with(prefix)) partitions[key] = value;
      }
      json::object mine;
      if (split_frontier) {
        if (const auto* parents = open->as_object().if_contains(stream)) mine[stream] = *parents;
      }
      if (!partitions.empty() || !mine.empty()) {
        json::object part{{"version", root->at("version")},
                          {"credential", root->at("credential")},
                          {"partitions", std::move(partitions)}};
        if (split_frontier) {
          part["frontier"] = json::object{{"plan", *plan}, {"open", std::move(mine)}};
          part["moment"] = moment;
        }
        blob["checkpoint"] = std::move(part);
      }
    }
    out[stream] = std::move(blob);
  }
  return out;
}

}  // namespace airbyte_source
