#include "fetch_progress_view.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <cstdio>
#include <iostream>
#include <sstream>

namespace host_sim {
namespace {

namespace json = boost::json;

std::int64_t number_of(const json::object& object, std::initializer_list<const char*> keys) {
  for (const char* key : keys) {
    if (const auto* value = object.if_contains(key)) {
      if (value->is_int64()) return value->as_int64();
      if (value->is_uint64()) return static_cast<std::int64_t>(value->as_uint64());
      if (value->is_double()) return static_cast<std::int64_t>(value->as_double());
    }
  }
  return -1;
}

std::string duration_text(double seconds) {
  if (seconds < 0) return "--:--";
  const auto total = static_cast<long long>(seconds + 0.5);
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%lld:%02lld", total / 60, total % 60);
  return buffer;
}

}  // namespace

ProgressView::ProgressView(bool tty) : tty_(tty), start_(Clock::now()), last_(start_) {}

bool ProgressView::due() const {
  const auto interval = tty_ ? std::chrono::milliseconds(200) : std::chrono::milliseconds(2000);
  return Clock::now() - last_ >= interval;
}

void ProgressView::update(std::int64_t records, const std::string& progress_json) {
  const auto now = Clock::now();
  last_ = now;
  boost::system::error_code ec;
  const auto parsed = json::parse(progress_json, ec);
  const json::object progress = !ec && parsed.is_object() ? parsed.as_object() : json::object();
  std::int64_t requests = number_of(progress, {"requests", "http_requests"});
  if (const auto* streams = progress.if_contains("streams");
      requests < 0 && streams != nullptr && streams->is_object()) {
    for (const auto& [name, stream] : streams->as_object()) {
      if (!stream.is_object()) continue;
      const std::int64_t count = number_of(stream.as_object(), {"requests"});
      if (count > 0) requests = std::max<std::int64_t>(requests, 0) + count;
    }
  }
  const std::int64_t total =
      number_of(progress, {"total_records", "estimated_records", "expected_records"});
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  const double rate = elapsed > 0 ? static_cast<double>(records) / elapsed : 0;
  const double eta = total > records && rate > 0 ? static_cast<double>(total - records) / rate : -1;
  std::ostringstream line;
  if (tty_) {
    constexpr int k_width = 24;
    line << "\r[";
    if (total > 0) {
      const int done =
          static_cast<int>(k_width * std::min<double>(1.0, static_cast<double>(records) /
                                                               static_cast<double>(total)));
      line << std::string(static_cast<std::size_t>(done), '#')
           << std::string(static_cast<std::size_t>(k_width - done), '.');
    } else {
      const int spot = static_cast<int>(elapsed * 8) % k_width;
      for (int i = 0; i < k_width; ++i) line << (i == spot ? '#' : '.');
    }
    line << "] " << records << (total > 0 ? "/" + std::to_string(total) : std::string())
         << " records";
  } else {
    line << "fetch: " << records << " records";
  }
  if (requests >= 0) line << ", " << requests << " requests";
  char rate_text[32];
  std::snprintf(rate_text, sizeof rate_text, "%.1f", rate);
  line << ", " << rate_text << " rec/s, ETA " << duration_text(eta);
  if (tty_) {
    line << "   ";
    std::cerr << line.str() << std::flush;
    drawn_ = true;
  } else {
    std::cerr << line.str() << "\n";
  }
}

void ProgressView::clear_line() {
  if (drawn_) std::cerr << "\n";
  drawn_ = false;
}

}  // namespace host_sim
