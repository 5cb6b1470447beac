#include "fetch/fetch_state.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <cstdio>

#include "core/bounded_text.hpp"
#include "core/stream_table.hpp"
#include "fetch/fetch_request.hpp"

namespace zc::fetch {
namespace {

namespace json = boost::json;
constexpr std::int64_t k_state_version = 1;

// A page token or record id the state carries: Zoom's are a few dozen
// bytes; a page token goes into the next request's query.
constexpr std::size_t k_max_state_text = 1024;
bool is_state_text(std::string_view text) { return text.size() <= k_max_state_text; }

Result<FetchState> corrupt(const std::string& why) {
  return fail(Status::invalid_argument, "the fetch state is not usable: " + why +
                                            ". Start without a state to fetch everything again.");
}

}  // namespace

std::string credential_fingerprint(std::string_view account_id, std::string_view client_id) {
  // FNV-1a 64: an identifier, not a security measure.
  std::uint64_t hash = 1469598103934665603ULL;
  auto mix = [&](std::string_view text) {
    for (const unsigned char c : text) {
      hash ^= c;
      hash *= 1099511628211ULL;
    }
  };
  mix(account_id);
  mix("\n");
  mix(client_id);
  char text[24];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(hash));
  return text;
}

Result<FetchState> FetchState::load(const json::object& blob, std::string credential) {
  const auto* version = blob.if_contains("version");
  if (version == nullptr || !version->is_int64()) return corrupt("it has no \"version\"");
  if (version->as_int64() != k_state_version) {
    return corrupt("it has version " + std::to_string(version->as_int64()) +
                   ", this connector reads version " + std::to_string(k_state_version));
  }
  const auto* owner = blob.if_contains("credential");
  if (owner == nullptr || !owner->is_string()) return corrupt("it names no credential");
  if (owner->as_string() != credential) {
    return corrupt("it belongs to another Zoom credential (account or client id differ)");
  }
  const auto* partitions = blob.if_contains("partitions");
  if (partitions == nullptr || !partitions->is_object()) return corrupt("it has no \"partitions\"");
  FetchState state(std::move(credential));
  for (const auto& [key, value] : partitions->as_object()) {
    const std::string name = bounded_text(key, 64);  // only for messages
    if (!value.is_object()) return corrupt("partition \"" + name + "\" is not an object");
    const json::object& entry = value.as_object();
    PartitionProgress progress;
    if (const auto* done = entry.if_contains("done")) {
      if (!done->is_bool()) return corrupt("partition \"" + name + "\" has a bad \"done\"");
      progress.done = done->as_bool();
    }
    if (const auto* emitted = entry.if_contains("emitted")) {
      if (!emitted->is_int64() || emitted->as_int64() < 0) {
        return corrupt("partition \"" + name + "\" has a bad \"emitted\"");
      }
      progress.emitted = static_cast<std::uint64_t>(emitted->as_int64());
    }
    if (const auto* listed = entry.if_contains("listed_only")) {
      if (!listed->is_bool())
        return corrupt("partition \"" + name + "\" has a bad \"listed_only\"");
      progress.listed_only = listed->as_bool();
    }
    for (auto [field, into] :
         {std::pair{"last_id", &progress.last_id}, std::pair{"page_token", &progress.page_token}}) {
      if (const auto* text = entry.if_contains(field)) {
        if (!text->is_string() || !is_state_text(text->as_string()))
          return corrupt("partition \"" + name + "\" has a bad \"" + field + "\" (not text of " +
                         std::to_string(k_max_state_text) + " bytes at most)");
        *into = text->as_string();
      }
    }
    state.partitions_.emplace(std::string(key), std::move(progress));
  }
  if (const auto* cursors = blob.if_contains("cursors")) {
    if (!cursors->is_object()) return corrupt("its \"cursors\" is not an object");
    for (const auto& [stream, day] : cursors->as_object()) {
      if (const StreamDef* def = find_stream(stream); def == nullptr || !def->windowed) {
        return corrupt("its cursors name \"" + bounded_text(stream, 64) +
                       "\", which is not a dated stream of the catalog");
      }
      const auto parsed = day.is_string() ? parse_date(day.as_string()) : std::nullopt;
      if (!parsed)
        return corrupt("the cursor of \"" + bounded_text(stream, 64) + "\" is not a date");
      state.cursors_.emplace(std::string(stream), *parsed);
    }
  }
  if (const auto* frontier = blob.if_contains("frontier")) {
    auto loaded = Frontier::load(*frontier);
    if (!loaded) return corrupt(loaded.error());
    state.loaded_ = std::move(*loaded);
  }
  return state;
}

bool FetchState::adopt_plan(std::string plan) {
  plan_ = std::move(plan);
  resume_from_frontier_ = loaded_ && loaded_->plan == plan_;
  frontier_complete_ = resume_from_frontier_ || partitions_.empty();
  if (!resume_from_frontier_) loaded_.reset();
  return resume_from_frontier_;
}

std::vector<FrontierEntry> FetchState::take_frontier() {
  std::vector<FrontierEntry> entries;
  if (loaded_) entries = std::move(loaded_->entries);
  loaded_.reset();
  return entries;
}

std::optional<PartitionProgress> FetchState::find(const std::string& key) const {
  const auto it = partitions_.find(key);
  if (it == partitions_.end()) return std::nullopt;
  return it->second;
}

bool FetchState::done(const std::string& key) const {
  const auto it = partitions_.find(key);
  return it != partitions_.end() && it->second.done;
}

void FetchState::set(const std::string& key, PartitionProgress progress) {
  if (progress.done) frontier_.close(key);
  partitions_[key] = std::move(progress);
}

std::optional<std::chrono::sys_days> FetchState::cursor(const std::string& stream) const {
  const auto it = cursors_.find(stream);
  if (it == cursors_.end()) return std::nullopt;
  return it->second;
}

void FetchState::set_cursor(const std::string& stream, std::chrono::sys_days day) {
  cursors_[stream] = day;
}

std::string FetchState::to_json() const {
  json::object partitions;
  for (const auto& [key, progress] : partitions_) {
    // "emitted" stays with a finished partition too: a resume without a
    // frontier walks a finished parent again (for its children) and must
    // skip that many.
    json::object entry{{"emitted", static_cast<std::int64_t>(progress.emitted)}};
    if (progress.done) {
      entry["done"] = true;
    } else if (!progress.page_token.empty()) {
      entry["page_token"] = progress.page_token;
    }
    if (!progress.last_id.empty()) entry["last_id"] = progress.last_id;
    if (progress.listed_only) entry["listed_only"] = true;
    partitions[key] = std::move(entry);
  }
  json::object cursors;
  for (const auto& [stream, day] : cursors_) cursors[stream] = format_date(day);
  json::object root{{"version", k_state_version}, {"credential", credential_}};
  root["partitions"] = std::move(partitions);
  root["cursors"] = std::move(cursors);
  if (frontier_complete_ && !plan_.empty()) {
    if (auto frontier = frontier_.to_json(plan_)) root["frontier"] = std::move(*frontier);
  }
  return json::serialize(root);
}

}  // namespace zc::fetch
