// A plain HTTP server on 127.0.0.1 for tests that need "another host": it
// counts requests and remembers whether they carried an Authorization
// header. Mode silent accepts connections and never answers (timeouts).
#pragma once

#include <memory>
#include <string>

namespace zc_test {

class TestServer {
 public:
  enum class Mode { answer_json, silent };

  explicit TestServer(Mode mode = Mode::answer_json);
  ~TestServer();
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  unsigned short port() const;
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port()); }
  int connections() const;
  int requests() const;
  int requests_with_authorization() const;

  struct State;

 private:
  std::unique_ptr<State> s_;
};

// A loopback port with nothing listening on it (bound, then closed).
unsigned short closed_loopback_port();

}  // namespace zc_test
