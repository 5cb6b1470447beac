#include "core/json_input.hpp"

#include <boost/json/parse.hpp>
#include <string>

namespace zc {

Result<boost::json::object> parse_json_object(std::string_view text, std::string_view what) {
  boost::system::error_code ec;
  boost::json::value value = boost::json::parse(text, ec);
  if (ec) {
    return fail(Status::invalid_argument,
                std::string(what) + " is not valid UTF-8 JSON (" + ec.message() + ")");
  }
  if (!value.is_object()) {
    return fail(Status::invalid_argument, std::string(what) + " must be a JSON object");
  }
  return std::move(value.as_object());
}

}  // namespace zc
