#include "secret_box.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

namespace host_sim {
namespace {

void ensure_sodium() {
  if (sodium_init() < 0) throw KeyError("libsodium could not be initialised");
}

std::string trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return std::string(text);
}

std::string errno_text() { return std::strerror(errno); }

}  // namespace

SecretBox::~SecretBox() { sodium_memzero(key_.data(), key_.size()); }

SecretBox SecretBox::from_text(std::string_view raw) {
  ensure_sodium();
  const std::string text = trim(raw);
  SecretBox box;
  std::size_t length = 0;
  if (text.size() == 2 * k_key_size &&
      sodium_hex2bin(box.key_.data(), box.key_.size(), text.data(), text.size(), nullptr,
                     &length, nullptr) == 0 &&
      length == k_key_size) {
    return box;
  }
  std::array<unsigned char, k_key_size + 8> decoded{};
  if (sodium_base642bin(decoded.data(), decoded.size(), text.data(), text.size(), nullptr,
                        &length, nullptr, sodium_base64_VARIANT_ORIGINAL) == 0 &&
      length == k_key_size) {
    std::memcpy(box.key_.data(), decoded.data(), k_key_size);
    sodium_memzero(decoded.data(), decoded.size());
    return box;
  }
  throw KeyError("the store key must be 32 bytes written as 64 hex digits or as base64");
}

SecretBox SecretBox::load(const std::filesystem::path& key_file) {
  ensure_sodium();
  if (const char* env = std::getenv("HOST_SIM_STORE_KEY"); env != nullptr && *env != '\0') {
    try {
      return from_text(env);
    } catch (const KeyError& e) {
      throw KeyError(std::string("HOST_SIM_STORE_KEY: ") + e.what());
    }
  }
  struct stat info {};
  if (::stat(key_file.c_str(), &info) != 0) {
    if (errno != ENOENT) {
      throw KeyError("cannot read the key file " + key_file.string() + ": " + errno_text());
    }
    // Create it atomically: write a private temp file, then link() it into
    // place, which fails if another process got there first.
    const std::string key = random_hex(k_key_size);
    const std::filesystem::path temp =
        key_file.string() + ".tmp." + std::to_string(::getpid()) + "." + random_hex(4);
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
      throw KeyError("cannot create the key file " + key_file.string() + ": " + errno_text());
    }
    const std::string line = key + "\n";
    const bool written = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) &&
                         ::fsync(fd) == 0;
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
    if (::stat(key_file.c_str(), &info) != 0) {
      throw KeyError("cannot read the key file " + key_file.string() + ": " + errno_text());
    }
  }
  if ((info.st_mode & 077) != 0) {
    throw KeyError("the key file " + key_file.string() +
                   " is readable by other users; run: chmod 600 " + key_file.string());
  }
  std::ifstream in(key_file);
  std::stringstream text;
  text << in.rdbuf();
  if (!in) throw KeyError("cannot read the key file " + key_file.string());
  std::string contents = text.str();
  try {
    SecretBox box = from_text(contents);
    sodium_memzero(contents.data(), contents.size());
    return box;
  } catch (const KeyError& e) {
    throw KeyError("the key file " + key_file.string() + " is damaged: " + e.what());
  }
}

std::string SecretBox::seal(std::string_view plaintext) const {
  std::string out(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plaintext.size(), '\0');
  auto* bytes = reinterpret_cast<unsigned char*>(out.data());
  randombytes_buf(bytes, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(bytes + crypto_secretbox_NONCEBYTES,
                        reinterpret_cast<const unsigned char*>(plaintext.data()), plaintext.size(),
                        bytes, key_.data());
  return out;
}

std::optional<std::string> SecretBox::open(std::string_view sealed) const {
  if (sealed.size() < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) return std::nullopt;
  const auto* bytes = reinterpret_cast<const unsigned char*>(sealed.data());
  std::string out(sealed.size() - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES, '\0');
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(out.data()),
                                 bytes + crypto_secretbox_NONCEBYTES,
                                 sealed.size() - crypto_secretbox_NONCEBYTES, bytes,
                                 key_.data()) != 0) {
    return std::nullopt;
  }
  return out;
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
