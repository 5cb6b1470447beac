#include "core/redactor.hpp"

#include <algorithm>
#include <array>
#include <mutex>
#include <optional>

#include "core/oauth_encoding.hpp"
#include "core/secret_wipe.hpp"

namespace zc {
namespace {

std::string json_escaped(std::string_view s) {
  std::string out;
  for (const char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

void add_variants(std::vector<std::string>& into, std::string_view secret) {
  into.emplace_back(secret);
  if (auto enc = form_urlencode(secret); enc != secret) into.push_back(std::move(enc));
  if (auto esc = json_escaped(secret); esc != secret) into.push_back(std::move(esc));
}

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

// The characters of an Authorization value (base64, a JWT, percent-encoding).
bool is_auth_value_char(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' ||
         c == '_' || c == '~' || c == '+' || c == '/' || c == '=' || c == '%' || c == '-';
}

bool is_member_value_char(char c, bool escaped_quotes) {
  return c != '"' && c != '&' && c != ',' && c != '}' && !is_space(c) &&
         !(escaped_quotes && c == '\\');
}

// The length of `word` if `text` starts with it, ignoring ASCII case; else 0.
std::size_t starts_with_word(std::string_view text, std::string_view word) {
  if (text.size() < word.size()) return 0;
  for (std::size_t i = 0; i < word.size(); ++i) {
    if (lower(text[i]) != word[i]) return 0;
  }
  return word.size();
}

std::size_t skip_spaces(std::string_view text, std::size_t at) {
  while (at < text.size() && is_space(text[at])) ++at;
  return at;
}

// An optional quote, plain or JSON-escaped; returns the position after it.
std::size_t skip_quote(std::string_view text, std::size_t at, bool& escaped) {
  if (at < text.size() && text[at] == '"') return at + 1;
  if (at + 1 < text.size() && text[at] == '\\' && text[at + 1] == '"') {
    escaped = true;
    return at + 2;
  }
  return at;
}

struct Match {
  std::size_t keep_end = 0;  // text kept up to here
  std::string_view replacement;
  std::size_t value_end = 0;  // the masked value ends here
};

// "Bearer x", "Basic%20x", "bearer+x".
std::optional<Match> auth_value_at(std::string_view text, std::size_t at) {
  const std::string_view rest = text.substr(at);
  std::size_t keyword = starts_with_word(rest, "bearer");
  if (keyword == 0) keyword = starts_with_word(rest, "basic");
  if (keyword == 0) return std::nullopt;
  std::size_t p = at + keyword;
  if (p < text.size() && is_space(text[p])) {
    p = skip_spaces(text, p);
  } else if (text.substr(p, 3) == "%20") {
    p += 3;
  } else if (p < text.size() && text[p] == '+') {
    p += 1;
  } else {
    return std::nullopt;
  }
  const std::size_t value = p;
  while (p < text.size() && is_auth_value_char(text[p])) ++p;
  if (p == value) return std::nullopt;
  return Match{at + keyword, " ***", p};
}

// access_token=x, "client_secret": "x", \"access_token\":\"x\".
std::optional<Match> member_value_at(std::string_view text, std::size_t at) {
  static constexpr std::array<std::string_view, 3> k_names{"access_token", "refresh_token",
                                                           "client_secret"};
  std::size_t name = 0;
  for (const auto candidate : k_names) {
    if ((name = starts_with_word(text.substr(at), candidate)) != 0) break;
  }
  if (name == 0) return std::nullopt;
  bool escaped = false;
  std::size_t p = skip_spaces(text, skip_quote(text, at + name, escaped));
  if (p >= text.size() || (text[p] != ':' && text[p] != '=')) return std::nullopt;
  p = skip_quote(text, skip_spaces(text, p + 1), escaped);
  const std::size_t value = p;
  while (p < text.size() && is_member_value_char(text[p], escaped)) ++p;
  if (p == value) return std::nullopt;
  return Match{value, Redactor::k_mask, p};
}

}  // namespace

std::string mask_credential_shapes(std::string_view text) {
  std::string out;
  std::size_t copied = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    std::optional<Match> match;
    switch (lower(text[i])) {
      case 'b':
        match = auth_value_at(text, i);
        break;
      case 'a':
      case 'c':
      case 'r':
        match = member_value_at(text, i);
        break;
      default:
        break;
    }
    if (!match) {
      ++i;
      continue;
    }
    if (out.empty()) out.reserve(text.size());
    out.append(text.substr(copied, match->keep_end - copied));
    out.append(match->replacement);
    copied = i = match->value_end;
  }
  if (copied == 0) return std::string(text);
  out.append(text.substr(copied));
  return out;
}

void Redactor::rebuild_matcher() {
  std::vector<std::string> patterns = secrets_;
  for (const auto& token : tokens_) add_variants(patterns, token);
  matcher_ = std::make_shared<const SecretMatcher>(patterns);
}

void Redactor::add_secret(std::string_view secret) {
  if (secret.empty()) return;
  std::unique_lock lock(mutex_);
  std::vector<std::string> variants;
  add_variants(variants, secret);
  for (auto& v : variants) {
    if (std::ranges::find(secrets_, v) == secrets_.end()) secrets_.push_back(std::move(v));
  }
  rebuild_matcher();
}

void Redactor::add_token(std::string_view token) {
  if (token.empty()) return;
  std::unique_lock lock(mutex_);
  if (std::ranges::find(tokens_, token) != tokens_.end()) return;
  tokens_.emplace_back(token);
  while (tokens_.size() > k_max_tokens) tokens_.pop_front();
  rebuild_matcher();
}

std::string Redactor::redact(std::string_view text) const {
  std::shared_ptr<const SecretMatcher> matcher;
  {
    std::shared_lock lock(mutex_);
    matcher = matcher_;
  }
  if (!matcher) return mask_credential_shapes(text);
  return mask_credential_shapes(matcher->mask(text, k_mask));
}

Redactor::~Redactor() {
  for (auto& secret : secrets_) wipe(secret);
  for (auto& token : tokens_) wipe(token);
}

}  // namespace zc
