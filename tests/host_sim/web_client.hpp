// A client of host_sim's web screen for the tests: signs in with the launch
// key (the session cookie), then sends API requests with the CSRF token, one
// connection each, and keeps every answer's body so a test can check that
// no secret was in any.
#pragma once

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "web_server.hpp"

namespace host_sim_test {

struct WebAnswer {
  int status = 0;
  std::string body;
  std::string content_type;
  std::string content_disposition;
  boost::json::value json() const { return boost::json::parse(body); }
};

class WebClient {
 public:
  // Signs in to `server` (its url() carries the launch key).
  explicit WebClient(const host_sim::WebServer& server) : server_(server) {
    const std::string url = server.url();
    const auto signed_in =
        exchange(boost::beast::http::verb::get, url.substr(url.find('/', 7)), "", false);
    cookie_ = signed_in.second.substr(0, signed_in.second.find(';'));
  }

  bool signed_in() const { return !cookie_.empty(); }

  WebAnswer send(boost::beast::http::verb method, const std::string& target,
                 const std::string& body = "") {
    return exchange(method, target, body, true).first;
  }

  // The bodies of every answer so far.
  const std::vector<std::string>& answers() const { return answers_; }

 private:
  // The answer and its Set-Cookie header.
  std::pair<WebAnswer, std::string> exchange(boost::beast::http::verb method,
                                             const std::string& target, const std::string& body,
                                             bool with_cookie) {
    namespace http = boost::beast::http;
    namespace net = boost::asio;
    http::request<http::string_body> request(method, target, 11);
    request.set(http::field::host, "127.0.0.1:" + std::to_string(server_.port()));
    if (with_cookie) request.set(http::field::cookie, cookie_);
    request.set("X-CSRF-Token", server_.csrf_token());
    if (!body.empty()) {
      request.set(http::field::content_type, "application/json");
      request.body() = body;
    }
    request.prepare_payload();
    net::io_context io;
    net::ip::tcp::socket socket(io);
    socket.connect({net::ip::make_address("127.0.0.1"), server_.port()});
    http::write(socket, request);
    boost::beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(128 * 1024 * 1024);
    http::read(socket, buffer, parser);
    const auto& response = parser.get();
    WebAnswer answer{static_cast<int>(response.result_int()), response.body(),
                     std::string(response[http::field::content_type]),
                     std::string(response[http::field::content_disposition])};
    answers_.push_back(answer.body);
    return {answer, std::string(response[http::field::set_cookie])};
  }

  const host_sim::WebServer& server_;
  std::string cookie_;
  std::vector<std::string> answers_;
};

}  // namespace host_sim_test
