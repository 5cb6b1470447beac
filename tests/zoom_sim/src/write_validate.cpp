#include "write_validate.hpp"

#include <algorithm>

namespace zoom_sim {

namespace json = boost::json;
using namespace std::chrono;

namespace {

std::size_t code_points(std::string_view s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

bool plausible_email(std::string_view s) {
  const auto at = s.find('@');
  if (at == std::string_view::npos || at == 0 || s.find('@', at + 1) != std::string_view::npos)
    return false;
  const auto domain = s.substr(at + 1);
  const auto dot = domain.find('.');
  if (dot == std::string_view::npos || dot == 0 || domain.back() == '.') return false;
  return std::none_of(s.begin(), s.end(),
                      [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; });
}

std::string join_ints(const std::vector<std::int64_t>& v) {
  std::string out;
  for (auto i : v) out += (out.empty() ? "" : ", ") + std::to_string(i);
  return out;
}

std::string join_strings(const std::vector<std::string_view>& v) {
  std::string out;
  for (auto s : v) out += (out.empty() ? "" : ", ") + std::string(s);
  return out;
}

void check_value(const json::value& v, const FieldRule& r, const std::string& shown,
                 std::vector<FieldError>& out) {
  auto bad = [&](std::string msg) { out.push_back({shown, std::move(msg)}); };
  switch (r.kind) {
    case FieldKind::string:
    case FieldKind::email:
    case FieldKind::date_time: {
      if (!v.is_string()) return bad("Must be a string.");
      const std::string_view s = v.as_string();
      const auto n = code_points(s);
      if (r.max_len && n > r.max_len)
        return bad("Must be at most " + std::to_string(r.max_len) + " characters.");
      if (n < r.min_len)
        return bad("Must be at least " + std::to_string(r.min_len) + " characters.");
      if (r.kind == FieldKind::email && !plausible_email(s)) return bad("Invalid email address.");
      if (r.kind == FieldKind::date_time && !parse_date_time(s))
        return bad("Invalid date-time, expected yyyy-MM-ddTHH:mm:ssZ.");
      if (!r.strings.empty() && std::find(r.strings.begin(), r.strings.end(), s) == r.strings.end())
        return bad("Must be one of: " + join_strings(r.strings) + ".");
      return;
    }
    case FieldKind::integer: {
      if (!v.is_int64() && !v.is_uint64()) return bad("Must be an integer.");
      if (v.is_uint64() && v.as_uint64() > static_cast<std::uint64_t>(r.max))
        return bad("Must be at most " + std::to_string(r.max) + ".");
      const auto i = v.is_int64() ? v.as_int64() : static_cast<std::int64_t>(v.as_uint64());
      if (!r.integers.empty() &&
          std::find(r.integers.begin(), r.integers.end(), i) == r.integers.end())
        return bad("Must be one of: " + join_ints(r.integers) + ".");
      if (i < r.min) return bad("Must be at least " + std::to_string(r.min) + ".");
      if (i > r.max) return bad("Must be at most " + std::to_string(r.max) + ".");
      return;
    }
    case FieldKind::boolean:
      if (!v.is_bool()) bad("Must be true or false.");
      return;
    case FieldKind::object:
      if (!v.is_object()) bad("Must be an object.");
      return;
    case FieldKind::array:
      if (!v.is_array()) return bad("Must be an array.");
      if (r.max_len && v.as_array().size() > r.max_len)
        return bad("Must have at most " + std::to_string(r.max_len) + " items.");
      if (v.as_array().size() < r.min_len)
        return bad("Must have at least " + std::to_string(r.min_len) + " items.");
      return;
  }
}

// Walks `rest` (a dotted path, maybe with "[]") from `here`.
void walk(const json::value& here, std::string_view rest, const FieldRule& r,
          const std::string& shown, std::vector<FieldError>& out) {
  if (rest.empty()) return check_value(here, r, shown, out);
  if (rest.starts_with("[]")) {
    if (!here.is_array()) return;  // the array's own rule reports it
    const auto& a = here.as_array();
    rest.remove_prefix(2);
    if (rest.starts_with(".")) rest.remove_prefix(1);
    for (std::size_t i = 0; i < a.size(); ++i)
      walk(a[i], rest, r, shown + "[" + std::to_string(i) + "]", out);
    return;
  }
  if (!here.is_object()) return;  // the parent's own rule reports it
  const auto end = std::min(rest.find('.'), rest.find("[]"));
  const auto key = rest.substr(0, end);
  const auto* next = here.as_object().if_contains(key);
  const std::string next_shown = shown.empty() ? std::string(key) : shown + "." + std::string(key);
  std::string_view tail = end == std::string_view::npos ? std::string_view{} : rest.substr(end);
  if (tail.starts_with(".")) tail.remove_prefix(1);
  if (!next || next->is_null()) {
    if (r.required && tail.empty()) out.push_back({next_shown, "Required field is missing."});
    return;
  }
  walk(*next, tail, r, next_shown, out);
}

}  // namespace

std::vector<FieldError> check_fields(const json::object& body,
                                     const std::vector<FieldRule>& rules) {
  std::vector<FieldError> out;
  const json::value root(body);
  for (const auto& r : rules) walk(root, r.path, r, "", out);
  return out;
}

HttpResponse field_errors(const std::vector<FieldError>& errors) {
  json::array a;
  for (const auto& e : errors)
    a.push_back(json::object{{"field", e.field}, {"message", e.message}});
  json::object o{{"code", 300}, {"message", "Invalid field."}, {"errors", std::move(a)}};
  return json_response(400, json::serialize(o));
}

std::optional<sys_seconds> parse_date_time(std::string_view s) {
  if (s.ends_with("Z")) s.remove_suffix(1);
  if (s.size() != 19 || s[10] != 'T' || s[13] != ':' || s[16] != ':') return std::nullopt;
  const auto day = util::parse_ymd(s.substr(0, 10));
  if (!day) return std::nullopt;
  int v[3];
  for (int i = 0; i < 3; ++i) {
    const char a = s[11 + 3 * i], b = s[12 + 3 * i];
    if (a < '0' || a > '9' || b < '0' || b > '9') return std::nullopt;
    v[i] = (a - '0') * 10 + (b - '0');
  }
  if (v[0] > 23 || v[1] > 59 || v[2] > 59) return std::nullopt;
  return sys_seconds{*day} + hours(v[0]) + minutes(v[1]) + seconds(v[2]);
}

}  // namespace zoom_sim
