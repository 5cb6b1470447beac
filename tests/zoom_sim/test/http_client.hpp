// Minimal synchronous HTTP/1.1 client for the simulator's tests and bench
// (loopback only).
#pragma once

#include <boost/json.hpp>
#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace zoom_sim::testing {

struct Resp {
  int status = 0;                              // 0: no complete response (see error)
  std::map<std::string, std::string> headers;  // lowercase names
  std::string body;
  std::string error;  // transport error, e.g. "connection reset", "timeout"
  std::string header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? std::string() : it->second;
  }
  bool has_header(const std::string& lower_name) const { return headers.count(lower_name) > 0; }
  boost::json::value json() const { return boost::json::parse(body); }
};

using Headers = std::vector<std::pair<std::string, std::string>>;

class HttpClient {
 public:
  explicit HttpClient(std::string base_url, bool keep_alive = false,
                      std::chrono::milliseconds timeout = std::chrono::seconds(20));
  ~HttpClient();
  Resp request(const std::string& method, const std::string& target, const std::string& body = "",
               const Headers& headers = {});
  Resp get(const std::string& target, const Headers& headers = {}) {
    return request("GET", target, "", headers);
  }
  // Sends raw bytes on a fresh connection and reads until the peer closes.
  std::string raw(const std::string& bytes);

  struct Conn;

 private:
  std::string host_;
  unsigned short port_ = 0;
  bool keep_alive_;
  std::chrono::milliseconds timeout_;
  std::unique_ptr<Conn> conn_;
};

std::string basic_auth(const std::string& id, const std::string& secret);
std::string pct(const std::string& s);  // percent-encode everything but unreserved chars

// POST /oauth/token for the default app; returns the access token (throws on failure).
std::string fetch_token(const std::string& base_url, const std::string& client_id = "sim-client-id",
                        const std::string& secret = "sim-client-secret",
                        const std::string& account_id = "sim-account-id");

}  // namespace zoom_sim::testing
