// Removes secrets from text: the connector's client secret, its Basic
// credentials, every access token it has seen, and anything that looks like
// an Authorization value ("Bearer ...", "Basic ...") or an "access_token"
// JSON member. Shared by the log sink, error messages and verdicts, so no
// path can leak them. Thread-safe.
#pragma once

#include <deque>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

namespace zc {

class Redactor {
 public:
  static constexpr std::string_view k_mask = "***";

  // A secret that stays for the connector's life (client secret, the Basic
  // credentials, a proxy password). Empty strings are ignored.
  void add_secret(std::string_view secret);

  // An access token; the newest k_max_tokens are remembered.
  void add_token(std::string_view token);

  std::string redact(std::string_view text) const;

 private:
  static constexpr std::size_t k_max_tokens = 32;
  void add_variants(std::vector<std::string>& into, std::string_view secret) const;

  mutable std::shared_mutex mutex_;
  std::vector<std::string> secrets_;
  std::deque<std::string> tokens_;
};

}  // namespace zc
