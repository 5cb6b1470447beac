// FetchRun::walk_downloads: a download child (recording_transcripts). Its
// single record (the meeting's recordings, read fresh: a download_url is
// never kept in a checkpoint) names files; each of the catalog's file_type
// is downloaded (ZoomApiClient::download: the token to Zoom only, never
// after a redirect; at most k_max_transcript_bytes) and read as WebVTT, one
// record a cue. A partition's cues are handed over at once, so it is done
// or not: a resume never repeats or loses a cue. A file that cannot be read
// fails the partition, named by the recording file's id, never its URL.
#include <spdlog/logger.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "fetch/fetch_run.hpp"
#include "fetch/webvtt.hpp"

namespace zc::fetch {
namespace {

namespace json = boost::json;

std::string text_field(const json::object& object, std::string_view key) {
  const json::value* value = object.if_contains(key);
  return value != nullptr && value->is_string() ? std::string(value->as_string()) : std::string();
}

// Our words only: a download's own error may hold its URL.
Error download_failure(const std::string& file_id, std::string why) {
  return Error::make(Status::remote_error,
                     "recording file " + file_id + ": its transcript " + std::move(why));
}

std::string cue_record(const Partition& partition, const std::string& file_id, const VttCue& cue) {
  json::object record;
  record["id"] = file_id + "#" + std::to_string(cue.index);
  record["meeting_uuid"] = partition.parent_id;
  record["recording_id"] = file_id;
  record["cue_index"] = cue.index;
  record["start_ms"] = cue.start_ms;
  record["end_ms"] = cue.end_ms;
  record["speaker"] = cue.speaker;
  record["text"] = cue.text;
  record["_parent_id"] = partition.parent_id;
  return json::serialize(record);
}

}  // namespace

Result<std::vector<std::string>> FetchRun::download_records(const Partition& partition,
                                                            const PageReader& reader,
                                                            StreamCounters& counters) {
  const StreamDef& stream = *partition.stream;
  boost::system::error_code ec;
  const json::value answer = json::parse(reader.text(0), ec);
  const json::value* files =
      answer.is_object() ? answer.as_object().if_contains(stream.download_files) : nullptr;
  if (ec || files == nullptr || !files->is_array()) {
    return fail(Status::remote_error,
                "Zoom's answer has no \"" + std::string(stream.download_files) + "\" list");
  }
  std::vector<std::string> records;
  for (const json::value& file : files->as_array()) {
    if (!file.is_object() || text_field(file.as_object(), "file_type") != stream.download_file_type)
      continue;
    const std::string id = text_field(file.as_object(), "id");
    const std::string url = text_field(file.as_object(), "download_url");
    if (id.empty() || url.empty()) {
      return std::unexpected(download_failure(id.empty() ? "(no id)" : id, "has no download_url"));
    }
    counters.requests++;
    auto got = api_.download(url, k_max_transcript_bytes);
    if (!got) {
      const Status status = got.error().status;
      Error error = download_failure(
          id, status == Status::timeout ? "download timed out" : "could not be downloaded");
      error.status = status;  // a cancel still ends the fetch
      error.retryable = true;
      return std::unexpected(std::move(error));
    }
    if (got->status < 200 || got->status > 299) {
      auto error =
          download_failure(id, "download was answered HTTP " + std::to_string(got->status));
      return std::unexpected(std::move(error));
    }
    auto cues = parse_webvtt(got->body);
    if (!cues) return std::unexpected(download_failure(id, "is not WebVTT: " + cues.error()));
    for (const VttCue& cue : *cues) records.push_back(cue_record(partition, id, cue));
  }
  return records;
}

void FetchRun::walk_downloads(const std::shared_ptr<Partition>& partition, const PageReader& reader,
                              StreamCounters& counters) {
  auto records = download_records(*partition, reader, counters);
  if (!records) {
    on_page_error(partition, records.error());
    return;
  }
  std::vector<QueuedItem> items;
  {
    std::lock_guard emit_lock(emit_mutex_);
    for (std::string& record : *records) {
      if (partition->skip > 0) {  // handed over by an earlier walk
        --partition->skip;
        continue;
      }
      if (!partition->emit) continue;
      QueuedItem& item = items.emplace_back();
      item.stream = partition->stream->name;
      item.json = std::move(record);
    }
    partition->emitted += items.size();
    counters.records += items.size();
    if (!items.empty() && !queue_.push_all(items)) return;  // the host closed the fetch
    state_.set(partition->key, PartitionProgress{true, partition->emitted, {}, {}, false});
    dirty_ = true;
    maybe_checkpoint(false);
  }
  finish_partition(partition);
}

}  // namespace zc::fetch
