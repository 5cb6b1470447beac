#include "secret_box.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>

namespace host_sim {
namespace {

void ensure_sodium() {
  if (sodium_init() < 0) throw KeyError("libsodium could not be initialised");
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return text;
}

std::string errno_text() { return std::strerror(errno); }

}  // namespace

SecretBox::~SecretBox() {
  sodium_memzero(aead_key_.data(), aead_key_.size());
  sodium_memzero(mac_key_.data(), mac_key_.size());
}

void SecretBox::derive_keys(const unsigned char* master) {
  static_assert(k_key_size == crypto_kdf_KEYBYTES);
  crypto_kdf_derive_from_key(aead_key_.data(), aead_key_.size(), 1, "hsseal01", master);
  crypto_kdf_derive_from_key(mac_key_.data(), mac_key_.size(), 2, "hsmac001", master);
}

SecretBox SecretBox::from_text(std::string_view raw) {
  ensure_sodium();
  const std::string_view text = trim(raw);
  SecretBox box;
  std::array<unsigned char, k_key_size + 8> decoded{};
  std::size_t length = 0;
  const bool hex = text.size() == 2 * k_key_size &&
                   sodium_hex2bin(decoded.data(), decoded.size(), text.data(), text.size(),
                                  nullptr, &length, nullptr) == 0 &&
                   length == k_key_size;
  const bool base64 = !hex &&
                      sodium_base642bin(decoded.data(), decoded.size(), text.data(), text.size(),
                                        nullptr, &length, nullptr,
                                        sodium_base64_VARIANT_ORIGINAL) == 0 &&
                      length == k_key_size;
  if (hex || base64) box.derive_keys(decoded.data());
  sodium_memzero(decoded.data(), decoded.size());
  if (!hex && !base64) {
    throw KeyError("the store key must be 32 bytes written as 64 hex digits or as base64");
  }
  return box;
}

namespace {

// Creates the key file atomically: a private temp file, link()ed into
// place, which fails if another process got there first.
void create_key_file(const std::filesystem::path& key_file) {
  std::string key = random_hex(SecretBox::k_key_size) + "\n";
  const std::filesystem::path temp =
      key_file.string() + ".tmp." + std::to_string(::getpid()) + "." + random_hex(4);
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) {
    wipe_string(key);
    throw KeyError("cannot create the key file " + key_file.string() + ": " + errno_text());
  }
  const bool written =
      ::write(fd, key.data(), key.size()) == static_cast<ssize_t>(key.size()) && ::fsync(fd) == 0;
  wipe_string(key);
  ::close(fd);
  if (!written) {
    ::unlink(temp.c_str());
    throw KeyError("cannot write the key file " + key_file.string() + ": " + errno_text());
  }
  const int linked = ::link(temp.c_str(), key_file.c_str());
  const int link_errno = errno;
  ::unlink(temp.c_str());
  if (linked != 0 && link_errno != EEXIST) {
    throw KeyError("cannot create the key file " + key_file.string() + ": " +
                   std::strerror(link_errno));
  }
}

}  // namespace

SecretBox SecretBox::load(const std::filesystem::path& key_file) {
  ensure_sodium();
  if (const char* env = std::getenv("HOST_SIM_STORE_KEY"); env != nullptr && *env != '\0') {
    try {
      return from_text(env);
    } catch (const KeyError& e) {
      throw KeyError(std::string("HOST_SIM_STORE_KEY: ") + e.what());
    }
  }
  int fd = ::open(key_file.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT) {
    create_key_file(key_file);
    fd = ::open(key_file.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  }
  if (fd < 0) {
    if (errno == ELOOP) {
      throw KeyError("the key file " + key_file.string() +
                     " is a symbolic link; host_sim reads only a regular file there");
    }
    throw KeyError("cannot read the key file " + key_file.string() + ": " + errno_text());
  }
  struct stat info {};
  std::string why;
  if (::fstat(fd, &info) != 0) {
    why = "cannot be checked: " + errno_text();
  } else if (!S_ISREG(info.st_mode)) {
    why = "is not a regular file";
  } else if (info.st_uid != ::geteuid()) {
    why = "belongs to another user (uid " + std::to_string(info.st_uid) + ")";
  } else if ((info.st_mode & 077) != 0) {
    why = "is readable or writable by other users; run: chmod 600 " + key_file.string();
  }
  if (!why.empty()) {
    ::close(fd);
    throw KeyError("the key file " + key_file.string() + " " + why);
  }
  std::array<char, 256> buffer{};
  const ssize_t got = ::read(fd, buffer.data(), buffer.size());
  ::close(fd);
  if (got < 0) {
    throw KeyError("cannot read the key file " + key_file.string() + ": " + errno_text());
  }
  const std::string_view contents(buffer.data(), static_cast<std::size_t>(got));
  try {
    SecretBox box = from_text(contents);
    sodium_memzero(buffer.data(), buffer.size());
    return box;
  } catch (const KeyError& e) {
    sodium_memzero(buffer.data(), buffer.size());
    throw KeyError("the key file " + key_file.string() + " is damaged: " + e.what());
  }
}

std::string SecretBox::seal(std::string_view plaintext, std::string_view associated) const {
  constexpr std::size_t nonce_size = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  std::string out(nonce_size + plaintext.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES, '\0');
  auto* bytes = reinterpret_cast<unsigned char*>(out.data());
  randombytes_buf(bytes, nonce_size);
  unsigned long long length = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      bytes + nonce_size, &length, reinterpret_cast<const unsigned char*>(plaintext.data()),
      plaintext.size(), reinterpret_cast<const unsigned char*>(associated.data()),
      associated.size(), nullptr, bytes, aead_key_.data());
  out.resize(nonce_size + static_cast<std::size_t>(length));
  return out;
}

std::optional<SecretString> SecretBox::open(std::string_view sealed,
                                            std::string_view associated) const {
  constexpr std::size_t nonce_size = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
  constexpr std::size_t tag_size = crypto_aead_xchacha20poly1305_ietf_ABYTES;
  if (sealed.size() < nonce_size + tag_size) return std::nullopt;
  const auto* bytes = reinterpret_cast<const unsigned char*>(sealed.data());
  SecretString out(std::string(sealed.size() - nonce_size - tag_size, '\0'));
  unsigned long long length = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(out.data()), &length, nullptr,
          bytes + nonce_size, sealed.size() - nonce_size,
          reinterpret_cast<const unsigned char*>(associated.data()), associated.size(), bytes,
          aead_key_.data()) != 0) {
    return std::nullopt;
  }
  return out;
}

std::string SecretBox::mac(std::string_view message) const {
  std::string tag(crypto_generichash_BYTES, '\0');
  crypto_generichash(reinterpret_cast<unsigned char*>(tag.data()), tag.size(),
                     reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                     mac_key_.data(), mac_key_.size());
  return tag;
}

bool SecretBox::verify_mac(std::string_view message, std::string_view tag) const {
  const std::string expected = mac(message);
  return tag.size() == expected.size() &&
         sodium_memcmp(tag.data(), expected.data(), expected.size()) == 0;
}

std::string random_hex(std::size_t bytes) {
  ensure_sodium();
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  std::string hex(2 * bytes + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), reinterpret_cast<const unsigned char*>(raw.data()),
                 raw.size());
  hex.pop_back();
  return hex;
}

std::string to_base64(std::string_view bytes) {
  ensure_sodium();
  std::string out(sodium_base64_encoded_len(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), sodium_base64_VARIANT_ORIGINAL);
  out.pop_back();  // the NUL
  return out;
}

std::optional<std::string> from_base64(std::string_view text) {
  ensure_sodium();
  std::string out(text.size(), '\0');
  std::size_t length = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                        text.size(), nullptr, &length, nullptr,
                        sodium_base64_VARIANT_ORIGINAL) != 0) {
    return std::nullopt;
  }
  out.resize(length);
  return out;
}

}  // namespace host_sim
