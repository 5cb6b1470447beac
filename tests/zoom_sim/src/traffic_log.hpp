// The traffic log: one JSON line per request the simulator answered (method,
// path, query, request body, status, response body), appended to a file so
// that tests/zoom_sim/spec/check_traffic.py can hold both sides to Zoom's
// published API rules. Off unless Options::traffic_log or the environment
// variable ZOOM_SIM_TRAFFIC_LOG (a directory) names where to write.
#pragma once

#include <cstddef>
#include <map>
#include <mutex>
#include <string>

namespace zoom_sim {

struct HttpRequest;
struct HttpResponse;

class TrafficLog {
 public:
  // file: the log file; empty → $ZOOM_SIM_TRAFFIC_LOG/zoom_sim-<pid>.jsonl, or off.
  TrafficLog(const std::string& file, std::size_t bodies_per_route);
  ~TrafficLog();
  TrafficLog(const TrafficLog&) = delete;
  TrafficLog& operator=(const TrafficLog&) = delete;

  bool enabled() const { return fd_ >= 0; }
  // endpoint: the route template ("" when none); fault: the injected fault ("" if none).
  void record(const HttpRequest& req, const HttpResponse& res, const std::string& endpoint,
              const std::string& fault, bool reset);

 private:
  int fd_ = -1;
  std::size_t bodies_per_route_;
  std::mutex mu_;
  std::map<std::string, std::size_t> bodies_logged_;  // "endpoint status" → response bodies kept
};

}  // namespace zoom_sim
