// A loopback server that plays a hostile Zoom: each request is answered by
// a test's function (status, content type, body), so a test can send error
// bodies of any size or content. One request per connection.
#pragma once

#include <functional>
#include <memory>
#include <string>

namespace zc_test {

struct CannedAnswer {
  unsigned status = 200;
  std::string content_type = "application/json";
  std::string body;
};

class HostileServer {
 public:
  using Handler = std::function<CannedAnswer(const std::string& method, const std::string& target)>;

  explicit HostileServer(Handler handler);
  ~HostileServer();
  HostileServer(const HostileServer&) = delete;
  HostileServer& operator=(const HostileServer&) = delete;

  std::string base_url() const;
  int requests() const;

  struct State;

 private:
  std::unique_ptr<State> s_;
};

}  // namespace zc_test
