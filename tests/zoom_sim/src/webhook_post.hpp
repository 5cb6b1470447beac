// Internal: one asynchronous HTTP(S) POST of the webhook sender, on a fresh
// connection, with one deadline for the whole exchange (Zoom's 3 s) and a
// bounded answer. Redirects are not followed.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace zoom_sim {

struct WebhookTarget {
  bool tls = false;
  std::string host;  // name or IP literal (without brackets)
  std::string port;
  std::string target;  // path and query
};
// http:// or https:// URLs only; nullopt otherwise.
std::optional<WebhookTarget> parse_webhook_url(const std::string& url);

struct PostResult {
  int status = 0;  // 0: no complete answer (error says why)
  std::string body;
  std::string error;
};

// `tls` must be set when target.tls. `done` runs on `ioc`'s thread.
void async_post(boost::asio::io_context& ioc, boost::asio::ssl::context* tls,
                const WebhookTarget& target,
                std::vector<std::pair<std::string, std::string>> headers,
                std::shared_ptr<const std::string> body, std::chrono::milliseconds deadline,
                std::function<void(PostResult)> done);

}  // namespace zoom_sim
