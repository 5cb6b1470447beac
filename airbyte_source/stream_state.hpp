// How the plugin's one checkpoint becomes a state per stream, and back.
//
// The plugin emits one checkpoint for the whole fetch:
//   {"version":1, "credential":"<fingerprint>",
//    "partitions": {"<stream>|<partition>": {...}, ...}, "cursors": {...}}
// Its partition keys start with the stream's name, so the checkpoint splits
// cleanly by stream. Each stream's state blob is
//   {"cursor": "yyyy-mm-dd",        (dated streams: the day the next
//                                    incremental read starts at)
//    "checkpoint": {"version", "credential", "partitions": <this stream's>}}
// "checkpoint" is there only while a read of the stream is unfinished. A
// resumed read merges the blobs of the configured streams back into one
// plugin state; each stream then resumes exactly where its own last
// committed state says, whatever the others say.
//
// The plugin's frontier (the child partitions found and not finished) is
// split too: each child stream's checkpoint carries its own open parents,
//   "checkpoint": {..., "frontier": {"plan": "<fp>", "open": {"<stream>": [...]}},
//                  "moment": "<read id>:<checkpoint number>"}
// and every unfinished stream's blob is re-stamped with the moment at each
// checkpoint. The frontier is only consistent with the parents' progress of
// the same checkpoint (a child finished later than its stream's committed
// state but before its parent's would be in neither), so the merge keeps it
// only when every checkpoint blob has one and all carry the same moment: a
// destination that committed some streams' states of a checkpoint and not
// others gets a resume that lists finished parents again, as before. A checkpoint of another
// shape (a newer plugin) is kept whole in every stream's blob, and the first
// one is passed back.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <expected>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace airbyte_source {

using StreamBlobs = std::map<std::string, boost::json::object>;

// The blob's cursor; an error when it is there but not a yyyy-mm-dd date.
std::expected<std::optional<std::string>, std::string> blob_cursor(const std::string& stream,
                                                                   const boost::json::object& blob);

// The plugin state to resume from (cursors left out: the host passes each
// stream's dates itself), or nothing when no stream has an unfinished walk.
struct MergedState {
  boost::json::object state;
  bool frontier = false;  // the state carries a frontier (see above)
};
std::optional<MergedState> merge_checkpoints(const StreamBlobs& blobs);

// One blob per stream from a plugin checkpoint. `cursors_before` are the
// cursors the read started from; a checkpoint's own cursor (the plugin sets
// it when the fetch completes) replaces it. `moment` names this checkpoint
// of this read (see above).
StreamBlobs split_checkpoint(
    const boost::json::value& checkpoint, const std::vector<std::string>& streams,
    const std::map<std::string, std::optional<std::string>>& cursors_before,
    const std::string& moment);

}  // namespace airbyte_source
