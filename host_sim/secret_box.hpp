// Encrypts secret credential fields at rest with libsodium's secretbox
// (XSalsa20-Poly1305): a fresh random nonce for every value, stored in front
// of the ciphertext.
#pragma once

#include <array>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace host_sim {

class KeyError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class SecretBox {
 public:
  static constexpr std::size_t k_key_size = 32;

  // The key from $HOST_SIM_STORE_KEY (64 hex digits or base64 of 32 bytes)
  // when set; else from `key_file`, created (0600, 32 random bytes as hex)
  // on first use. Throws KeyError with a clear message.
  static SecretBox load(const std::filesystem::path& key_file);
  // A key given directly (tests); `text` as for $HOST_SIM_STORE_KEY.
  static SecretBox from_text(std::string_view text);

  // nonce || ciphertext, binary.
  std::string seal(std::string_view plaintext) const;
  // nullopt when the value was sealed with another key or was tampered with.
  std::optional<std::string> open(std::string_view sealed) const;

  SecretBox(const SecretBox&) = default;
  SecretBox& operator=(const SecretBox&) = default;
  ~SecretBox();

 private:
  SecretBox() = default;
  std::array<unsigned char, k_key_size> key_{};
};

// Random bytes as lowercase hex, from libsodium's CSPRNG.
std::string random_hex(std::size_t bytes);

// Base64 (standard alphabet) helpers for storing binary in text columns.
std::string to_base64(std::string_view bytes);
std::optional<std::string> from_base64(std::string_view text);

}  // namespace host_sim
