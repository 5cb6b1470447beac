#include "web_fetch_jobs.hpp"

#include <algorithm>

namespace host_sim::web {

namespace http = boost::beast::http;
namespace json = boost::json;

Response WebFetchJobs::start(std::int64_t id, WebFetchRequest request, unsigned version) {
  std::unique_ptr<WebFetchJob> finished;  // destroyed outside the lock
  const std::lock_guard lock(mutex_);
  if (stopping_) {
    return error_response(http::status::service_unavailable, "host_sim is stopping", version);
  }
  const auto it = jobs_.find(id);
  if (it != jobs_.end() && it->second->running()) {
    return error_response(http::status::conflict,
                          "a fetch is already running for this credential: stop it first",
                          version);
  }
  const auto running =
      std::ranges::count_if(jobs_, [](const auto& job) { return job.second->running(); });
  if (static_cast<std::size_t>(running) >= k_max_running) {
    return error_response(http::status::too_many_requests,
                          "two fetches are running already: wait for one to end or stop it",
                          version);
  }
  if (it != jobs_.end()) {
    finished = std::move(it->second);
    jobs_.erase(it);
  } else if (jobs_.size() >= k_kept) {
    const auto old =
        std::ranges::find_if(jobs_, [](const auto& j) { return !j.second->running(); });
    if (old != jobs_.end()) {
      finished = std::move(old->second);
      jobs_.erase(old);
    }
  }
  auto& job = jobs_[id];
  job = std::make_unique<WebFetchJob>(host_, store_, id, std::move(request));
  return json_response(http::status::accepted, json::object{{"fetch", job->snapshot()}}, version);
}

std::optional<json::object> WebFetchJobs::snapshot(std::int64_t id) const {
  const std::lock_guard lock(mutex_);
  const auto it = jobs_.find(id);
  if (it == jobs_.end()) return std::nullopt;
  return it->second->snapshot();
}

std::optional<json::object> WebFetchJobs::stop(std::int64_t id) {
  const std::lock_guard lock(mutex_);
  const auto it = jobs_.find(id);
  if (it == jobs_.end()) return std::nullopt;
  it->second->stop();
  return it->second->snapshot();
}

void WebFetchJobs::drop(std::int64_t id) {
  std::unique_ptr<WebFetchJob> job;
  {
    const std::lock_guard lock(mutex_);
    const auto it = jobs_.find(id);
    if (it == jobs_.end()) return;
    job = std::move(it->second);
    jobs_.erase(it);
  }
  job->stop();
}

void WebFetchJobs::stop_all() {
  const std::lock_guard lock(mutex_);
  stopping_ = true;
  for (const auto& job : jobs_) job.second->stop();
}

}  // namespace host_sim::web
