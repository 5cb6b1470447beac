#include "web_route_table.hpp"

#include <stdexcept>
#include <utility>

namespace host_sim::web {

namespace http = boost::beast::http;

namespace {

constexpr std::string_view k_id = "{id}";

}  // namespace

void RouteTable::add(http::verb method, std::string_view pattern, RouteHandler handler) {
  Route route{method, std::string(pattern), false, {}, std::move(handler)};
  if (const auto at = pattern.find(k_id); at != std::string_view::npos) {
    route.path = std::string(pattern.substr(0, at));
    route.has_id = true;
    std::string_view tail = pattern.substr(at + k_id.size());
    if (!tail.empty() && tail.front() != '/') {
      throw std::invalid_argument("a route's {id} must end a path segment");
    }
    if (!tail.empty()) tail.remove_prefix(1);
    route.action = std::string(tail);
  }
  routes_.push_back(std::move(route));
}

void RouteTable::check_ids(std::function<bool(std::int64_t)> exists, std::string missing) {
  exists_ = std::move(exists);
  missing_ = std::move(missing);
}

Response RouteTable::dispatch(const Request& request) const {
  const unsigned version = request.version();
  const std::string_view path = path_of(request.target());
  const http::verb method =
      request.method() == http::verb::head ? http::verb::get : request.method();
  for (const Route& route : routes_) {
    if (!route.has_id && route.method == method && route.path == path) {
      return route.handler(RouteCall{request, version});
    }
  }
  for (const Route& route : routes_) {
    if (!route.has_id) continue;
    const auto named = id_path(path, route.path);
    if (!named) continue;
    const auto [id, action] = *named;
    if (exists_ && !exists_(id)) return error_response(http::status::not_found, missing_, version);
    for (const Route& candidate : routes_) {
      if (candidate.has_id && candidate.path == route.path && candidate.method == method &&
          candidate.action == action) {
        return candidate.handler(RouteCall{request, version, id});
      }
    }
    break;
  }
  return error_response(http::status::not_found, "not found", version);
}

}  // namespace host_sim::web
