// Finds known secrets in text in one pass (Aho-Corasick), so the time is
// linear in the text whatever the secrets and the text look like. A secret
// is masked only as a whole token: not when a word character (ASCII letter,
// digit, '_' or a non-ASCII byte) touches it on a side where the secret
// itself starts or ends with one, so the secret "wr" leaves "wrong" alone.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace zc {

class SecretMatcher {
 public:
  // Patterns longer than this are matched by their first k_max_pattern
  // bytes; a match then masks the rest of the token run too.
  static constexpr std::size_t k_max_pattern = 4096;

  explicit SecretMatcher(const std::vector<std::string>& patterns);

  // `text` with each occurrence replaced by `mask` (overlapping or touching
  // occurrences become one mask).
  std::string mask(std::string_view text, std::string_view mask) const;

 private:
  struct Pattern {
    std::size_t size = 0;
    bool word_start = false;  // first byte is a word character
    bool word_end = false;    // last byte is a word character
    bool truncated = false;   // only the first k_max_pattern bytes are in the trie
  };
  struct Node {
    std::vector<std::pair<unsigned char, std::int32_t>> next;  // sorted by byte
    std::int32_t fail = 0;
    std::int32_t pattern = -1;  // the pattern ending here, if any
    std::int32_t output = -1;   // nearest node on the fail chain with a pattern
  };

  std::int32_t child(std::int32_t node, unsigned char byte) const;
  std::int32_t step(std::int32_t node, unsigned char byte) const;

  std::vector<Node> nodes_;
  std::array<std::int32_t, 256> root_next_{};  // 0: no pattern starts with the byte
  std::vector<Pattern> patterns_;
  std::size_t longest_ = 0;
  bool any_truncated_ = false;
};

}  // namespace zc
