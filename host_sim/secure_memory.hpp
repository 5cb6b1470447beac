// Secrets that wipe themselves: memory that held a client secret, a form's
// input or a decrypted field is zeroed (sodium_memzero) before it is freed,
// so a later core dump or a reused heap block does not still carry it.
//
//   SecretString         a string that zeroes its buffer on destruction and
//                        every buffer it outgrows
//   secret_json_storage  a Boost.JSON storage whose blocks are zeroed when
//                        freed: JSON values holding secrets are built on it
#pragma once

#include <boost/json/storage_ptr.hpp>
#include <cstddef>
#include <memory_resource>
#include <string>
#include <string_view>

namespace host_sim {

// Forwards to `upstream`, zeroing every block before giving it back.
class WipingResource final : public std::pmr::memory_resource {
 public:
  explicit WipingResource(std::pmr::memory_resource* upstream = std::pmr::new_delete_resource())
      : upstream_(upstream) {}

 private:
  void* do_allocate(std::size_t bytes, std::size_t alignment) override;
  void do_deallocate(void* block, std::size_t bytes, std::size_t alignment) override;
  bool do_is_equal(const std::pmr::memory_resource& other) const noexcept override {
    return this == &other;
  }
  std::pmr::memory_resource* upstream_;
};

std::pmr::memory_resource* wiping_resource();

class SecretString {
 public:
  SecretString() : value_(wiping_resource()) {}
  explicit SecretString(std::string_view text) : value_(text, wiping_resource()) {}
  SecretString(const SecretString& other) : value_(other.value_, wiping_resource()) {}
  SecretString& operator=(const SecretString& other) {
    if (this != &other) assign(other.view());
    return *this;
  }
  ~SecretString() { wipe(); }

  std::string_view view() const noexcept { return value_; }
  const char* data() const noexcept { return value_.data(); }
  char* data() noexcept { return value_.data(); }
  std::size_t size() const noexcept { return value_.size(); }
  bool empty() const noexcept { return value_.empty(); }
  void assign(std::string_view text);
  // Zeroes the whole buffer (also the small-string bytes kept inside the
  // object, which no allocator sees) and empties the string.
  void wipe() noexcept;

 private:
  std::pmr::string value_;
};

// Zeroes a std::string's buffer in place (for copies the caller cannot avoid).
void wipe_string(std::string& text) noexcept;

boost::json::storage_ptr secret_json_storage();

}  // namespace host_sim
