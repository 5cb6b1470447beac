#include "secure_memory.hpp"

#include <sodium.h>

#include <boost/json/memory_resource.hpp>

namespace host_sim {
namespace {

// Boost.JSON's own memory_resource type, with the same wiping.
class WipingJsonResource final : public boost::json::memory_resource {
  void* do_allocate(std::size_t bytes, std::size_t alignment) override {
    return wiping_resource()->allocate(bytes, alignment);
  }
  void do_deallocate(void* block, std::size_t bytes, std::size_t alignment) override {
    wiping_resource()->deallocate(block, bytes, alignment);
  }
  bool do_is_equal(const boost::json::memory_resource& other) const noexcept override {
    return this == &other;
  }
};

}  // namespace

void* WipingResource::do_allocate(std::size_t bytes, std::size_t alignment) {
  return upstream_->allocate(bytes, alignment);
}

void WipingResource::do_deallocate(void* block, std::size_t bytes, std::size_t alignment) {
  sodium_memzero(block, bytes);
  upstream_->deallocate(block, bytes, alignment);
}

std::pmr::memory_resource* wiping_resource() {
  static WipingResource resource;
  return &resource;
}

void SecretString::assign(std::string_view text) {
  wipe();
  value_.assign(text);
}

void SecretString::wipe() noexcept {
  sodium_memzero(value_.data(), value_.capacity());
  value_.clear();
}

void wipe_string(std::string& text) noexcept {
  sodium_memzero(text.data(), text.capacity());
  text.clear();
}

boost::json::storage_ptr secret_json_storage() {
  static WipingJsonResource resource;
  return boost::json::storage_ptr(&resource);
}

}  // namespace host_sim
