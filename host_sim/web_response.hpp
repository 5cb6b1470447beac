// How the web screen answers: every response carries the strict headers
// (CSP, nosniff, no caching, no framing); JSON is escaped so it can never be
// read as markup.
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/status.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/json/value.hpp>
#include <string>

namespace host_sim::web {

using Response = boost::beast::http::response<boost::beast::http::string_body>;

Response make_response(boost::beast::http::status status, std::string body,
                       const char* content_type, unsigned version = 11);

// JSON with <, > and & (and controls) escaped as \u00XX.
Response json_response(boost::beast::http::status status, const boost::json::value& body,
                       unsigned version = 11);

// {"error": message}.
Response error_response(boost::beast::http::status status, const std::string& message,
                        unsigned version = 11);

}  // namespace host_sim::web
