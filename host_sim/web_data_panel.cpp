#include "web_data_panel.hpp"

#include <boost/json.hpp>
#include <chrono>
#include <filesystem>

#include "credential_options.hpp"
#include "fetch_checkpoint.hpp"
#include "web_fetch_job.hpp"

namespace host_sim {

namespace json = boost::json;

// The terminal command that fetches for real (into a file, with checkpoints),
// or for a destination credential writes (results beside the store).
std::string command_line_for(const CredentialStore& store, const StoredCredential& row) {
  const auto quoted = [](const std::string& text) {
    std::string out = "'";
    for (const char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
  };
  std::error_code error;
  auto self = std::filesystem::read_symlink("/proc/self/exe", error);
  const std::string program = error ? std::string("host_sim") : self.string();
  const auto store_path = std::filesystem::absolute(store.path(), error);
  const bool writes = row.direction == "destination";
  std::string command = quoted(program) + (writes ? " write" : " fetch") + " --store " +
                        quoted(store_path.string()) + " --credential " + quoted(row.name);
  std::string file;
  for (const char c : row.name) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       c == '-' || c == '_' || c == '.';
    if (file.size() < 80) file += plain ? c : '_';
  }
  if (file.empty() || file[0] == '.') file = writes ? "write" : "records";
  if (writes) {
    const auto results = store_path.parent_path() / (file + "-results.jsonl");
    return page_text(command + " --operation OPERATION --input RECORDS.jsonl --results " +
                         quoted(results.string()),
                     2000);
  }
  const auto output = store_path.parent_path() / (file + ".jsonl");
  return page_text(command + " --output " + quoted(output.string()), 2000);
}

// The streams this credential may read, marked by the plugin (it asks Zoom
// for a token); when that fails, the static catalog with the last
// verdict's allowed streams. Also the saved checkpoint, in words.
json::object credential_streams(const Host& host, const CredentialStore& store,
                                const StoredCredential& row) {
  std::string catalog_text;
  std::string note;
  bool marked = false;
  try {
    auto connector = host.plugin.create(json::serialize(store.credential_json(row.id)),
                                        options_for(host, store, row.id));
    catalog_text = connector.catalog();
    marked = true;
  } catch (const pp::PluginError& e) {
    note = page_text(std::string("The plugin could not mark the streams for this credential (") +
                         e.what() + "); shown from its last verdict",
                     600);
    catalog_text = host.plugin.catalog_json();
  }
  std::vector<std::string> verdict_allowed;
  bool verdict_lists_streams = false;  // else the plugin does not say: all are offered
  {
    boost::system::error_code ec;
    const auto verdict = json::parse(row.last_verdict_json, ec);
    if (!ec && verdict.is_object()) {
      if (const auto* list = verdict.as_object().if_contains("allowed_streams");
          list != nullptr && list->is_array()) {
        verdict_lists_streams = true;
        for (const auto& name : list->as_array()) {
          if (name.is_string()) verdict_allowed.emplace_back(name.as_string());
        }
      }
    }
  }
  const auto text_of = [](const json::object& o, const char* key, std::size_t limit) {
    const auto* v = o.if_contains(key);
    return v != nullptr && v->is_string() ? page_text(v->as_string(), limit) : std::string();
  };
  json::array streams;
  boost::system::error_code ec;
  const auto catalog = json::parse(catalog_text, ec);
  const json::value* list =
      !ec && catalog.is_object() ? catalog.as_object().if_contains("streams") : nullptr;
  if (list != nullptr && list->is_array()) {
    for (const auto& item : list->as_array()) {
      if (!item.is_object() || streams.size() >= 200) continue;
      const auto& s = item.as_object();
      const std::string name = text_of(s, "name", 100);
      if (name.empty()) continue;
      bool allowed = false;
      json::array missing;
      if (marked) {
        const auto* a = s.if_contains("allowed");
        allowed = a != nullptr && a->is_bool() && a->as_bool();
        if (const auto* m = s.if_contains("missing_scopes"); m != nullptr && m->is_array()) {
          for (const auto& scope : m->as_array()) {
            if (scope.is_string() && missing.size() < 20)
              missing.emplace_back(page_text(scope.as_string(), 120));
          }
        }
      } else {
        allowed = !verdict_lists_streams ||
                  std::ranges::find(verdict_allowed, name) != verdict_allowed.end();
      }
      bool windowed = false;
      if (const auto* p = s.if_contains("parameters"); p != nullptr && p->is_array()) {
        for (const auto& parameter : p->as_array()) {
          if (parameter.is_string() && parameter.as_string() == "from") windowed = true;
        }
      }
      streams.emplace_back(json::object{{"name", name},
                                        {"title", text_of(s, "title", 100)},
                                        {"description", text_of(s, "description", 300)},
                                        {"parent", text_of(s, "parent", 100)},
                                        {"dated", windowed},
                                        {"allowed", allowed},
                                        {"missing_scopes", std::move(missing)}});
    }
  }
  json::object checkpoint{{"saved", false}};
  try {
    // One checkpoint per output; the newest is the one a web fetch resumes from.
    if (const auto saved = store.states(row.id); !saved.empty()) {
      const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                           std::chrono::system_clock::now().time_since_epoch())
                           .count();
      std::string text = describe_checkpoint(decode_checkpoint(saved.front().text), now);
      if (saved.size() > 1) {
        text += " (the newest; " + std::to_string(saved.size() - 1) + " more for other outputs)";
      }
      checkpoint = {{"saved", true}, {"text", page_text(text, 600)}};
    }
  } catch (const StoreError& e) {
    if (e.kind() != StoreError::Kind::corrupt) throw;
    checkpoint = {{"saved", true},
                  {"text", page_text(std::string("not usable: ") + e.what(), 600)}};
  }
  return {{"credential", row.id},
          {"name", row.name},
          {"marked_by_plugin", marked},
          {"note", note},
          {"streams", std::move(streams)},
          {"checkpoint", std::move(checkpoint)},
          {"preview_rows", WebFetchJob::k_preview_rows},
          {"command", command_line_for(store, row)}};
}

}  // namespace host_sim
