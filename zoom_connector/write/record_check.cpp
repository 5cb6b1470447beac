#include "write/record_check.hpp"

#include <algorithm>
#include <array>

#include "core/bounded_text.hpp"

namespace zc::write {

namespace json = boost::json;

namespace {

constexpr std::array<std::string_view, 17> k_keywords = {"type",
                                                         "properties",
                                                         "required",
                                                         "additionalProperties",
                                                         "minProperties",
                                                         "anyOf",
                                                         "enum",
                                                         "minLength",
                                                         "maxLength",
                                                         "minimum",
                                                         "maximum",
                                                         "format",
                                                         "items",
                                                         "minItems",
                                                         "maxItems",
                                                         "$schema",
                                                         "$id"};
constexpr std::array<std::string_view, 4> k_annotations = {"title", "description", "default",
                                                           "writeOnly"};

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
                      [](char c) { return static_cast<unsigned char>(c) <= ' ' || c == 0x7f; });
}

bool digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// yyyy-mm-ddThh:mm:ss, optional fraction, then Z, an offset, or nothing (local time).
bool plausible_date_time(std::string_view s) {
  if (s.size() < 19 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != 't') ||
      s[13] != ':' || s[16] != ':')
    return false;
  if (!digits(s.substr(0, 4)) || !digits(s.substr(5, 2)) || !digits(s.substr(8, 2)) ||
      !digits(s.substr(11, 2)) || !digits(s.substr(14, 2)) || !digits(s.substr(17, 2)))
    return false;
  const int month = (s[5] - '0') * 10 + (s[6] - '0');
  const int day = (s[8] - '0') * 10 + (s[9] - '0');
  const int hour = (s[11] - '0') * 10 + (s[12] - '0');
  const int minute = (s[14] - '0') * 10 + (s[15] - '0');
  const int second = (s[17] - '0') * 10 + (s[18] - '0');
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60)
    return false;
  auto rest = s.substr(19);
  if (rest.starts_with(".")) {
    std::size_t n = 1;
    while (n < rest.size() && rest[n] >= '0' && rest[n] <= '9') ++n;
    if (n == 1) return false;
    rest.remove_prefix(n);
  }
  if (rest.empty() || rest == "Z" || rest == "z") return true;
  return rest.size() == 6 && (rest[0] == '+' || rest[0] == '-') && digits(rest.substr(1, 2)) &&
         rest[3] == ':' && digits(rest.substr(4, 2));
}

bool has_type(const json::value& v, std::string_view type) {
  if (type == "string") return v.is_string();
  if (type == "integer") return v.is_int64() || v.is_uint64();
  if (type == "number") return v.is_number();
  if (type == "boolean") return v.is_bool();
  if (type == "object") return v.is_object();
  if (type == "array") return v.is_array();
  if (type == "null") return v.is_null();
  return false;
}

std::string describe(const json::value& v) {
  if (v.is_string()) return json::serialize(v);
  return json::serialize(v);
}

struct Checker {
  std::vector<RecordError> out;
  bool full() const { return out.size() >= k_max_record_errors; }
  void add(std::string field, std::string message) {
    if (!full()) out.push_back({std::move(field), std::move(message)});
  }

  void check(const json::value& v, const json::object& s, const std::string& at) {
    if (full()) return;
    if (const auto* t = s.if_contains("type"); t && t->is_string()) {
      if (!has_type(v, t->as_string()))
        return add(at, "must be " + std::string(t->as_string()) + ".");
    }
    if (const auto* e = s.if_contains("enum"); e && e->is_array()) {
      const auto& a = e->as_array();
      if (std::find(a.begin(), a.end(), v) == a.end()) {
        std::string allowed;
        for (const auto& x : a) allowed += (allowed.empty() ? "" : ", ") + describe(x);
        return add(at, "must be one of: " + bounded_text(allowed, 400) + ".");
      }
    }
    if (v.is_string()) check_string(v.as_string(), s, at);
    if (v.is_int64() || v.is_uint64() || v.is_double()) check_number(v, s, at);
    if (v.is_object()) check_object(v.as_object(), s, at);
    if (v.is_array()) check_array(v.as_array(), s, at);
  }

  void check_string(std::string_view str, const json::object& s, const std::string& at) {
    const auto n = code_points(str);
    if (const auto* m = s.if_contains("maxLength");
        m && m->is_int64() && n > static_cast<std::size_t>(m->as_int64()))
      add(at, "must be at most " + std::to_string(m->as_int64()) + " characters.");
    if (const auto* m = s.if_contains("minLength");
        m && m->is_int64() && n < static_cast<std::size_t>(m->as_int64()))
      add(at, "must be at least " + std::to_string(m->as_int64()) + " characters.");
    if (const auto* f = s.if_contains("format"); f && f->is_string()) {
      if (f->as_string() == "email" && !plausible_email(str)) add(at, "must be an e-mail address.");
      if (f->as_string() == "date-time" && !plausible_date_time(str))
        add(at, "must be a date-time like 2026-12-01T10:00:00Z.");
    }
  }

  void check_number(const json::value& v, const json::object& s, const std::string& at) {
    const double d = v.to_number<double>();
    if (const auto* m = s.if_contains("minimum"); m && m->is_number() && d < m->to_number<double>())
      add(at, "must be at least " + json::serialize(*m) + ".");
    if (const auto* m = s.if_contains("maximum"); m && m->is_number() && d > m->to_number<double>())
      add(at, "must be at most " + json::serialize(*m) + ".");
  }

  static std::string child(const std::string& at, std::string_view key) {
    const std::string k = bounded_text(key, 100);
    return at.empty() ? k : at + "." + k;
  }

  void check_object(const json::object& o, const json::object& s, const std::string& at) {
    const json::object empty;
    const auto* props_v = s.if_contains("properties");
    const json::object& props = props_v && props_v->is_object() ? props_v->as_object() : empty;
    if (const auto* req = s.if_contains("required"); req && req->is_array())
      for (const auto& k : req->as_array())
        if (k.is_string() && !o.contains(k.as_string()))
          add(child(at, k.as_string()), "is required.");
    if (const auto* mp = s.if_contains("minProperties");
        mp && mp->is_int64() && o.size() < static_cast<std::size_t>(mp->as_int64()))
      add(at, "needs at least " + std::to_string(mp->as_int64()) + " fields.");
    if (const auto* any = s.if_contains("anyOf"); any && any->is_array()) {
      bool one = false;
      std::string names;
      for (const auto& alt : any->as_array()) {
        if (!alt.is_object()) continue;
        Checker sub;
        sub.check_object(o, alt.as_object(), at);
        one = one || sub.out.empty();
        if (const auto* r = alt.as_object().if_contains("required"); r && r->is_array())
          for (const auto& k : r->as_array())
            if (k.is_string()) names += (names.empty() ? "" : " or ") + std::string(k.as_string());
      }
      if (!one) add(at, "needs " + (names.empty() ? std::string("another shape") : names) + ".");
    }
    const auto* extra = s.if_contains("additionalProperties");
    for (const auto& kv : o) {
      if (full()) return;
      if (const auto* p = props.if_contains(kv.key()); p && p->is_object()) {
        check(kv.value(), p->as_object(), child(at, kv.key()));
      } else if (extra && extra->is_bool() && !extra->as_bool()) {
        add(child(at, kv.key()), "is not a field of this record.");
      } else if (extra && extra->is_object()) {
        check(kv.value(), extra->as_object(), child(at, kv.key()));
      }
    }
  }

  void check_array(const json::array& a, const json::object& s, const std::string& at) {
    if (const auto* m = s.if_contains("maxItems");
        m && m->is_int64() && a.size() > static_cast<std::size_t>(m->as_int64()))
      add(at, "must have at most " + std::to_string(m->as_int64()) + " items.");
    if (const auto* m = s.if_contains("minItems");
        m && m->is_int64() && a.size() < static_cast<std::size_t>(m->as_int64()))
      add(at, "must have at least " + std::to_string(m->as_int64()) + " items.");
    if (const auto* items = s.if_contains("items"); items && items->is_object())
      for (std::size_t i = 0; i < a.size() && !full(); ++i)
        check(a[i], items->as_object(), at + "[" + std::to_string(i) + "]");
  }
};

bool annotation(std::string_view k) {
  return k.starts_with("x-") ||
         std::find(k_annotations.begin(), k_annotations.end(), k) != k_annotations.end();
}

std::string first_unsupported(const json::object& s) {
  for (const auto& kv : s) {
    const std::string_view k = kv.key();
    if (!annotation(k) && std::find(k_keywords.begin(), k_keywords.end(), k) == k_keywords.end())
      return std::string(k);
    if (k == "properties" && kv.value().is_object()) {
      for (const auto& p : kv.value().as_object())
        if (p.value().is_object())
          if (auto u = first_unsupported(p.value().as_object()); !u.empty()) return u;
    } else if ((k == "items" || k == "additionalProperties") && kv.value().is_object()) {
      if (auto u = first_unsupported(kv.value().as_object()); !u.empty()) return u;
    } else if (k == "anyOf" && kv.value().is_array()) {
      for (const auto& alt : kv.value().as_array())
        if (alt.is_object())
          if (auto u = first_unsupported(alt.as_object()); !u.empty()) return u;
    }
  }
  return {};
}

}  // namespace

std::vector<RecordError> check_record(const json::value& record, const json::object& schema) {
  Checker c;
  c.check(record, schema, "");
  return std::move(c.out);
}

std::span<const std::string_view> supported_keywords() { return k_keywords; }

std::string unsupported_keyword(const json::object& schema) { return first_unsupported(schema); }

}  // namespace zc::write
