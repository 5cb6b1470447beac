#include "core/stream_scopes.hpp"

namespace zc {

std::set<std::string> parse_scope_string(std::string_view scope) {
  std::set<std::string> out;
  std::size_t i = 0;
  while (i < scope.size()) {
    while (i < scope.size() && (scope[i] == ' ' || scope[i] == '\t' || scope[i] == ',')) ++i;
    std::size_t j = i;
    while (j < scope.size() && scope[j] != ' ' && scope[j] != '\t' && scope[j] != ',') ++j;
    if (j > i) out.emplace(scope.substr(i, j - i));
    i = j;
  }
  return out;
}

bool stream_scope_granted(const StreamDef& stream, const std::set<std::string>& granted) {
  return granted.contains(std::string(stream.classic_scope)) ||
         granted.contains(std::string(stream.granular_scope));
}

std::vector<std::string> missing_scopes_for_stream(std::string_view stream,
                                                   const std::set<std::string>& granted) {
  std::vector<std::string> missing;
  // Walk the stream and its ancestors; the generator refuses a cycle.
  for (const StreamDef* row = find_stream(stream); row != nullptr; row = find_stream(row->parent)) {
    if (!stream_scope_granted(*row, granted)) {
      missing.push_back(std::string(row->classic_scope) + " or " +
                        std::string(row->granular_scope));
    }
    if (row->parent.empty()) break;
  }
  return missing;
}

std::vector<std::string> allowed_streams(const std::set<std::string>& granted) {
  std::vector<std::string> out;
  for (const StreamDef& row : stream_table()) {
    if (missing_scopes_for_stream(row.name, granted).empty()) out.emplace_back(row.name);
  }
  return out;
}

}  // namespace zc
