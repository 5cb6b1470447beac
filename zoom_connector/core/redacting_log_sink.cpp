#include "core/redacting_log_sink.hpp"

#include <string_view>

#include "core/bounded_text.hpp"

namespace zc {
namespace {

// A line quotes at most a few bounded remote texts; this cap only guards a
// slip (an unbounded value a caller forgot), and keeps each line one line.
constexpr std::size_t k_max_line = 4096;

LogLevel to_host_level(spdlog::level::level_enum level) {
  switch (level) {
    case spdlog::level::trace:
      return LogLevel::trace;
    case spdlog::level::debug:
      return LogLevel::debug;
    case spdlog::level::info:
      return LogLevel::info;
    case spdlog::level::warn:
      return LogLevel::warn;
    default:
      return LogLevel::error;
  }
}

}  // namespace

RedactingHostSink::RedactingHostSink(std::shared_ptr<const HostLog> host,
                                     std::shared_ptr<const Redactor> redactor)
    : host_(std::move(host)), redactor_(std::move(redactor)) {}

void RedactingHostSink::sink_it_(const spdlog::details::log_msg& msg) {
  if (!host_) return;
  std::string text;
  text.reserve(msg.logger_name.size() + msg.payload.size() + 3);
  text.append("[").append(msg.logger_name.data(), msg.logger_name.size()).append("] ");
  text.append(msg.payload.data(), msg.payload.size());
  // Redaction happens here, at the last step before the host, so no caller
  // can forget it; bounding after it, so no cut hides part of a secret.
  host_->write(to_host_level(msg.level),
               bounded_text(redactor_ ? redactor_->redact(text) : text, k_max_line));
}

std::shared_ptr<spdlog::logger> make_connector_logger(const std::string& name,
                                                      std::shared_ptr<const HostLog> host,
                                                      std::shared_ptr<const Redactor> redactor) {
  auto sink = std::make_shared<RedactingHostSink>(std::move(host), std::move(redactor));
  // Constructed directly, not through spdlog's registry: it is neither
  // registered nor the default logger, so two connectors never share one.
  auto logger = std::make_shared<spdlog::logger>(name, std::move(sink));
  logger->set_level(spdlog::level::debug);
  logger->flush_on(spdlog::level::warn);
  return logger;
}

}  // namespace zc
