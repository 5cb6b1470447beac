// The web writes of one server: the latest per credential (a finished one
// stays for the page and its download, up to k_kept credentials), at most
// k_max_running at once, none started once the server is stopping.
#pragma once

#include <boost/json/object.hpp>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>

#include "web_response.hpp"
#include "web_write_job.hpp"

namespace host_sim::web {

class WebWriteJobs {
 public:
  static constexpr std::size_t k_max_running = 2;
  static constexpr std::size_t k_kept = 8;

  WebWriteJobs(const Host& host, CredentialStore& store) : host_(host), store_(store) {}

  // 202 {"write"}, or why not: 503 stopping, 409 one running for this
  // credential or a stopped write of other lines, 429 k_max_running running.
  Response start(std::int64_t id, WebWriteRequest request, unsigned version);
  std::optional<boost::json::object> snapshot(std::int64_t id) const;
  std::optional<boost::json::object> stop(std::int64_t id);
  // The latest write's results file, when it has finished.
  std::optional<std::filesystem::path> finished_results(std::int64_t id) const;
  void drop(std::int64_t id);  // stops it and forgets it (its credential is deleted)
  void stop_all();             // no new one starts

 private:
  const Host& host_;
  CredentialStore& store_;
  mutable std::mutex mutex_;
  bool stopping_ = false;
  std::map<std::int64_t, std::unique_ptr<WebWriteJob>> jobs_;
};

}  // namespace host_sim::web
