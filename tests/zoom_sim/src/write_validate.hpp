// Internal: field checks of write request bodies, reported the way Zoom does
// (400, code 300, errors: [{field, message}]), every bad field at once.
#pragma once

#include <boost/json.hpp>
#include <chrono>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "impl.hpp"

namespace zoom_sim {

enum class FieldKind { string, integer, boolean, object, array, date_time, email };

struct FieldRule {
  // Dotted path; "[]" walks every element of an array: "custom_questions[].value".
  std::string_view path;
  FieldKind kind = FieldKind::string;
  bool required = false;
  std::size_t max_len = 0;  // strings: characters (UTF-8 code points); arrays: elements
  std::size_t min_len = 0;
  std::int64_t min = std::numeric_limits<std::int64_t>::min();
  std::int64_t max = std::numeric_limits<std::int64_t>::max();
  std::vector<std::string_view> strings;  // allowed values, when not empty
  std::vector<std::int64_t> integers;     // allowed values, when not empty
};

struct FieldError {
  std::string field;  // "user_info.email", "custom_questions[1].value"
  std::string message;
};

std::vector<FieldError> check_fields(const boost::json::object& body,
                                     const std::vector<FieldRule>& rules);

// 400 {"code":300,"message":"Invalid field.","errors":[...]}.
HttpResponse field_errors(const std::vector<FieldError>& errors);

// "2026-12-01T10:00:00Z", or without the Z (taken as UTC here).
std::optional<std::chrono::sys_seconds> parse_date_time(std::string_view s);

}  // namespace zoom_sim
