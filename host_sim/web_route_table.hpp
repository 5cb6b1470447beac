// The web screen's route table: method + path -> handler. A path is exact
// ("/api/screen") or names an id ("/api/credentials/{id}",
// "/api/credentials/{id}/fetch/stop"). A GET route answers HEAD too. A path
// that names an unknown id answers 404 with the table's "missing" message
// (whatever the action); any other path or method without a route answers
// 404 "not found". The checks that come before any route (session, CSRF,
// methods the page never uses) are in web_session.hpp.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "web_request.hpp"
#include "web_response.hpp"

namespace host_sim::web {

struct RouteCall {
  const Request& request;
  unsigned version;    // the request's HTTP version, for the answer
  std::int64_t id = 0; // the {id} of the path, if it has one
};

using RouteHandler = std::function<Response(const RouteCall&)>;

class RouteTable {
 public:
  void add(boost::beast::http::verb method, std::string_view pattern, RouteHandler handler);

  // Asked before an {id} route runs (and for any path under an {id} prefix):
  // false answers 404 `missing`.
  void check_ids(std::function<bool(std::int64_t)> exists, std::string missing);

  Response dispatch(const Request& request) const;

 private:
  struct Route {
    boost::beast::http::verb method;
    std::string path;    // the exact path, or what comes before {id}
    bool has_id = false;
    std::string action;  // after "{id}/": "" or "fetch/stop"
    RouteHandler handler;
  };
  std::vector<Route> routes_;
  std::function<bool(std::int64_t)> exists_;
  std::string missing_;
};

}  // namespace host_sim::web
