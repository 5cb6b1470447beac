// Removes secrets from text: the connector's client secret, its Basic
// credentials, every access token it has seen, and anything that looks like
// an Authorization value ("Bearer ...", "Basic ...") or an "access_token" /
// "client_secret" member. Shared by the log sink, error messages, verdicts
// and fetch items, so no path can leak them. Thread-safe.
//
// Linear in the text, whatever it holds (no regular expressions). A known
// secret is masked only as a whole token (see SecretMatcher), so a short
// secret does not give itself away by masking letters inside words.
#pragma once

#include <deque>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/secret_matcher.hpp"

namespace zc {

class Redactor {
 public:
  static constexpr std::string_view k_mask = "***";

  Redactor() = default;
  Redactor(const Redactor&) = delete;
  Redactor& operator=(const Redactor&) = delete;
  ~Redactor();  // wipes the secrets and tokens it remembers

  // A secret that stays for the connector's life (client secret, the Basic
  // credentials, a proxy password). Empty strings are ignored.
  void add_secret(std::string_view secret);

  // An access token; the newest k_max_tokens are remembered.
  void add_token(std::string_view token);

  std::string redact(std::string_view text) const;

 private:
  static constexpr std::size_t k_max_tokens = 32;
  void rebuild_matcher();  // with mutex_ held

  mutable std::shared_mutex mutex_;
  std::vector<std::string> secrets_;
  std::deque<std::string> tokens_;
  std::shared_ptr<const SecretMatcher> matcher_;
};

// Masks the value of every credential shape, case-insensitively:
// "Bearer x" / "Basic x" (also with "%20" or "+" in place of the space),
// and access_token / refresh_token / client_secret as a JSON member, a form
// or query parameter, also JSON-escaped. Linear in the text.
std::string mask_credential_shapes(std::string_view text);

}  // namespace zc
