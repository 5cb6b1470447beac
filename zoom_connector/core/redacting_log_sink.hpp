// The connector's logging: a per-connector spdlog logger (never registered,
// never the global default) whose one sink redacts every line with the
// connector's Redactor and forwards it to the host's log callback.
#pragma once

#include <spdlog/details/null_mutex.h>
#include <spdlog/logger.h>
#include <spdlog/sinks/base_sink.h>

#include <memory>
#include <string>

#include "core/host_log.hpp"
#include "core/redactor.hpp"

namespace zc {

class RedactingHostSink final : public spdlog::sinks::base_sink<spdlog::details::null_mutex> {
 public:
  RedactingHostSink(std::shared_ptr<const HostLog> host, std::shared_ptr<const Redactor> redactor);

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override;
  void flush_() override {}

 private:
  std::shared_ptr<const HostLog> host_;
  std::shared_ptr<const Redactor> redactor_;
};

// A logger named `name` that writes only through a RedactingHostSink. A null
// host means no output. The sink takes no lock of its own (HostLog and
// Redactor are thread-safe), so the host callback never runs under our lock.
// Level: debug (the host filters further).
std::shared_ptr<spdlog::logger> make_connector_logger(const std::string& name,
                                                      std::shared_ptr<const HostLog> host,
                                                      std::shared_ptr<const Redactor> redactor);

}  // namespace zc
