#include "fetch/url_tokens.hpp"

#include <string_view>

namespace zc::fetch {
namespace {

constexpr std::string_view k_name = "access_token=";
constexpr std::string_view k_redacted = "REDACTED";

// A query parameter starts after '?' or '&', which JSON may write as \u0026.
bool starts_a_parameter(std::string_view text, std::size_t at) {
  if (at == 0) return false;
  const char before = text[at - 1];
  if (before == '?' || before == '&') return true;
  return at >= 6 && (text.substr(at - 6, 6) == "\\u0026" || text.substr(at - 6, 6) == "\\u003f" ||
                     text.substr(at - 6, 6) == "\\u003F");
}

// The value runs to the next parameter, the fragment or the JSON string's end.
bool ends_the_value(char c) { return c == '&' || c == '#' || c == '"' || c == '\\'; }

}  // namespace

bool redact_url_tokens(std::string& record_json) {
  bool changed = false;
  for (std::size_t at = record_json.find(k_name); at != std::string::npos;
       at = record_json.find(k_name, at + 1)) {
    if (!starts_a_parameter(record_json, at)) continue;
    const std::size_t value = at + k_name.size();
    std::size_t end = value;
    while (end < record_json.size() && !ends_the_value(record_json[end])) ++end;
    if (std::string_view(record_json).substr(value, end - value) == k_redacted) continue;
    record_json.replace(value, end - value, k_redacted);
    changed = true;
  }
  return changed;
}

}  // namespace zc::fetch
