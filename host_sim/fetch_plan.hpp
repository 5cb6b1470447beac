// What a fetch asks the plugin for, shared by both faces (the terminal's
// `host_sim fetch` and the web fetch preview): the request document and the
// stream names of a catalog. No output, checkpoint or terminal code here.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <vector>

namespace host_sim {

// The request the plugin gets: {"streams": [...], "state": <saved>?, ...extra}.
// Throws std::invalid_argument when request_json is not a JSON object.
boost::json::object build_fetch_request(const std::vector<std::string>& streams,
                                        const std::optional<std::string>& state_json,
                                        const std::string& extra_json);

// The "name" of every entry of a catalog document's `list`: "streams" of the
// stream catalog ({"streams":[{"name":...}]}), "operations" of the write catalog.
std::vector<std::string> catalog_names(const std::string& catalog_json, const char* list);
inline std::vector<std::string> catalog_stream_names(const std::string& catalog_json) {
  return catalog_names(catalog_json, "streams");
}

// The streams a fetch without --streams reads: those of the catalog the
// credential's last verdict allows ("allowed_streams"), and the others with
// why ("report_users (needs report:read:admin or ...)"). Every stream, none
// skipped, when the verdict lists none (never validated, or a plugin that
// does not say).
struct DefaultStreams {
  std::vector<std::string> streams;
  std::vector<std::string> skipped;
  bool by_verdict = false;
};
DefaultStreams default_streams(const std::string& catalog_json, const std::string& verdict_json);

}  // namespace host_sim
