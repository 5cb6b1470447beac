#include "http_client.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <stdexcept>

#include "util.hpp"

namespace zoom_sim::testing {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

struct HttpClient::Conn {
  net::io_context ioc;
  beast::tcp_stream stream{ioc};
  beast::flat_buffer buffer;
  bool open = false;
};

HttpClient::HttpClient(std::string base_url, bool keep_alive, std::chrono::milliseconds timeout)
    : keep_alive_(keep_alive), timeout_(timeout), conn_(std::make_unique<Conn>()) {
  // "http://127.0.0.1:PORT"
  const auto hp = base_url.substr(base_url.find("//") + 2);
  const auto colon = hp.rfind(':');
  host_ = hp.substr(0, colon);
  port_ = static_cast<unsigned short>(std::stoi(hp.substr(colon + 1)));
}

HttpClient::~HttpClient() = default;

Resp HttpClient::request(const std::string& method, const std::string& target,
                         const std::string& body, const Headers& headers) {
  Resp out;
  auto& c = *conn_;
  beast::error_code ec;
  if (!c.open) {
    c.stream.expires_after(timeout_);
    c.stream.connect(tcp::endpoint(net::ip::make_address(host_), port_), ec);
    if (ec) {
      out.error = "connect: " + ec.message();
      return out;
    }
    c.open = true;
    c.buffer.clear();
  }
  http::request<http::string_body> req{http::string_to_verb(method), target, 11};
  req.set(http::field::host, host_ + ":" + std::to_string(port_));
  for (const auto& [k, v] : headers) req.set(k, v);
  req.body() = body;
  req.keep_alive(keep_alive_);
  req.prepare_payload();
  c.stream.expires_after(timeout_);
  http::write(c.stream, req, ec);
  if (!ec) {
    http::response_parser<http::string_body> p;
    p.body_limit(64 * 1024 * 1024);
    // Synchronous reads ignore tcp_stream timeouts, so read asynchronously.
    bool done = false;
    http::async_read(c.stream, c.buffer, p, [&](beast::error_code e, std::size_t) {
      ec = e;
      done = true;
    });
    c.ioc.restart();
    c.ioc.run();
    (void)done;
    if (!ec) {
      auto& res = p.get();
      out.status = static_cast<int>(res.result_int());
      for (const auto& f : res) out.headers[util::lower(f.name_string())] = std::string(f.value());
      out.body = std::move(res.body());
      if (!keep_alive_ || !res.keep_alive()) {
        c.stream.socket().close(ec);
        c.open = false;
      }
      return out;
    }
  }
  out.error = ec == beast::error::timeout ? "timeout"
              : (ec == net::error::connection_reset || ec == http::error::partial_message ||
                 ec == http::error::end_of_stream || ec == net::error::eof)
                  ? "connection reset"
                  : ec.message();
  beast::error_code ignore;
  c.stream.socket().close(ignore);
  c.open = false;
  return out;
}

std::string HttpClient::raw(const std::string& bytes) {
  net::io_context ioc;
  tcp::socket s(ioc);
  s.connect(tcp::endpoint(net::ip::make_address(host_), port_));
  beast::error_code ec;
  net::write(s, net::buffer(bytes), ec);
  std::string got;
  char buf[4096];
  for (;;) {
    const auto n = s.read_some(net::buffer(buf), ec);
    got.append(buf, n);
    if (ec) break;
  }
  return got;
}

std::string basic_auth(const std::string& id, const std::string& secret) {
  return "Basic " + util::base64_encode(id + ":" + secret);
}

std::string pct(const std::string& s) { return util::pct_encode(s); }

std::string fetch_token(const std::string& base_url, const std::string& client_id,
                        const std::string& secret, const std::string& account_id) {
  HttpClient c(base_url);
  auto r = c.request("POST", "/oauth/token",
                     "grant_type=account_credentials&account_id=" + pct(account_id),
                     {{"Authorization", basic_auth(client_id, secret)},
                      {"Content-Type", "application/x-www-form-urlencoded"}});
  if (r.status != 200) throw std::runtime_error("token request failed: " + r.body + r.error);
  return std::string(r.json().at("access_token").as_string());
}

}  // namespace zoom_sim::testing
