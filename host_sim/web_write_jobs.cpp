#include "web_write_jobs.hpp"

#include <algorithm>

#include "safe_file.hpp"

namespace host_sim::web {

namespace http = boost::beast::http;
namespace json = boost::json;

Response WebWriteJobs::start(std::int64_t id, WebWriteRequest request, unsigned version) {
  std::unique_ptr<WebWriteJob> finished;  // destroyed outside the lock
  const std::lock_guard lock(mutex_);
  if (stopping_) {
    return error_response(http::status::service_unavailable, "host_sim is stopping", version);
  }
  const auto it = jobs_.find(id);
  if (it != jobs_.end() && it->second->running()) {
    return error_response(http::status::conflict,
                          "a write is already running for this credential: stop it first", version);
  }
  const auto running =
      std::ranges::count_if(jobs_, [](const auto& job) { return job.second->running(); });
  if (static_cast<std::size_t>(running) >= k_max_running) {
    return error_response(http::status::too_many_requests,
                          "two writes are running already: wait for one to end or stop it",
                          version);
  }
  try {
    if (const auto blocked = WebWriteJob::blocked_by_stopped_write(store_, id, request)) {
      return json_response(http::status::conflict,
                           json::object{{"error", *blocked}, {"start_over", true}}, version);
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
    auto job = std::make_unique<WebWriteJob>(host_, store_, id, std::move(request));
    auto& kept = jobs_[id] = std::move(job);
    return json_response(http::status::accepted, json::object{{"write", kept->snapshot()}},
                         version);
  } catch (const OutputError& e) {
    return error_response(http::status::internal_server_error,
                          std::string("cannot keep the write's files: ") + e.what(), version);
  }
}

std::optional<json::object> WebWriteJobs::snapshot(std::int64_t id) const {
  const std::lock_guard lock(mutex_);
  const auto it = jobs_.find(id);
  if (it == jobs_.end()) return std::nullopt;
  return it->second->snapshot();
}

std::optional<json::object> WebWriteJobs::stop(std::int64_t id) {
  const std::lock_guard lock(mutex_);
  const auto it = jobs_.find(id);
  if (it == jobs_.end()) return std::nullopt;
  it->second->stop();
  return it->second->snapshot();
}

std::optional<std::filesystem::path> WebWriteJobs::finished_results(std::int64_t id) const {
  const std::lock_guard lock(mutex_);
  const auto it = jobs_.find(id);
  if (it == jobs_.end() || it->second->running()) return std::nullopt;
  return it->second->results_path();
}

void WebWriteJobs::drop(std::int64_t id) {
  std::unique_ptr<WebWriteJob> job;
  {
    const std::lock_guard lock(mutex_);
    const auto it = jobs_.find(id);
    if (it == jobs_.end()) return;
    job = std::move(it->second);
    jobs_.erase(it);
  }
  job->stop();
}

void WebWriteJobs::stop_all() {
  const std::lock_guard lock(mutex_);
  stopping_ = true;
  for (const auto& job : jobs_) job.second->stop();
}

}  // namespace host_sim::web
