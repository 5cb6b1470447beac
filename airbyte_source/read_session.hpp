// One read: turns the configured streams, their saved states and the config
// into a plugin fetch request, pulls the fetch, and tells a listener (the
// Airbyte or the Singer writer) what happened in protocol-neutral terms:
// stream status, records, per-stream states after the records they cover,
// rate limiting, skipped partitions, logs.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline_plugin.hpp"
#include "source_config.hpp"
#include "stream_list.hpp"
#include "stream_state.hpp"

namespace airbyte_source {

enum class StreamStatus { started, running, complete, incomplete };
enum class LogLevel { debug, info, warn, error };

class ReadListener {
 public:
  virtual ~ReadListener() = default;
  virtual void stream_status(const std::string& stream, StreamStatus status, bool rate_limited) = 0;
  // `json` is one compact JSON object.
  virtual void record(const std::string& stream, std::string_view json) = 0;
  // `current` holds every read stream's latest blob; `changed` names those to
  // report now, `counts` their records since their previous state.
  virtual void state(const StreamBlobs& current, const std::vector<std::string>& changed,
                     const std::map<std::string, std::int64_t>& counts) = 0;
  virtual void log(LogLevel level, std::string_view message) = 0;
};

struct ReadStream {
  std::string name;
  bool dated = false;        // the stream takes a date range
  bool incremental = false;  // the sync mode: start at the saved cursor
};

struct ReadPlan {
  SourceConfig config;
  std::vector<ReadStream> streams;
  StreamBlobs saved;  // the states passed in, by stream
};

enum class FailureKind { config, transient, system };

struct ReadOutcome {
  bool ok = true;
  FailureKind kind = FailureKind::system;
  std::string message;   // for people; already redacted by the plugin
  std::string internal;  // the plugin status name
};

FailureKind failure_kind(pp_status status);

ReadOutcome run_read(const pp::Plugin& plugin, const ReadPlan& plan, ReadListener& listener);

}  // namespace airbyte_source
