#include "core/json_prefix.hpp"

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/object.hpp>
#include <string>

namespace zc {
namespace {

namespace json = boost::json;
using boost::system::error_code;
using json::string_view;

// Keeps the scalar members at depth 1 (inside the top-level object).
struct PrefixHandler {
  static constexpr std::size_t max_array_size = -1;
  static constexpr std::size_t max_object_size = -1;
  static constexpr std::size_t max_string_size = -1;
  static constexpr std::size_t max_key_size = -1;

  json::object members;
  std::string key;
  std::string text;  // the string value being read
  int depth = 0;
  bool is_object = false;

  bool top() const { return depth == 1; }
  void keep(json::value v) {
    if (top()) members[key] = std::move(v);
  }

  bool on_document_begin(error_code&) { return true; }
  bool on_document_end(error_code&) { return true; }
  bool on_array_begin(error_code&) { return ++depth, true; }
  bool on_array_end(std::size_t, error_code&) { return --depth, true; }
  bool on_object_begin(error_code&) {
    if (depth == 0) is_object = true;
    return ++depth, true;
  }
  bool on_object_end(std::size_t, error_code&) { return --depth, true; }
  bool on_string_part(string_view s, std::size_t, error_code&) {
    if (top()) text.append(s.data(), s.size());
    return true;
  }
  bool on_string(string_view s, std::size_t, error_code&) {
    if (top()) {
      text.append(s.data(), s.size());
      keep(json::string(text));
    }
    text.clear();
    return true;
  }
  bool on_key_part(string_view s, std::size_t n, error_code&) {
    if (top()) {
      if (n == s.size()) key.clear();  // the first part of a new key
      key.append(s.data(), s.size());
    }
    return true;
  }
  bool on_key(string_view s, std::size_t n, error_code& ec) { return on_key_part(s, n, ec); }
  bool on_number_part(string_view, error_code&) { return true; }
  bool on_int64(std::int64_t i, string_view, error_code&) { return keep(i), true; }
  bool on_uint64(std::uint64_t u, string_view, error_code&) { return keep(u), true; }
  bool on_double(double d, string_view, error_code&) { return keep(d), true; }
  bool on_bool(bool b, error_code&) { return keep(b), true; }
  bool on_null(error_code&) { return keep(nullptr), true; }
  bool on_comment_part(string_view, error_code&) { return true; }
  bool on_comment(string_view, error_code&) { return true; }
};

}  // namespace

json::value json_object_prefix(std::string_view text) {
  json::basic_parser<PrefixHandler> parser{json::parse_options{}};
  error_code ec;
  parser.write_some(true, text.data(), text.size(), ec);
  PrefixHandler& h = parser.handler();
  if (ec || !h.is_object) return nullptr;
  if (h.depth == 1 && !h.text.empty()) {
    h.members[h.key] = json::string(h.text);  // the string the text ends in, cut short
  }
  return json::value(std::move(h.members));
}

}  // namespace zc
