// The checkpoint a fetch emits and takes back to resume.
//
//   {"version": 1, "credential": "<fingerprint of account and client id>",
//    "partitions": {"meetings|user=abc": {"done": true},
//                   "users|status=active": {"emitted": 600, "last_id": "x", "page_token": "t"}}}
//
// A partition is one paginated walk (one user's meetings, one date window of
// a report). "emitted" counts the records of a partition already handed to
// the host, so a resumed or restarted walk skips exactly those: nothing lost,
// nothing twice. Zoom keeps list order stable between walks; "last_id" lets
// the walk notice when it did not.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "core/error.hpp"

namespace zc::fetch {

struct PartitionProgress {
  bool done = false;
  std::uint64_t emitted = 0;
  std::string last_id;
  std::string page_token;
};

class FetchState {
 public:
  explicit FetchState(std::string credential_fingerprint)
      : credential_(std::move(credential_fingerprint)) {}

  // Checks a state blob from the host: shape, version, and that it belongs
  // to this credential. Every problem is an INVALID_ARGUMENT naming it.
  static Result<FetchState> load(const boost::json::object& blob,
                                 std::string credential_fingerprint);

  std::optional<PartitionProgress> find(const std::string& key) const;
  bool done(const std::string& key) const;
  void set(const std::string& key, PartitionProgress progress);

  std::string to_json() const;
  std::size_t size() const { return partitions_.size(); }

 private:
  std::string credential_;
  std::map<std::string, PartitionProgress> partitions_;
};

// Identifies a credential without revealing anything secret (the client
// secret is not part of it).
std::string credential_fingerprint(std::string_view account_id, std::string_view client_id);

}  // namespace zc::fetch
