// Encrypts secret credential fields at rest with libsodium's AEAD
// XChaCha20-Poly1305 (IETF): a fresh random nonce for every value, stored in
// front of the ciphertext, and associated data naming where the value
// belongs (store, row, field), so a sealed value copied elsewhere does not
// open. Also MACs (keyed BLAKE2b) the columns that are stored in clear.
// Both keys are derived from the one store key (crypto_kdf).
#pragma once

#include <array>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "secure_memory.hpp"

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
  // on first use. The key file must be a regular file, not a symlink, owned
  // by this user and private (0600). Throws KeyError with a clear message.
  static SecretBox load(const std::filesystem::path& key_file);
  // A key given directly (tests); `text` as for $HOST_SIM_STORE_KEY.
  static SecretBox from_text(std::string_view text);

  // nonce || ciphertext || tag, binary.
  std::string seal(std::string_view plaintext, std::string_view associated) const;
  // nullopt when the value was sealed with another key or other associated
  // data, or was tampered with.
  std::optional<SecretString> open(std::string_view sealed, std::string_view associated) const;

  // A tag over `message` (binary, 32 bytes) and its constant-time check.
  std::string mac(std::string_view message) const;
  bool verify_mac(std::string_view message, std::string_view tag) const;

  SecretBox(const SecretBox&) = default;
  SecretBox& operator=(const SecretBox&) = default;
  ~SecretBox();

 private:
  SecretBox() = default;
  void derive_keys(const unsigned char* master);
  std::array<unsigned char, k_key_size> aead_key_{};
  std::array<unsigned char, k_key_size> mac_key_{};
};

// Random bytes as lowercase hex, from libsodium's CSPRNG.
std::string random_hex(std::size_t bytes);

// Base64 (standard alphabet) helpers for storing binary in text columns.
std::string to_base64(std::string_view bytes);
std::optional<std::string> from_base64(std::string_view text);

}  // namespace host_sim
