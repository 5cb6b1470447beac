#include "prefix_hash.hpp"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <iterator>
#include <stdexcept>
#include <vector>

namespace host_sim {
namespace {

constexpr std::size_t k_hash_bytes = crypto_generichash_BYTES;  // 32

}  // namespace

PrefixHash::PrefixHash() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
  crypto_generichash_init(&state_, nullptr, 0, k_hash_bytes);
}

void PrefixHash::update(std::string_view bytes) {
  crypto_generichash_update(&state_, reinterpret_cast<const unsigned char*>(bytes.data()),
                            bytes.size());
}

std::string PrefixHash::hex() const {
  crypto_generichash_state copy = state_;
  std::array<unsigned char, k_hash_bytes> digest{};
  crypto_generichash_final(&copy, digest.data(), digest.size());
  std::string text(2 * k_hash_bytes + 1, '\0');
  sodium_bin2hex(text.data(), text.size(), digest.data(), digest.size());
  text.pop_back();
  return text;
}

std::optional<std::string> hash_of_prefix(int fd, std::int64_t length) {
  PrefixHash hash;
  std::vector<char> buffer(256 * 1024);
  std::int64_t done = 0;
  while (done < length) {
    const auto want =
        static_cast<std::size_t>(std::min<std::int64_t>(length - done, std::ssize(buffer)));
    const ssize_t n = ::pread(fd, buffer.data(), want, static_cast<off_t>(done));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw std::runtime_error("cannot read the input to check it");
    if (n == 0) return std::nullopt;
    hash.update(std::string_view(buffer.data(), static_cast<std::size_t>(n)));
    done += n;
  }
  return hash.hex();
}

}  // namespace host_sim
