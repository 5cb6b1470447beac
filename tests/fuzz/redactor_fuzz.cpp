// The redactor: a planted secret and token, standing as whole tokens, never
// come out; credential shapes are masked; the output never grows a secret.
// Input: secret '\n' token '\n' text; the text's '\x01' bytes are replaced
// by the secret and '\x02' by the token.
#include <string>

#include "core/redactor.hpp"
#include "fuzz_support.hpp"

namespace {

bool word_byte(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u >= 0x80 || c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
         (c >= 'A' && c <= 'Z');
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto [secret, rest] = fuzz::split_once(fuzz::as_text(data, size), '\n');
  const auto [token, text] = fuzz::split_once(rest, '\n');
  zc::Redactor redactor;
  redactor.add_secret(secret);
  redactor.add_token(token);
  std::string planted;
  for (const char c : text) {
    if (c == '\x01')
      planted += secret;
    else if (c == '\x02')
      planted += token;
    else
      planted += c;
  }
  const std::string out = redactor.redact(planted);
  // A secret of word bytes standing between spaces is gone, wherever it is.
  // (Inside a longer word it is left alone by design: that is another word.)
  for (const std::string_view s : {secret, token}) {
    if (s.size() < 8 || s.find('\x01') != s.npos || s.find('\x02') != s.npos) continue;
    bool words = true;
    for (const char c : s) words = words && word_byte(c);
    if (!words) continue;
    const std::string alone = " " + std::string(s) + " ";
    FUZZ_CHECK(out.find(alone) == std::string::npos);
    FUZZ_CHECK(redactor.redact(alone).find(s) == std::string::npos);
    FUZZ_CHECK(redactor.redact(planted + alone).find(alone) == std::string::npos);
  }
  const std::string shapes = zc::mask_credential_shapes(planted);
  FUZZ_CHECK(shapes.size() <= planted.size() + 3 * (planted.size() + 1));
  return 0;
}
