#include "core/redactor.hpp"

#include <algorithm>
#include <mutex>
#include <regex>

#include "core/oauth_encoding.hpp"

namespace zc {
namespace {

void replace_all(std::string& text, std::string_view needle) {
  if (needle.empty()) return;
  std::size_t pos = 0;
  while ((pos = text.find(needle, pos)) != std::string::npos) {
    text.replace(pos, needle.size(), Redactor::k_mask);
    pos += Redactor::k_mask.size();
  }
}

// The shape of credentials, whatever their value.
const std::regex& auth_value_pattern() {
  static const std::regex re(R"((Bearer|Basic)(\s+|%20|\+)[A-Za-z0-9._~+/=%-]+)",
                             std::regex::icase | std::regex::optimize);
  return re;
}
const std::regex& token_member_pattern() {
  static const std::regex re(R"re(("?(access_token|client_secret)"?\s*[:=]\s*"?)[^"&\s,}]+)re",
                             std::regex::icase | std::regex::optimize);
  return re;
}

std::string json_escaped(std::string_view s) {
  std::string out;
  for (const char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

}  // namespace

void Redactor::add_variants(std::vector<std::string>& into, std::string_view secret) const {
  into.emplace_back(secret);
  if (auto enc = form_urlencode(secret); enc != secret) into.push_back(std::move(enc));
  if (auto esc = json_escaped(secret); esc != secret) into.push_back(std::move(esc));
}

void Redactor::add_secret(std::string_view secret) {
  if (secret.empty()) return;
  std::unique_lock lock(mutex_);
  std::vector<std::string> variants;
  add_variants(variants, secret);
  for (auto& v : variants) {
    if (std::ranges::find(secrets_, v) == secrets_.end()) secrets_.push_back(std::move(v));
  }
  // Longest first, so a secret that contains another is masked whole.
  std::ranges::sort(secrets_, [](const auto& a, const auto& b) { return a.size() > b.size(); });
}

void Redactor::add_token(std::string_view token) {
  if (token.empty()) return;
  std::unique_lock lock(mutex_);
  if (std::ranges::find(tokens_, token) != tokens_.end()) return;
  tokens_.emplace_back(token);
  while (tokens_.size() > k_max_tokens) tokens_.pop_front();
}

std::string Redactor::redact(std::string_view text) const {
  std::string out(text);
  {
    std::shared_lock lock(mutex_);
    for (const auto& s : secrets_) replace_all(out, s);
    for (const auto& t : tokens_) replace_all(out, t);
  }
  if (out.find_first_of("BbAaCc") != std::string::npos) {
    out = std::regex_replace(out, auth_value_pattern(), "$1 ***");
    out = std::regex_replace(out, token_member_pattern(), "$1***");
  }
  return out;
}

}  // namespace zc
