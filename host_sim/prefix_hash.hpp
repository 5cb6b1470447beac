// A running BLAKE2b-256 hash (libsodium's generic hash) of the bytes read
// from the start of a file: a write checkpoint names the input lines it
// covers by their length and this hash, so a resume notices an input that
// changed under the lines already written.
#pragma once

#include <sodium.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace host_sim {

class PrefixHash {
 public:
  PrefixHash();
  void update(std::string_view bytes);
  // The hash of everything so far, as 64 hex digits; the hash goes on.
  std::string hex() const;

 private:
  crypto_generichash_state state_{};
};

// The hash of the first `length` bytes of the file open as `fd` (read from
// offset 0 with pread); nothing when the file is shorter.
std::optional<std::string> hash_of_prefix(int fd, std::int64_t length);

}  // namespace host_sim
