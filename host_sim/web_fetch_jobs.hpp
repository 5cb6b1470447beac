// The web fetches of one server: the latest per credential (finished ones
// stay for the page, up to k_kept credentials), at most k_max_running at once,
// none started once the server is stopping.
#pragma once

#include <boost/json/object.hpp>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>

#include "web_fetch_job.hpp"
#include "web_response.hpp"

namespace host_sim::web {

class WebFetchJobs {
 public:
  static constexpr std::size_t k_max_running = 2;
  static constexpr std::size_t k_kept = 8;

  WebFetchJobs(const Host& host, CredentialStore& store) : host_(host), store_(store) {}

  // 202 {"fetch"}, or why not: 503 stopping, 409 one running for this
  // credential, 429 k_max_running running.
  Response start(std::int64_t id, WebFetchRequest request, unsigned version);
  // The latest fetch's snapshot, or nullopt when there is none.
  std::optional<boost::json::object> snapshot(std::int64_t id) const;
  // Stops it; its snapshot, or nullopt when there is none.
  std::optional<boost::json::object> stop(std::int64_t id);
  // Stops it and forgets it (its credential is deleted).
  void drop(std::int64_t id);
  // Stops every fetch; no new one starts.
  void stop_all();

 private:
  const Host& host_;
  CredentialStore& store_;
  mutable std::mutex mutex_;
  bool stopping_ = false;
  std::map<std::int64_t, std::unique_ptr<WebFetchJob>> jobs_;
};

}  // namespace host_sim::web
