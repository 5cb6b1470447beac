// Secret memory is zeroed before it is freed; host_sim's process is not
// dumpable.
#include "secure_memory.hpp"

#include <gtest/gtest.h>
#include <sys/prctl.h>
#include <sys/resource.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cstring>
#include <new>
#include <vector>

#include "process_hardening.hpp"

namespace {

// Records what each block held at the moment it was given back.
class RecordingResource final : public std::pmr::memory_resource {
 public:
  std::vector<std::string> freed;

 private:
  void* do_allocate(std::size_t bytes, std::size_t alignment) override {
    return std::pmr::new_delete_resource()->allocate(bytes, alignment);
  }
  void do_deallocate(void* block, std::size_t bytes, std::size_t alignment) override {
    freed.emplace_back(static_cast<const char*>(block), bytes);
    std::pmr::new_delete_resource()->deallocate(block, bytes, alignment);
  }
  bool do_is_equal(const std::pmr::memory_resource& other) const noexcept override {
    return this == &other;
  }
};

bool all_zero(std::string_view bytes) {
  return std::ranges::all_of(bytes, [](char c) { return c == '\0'; });
}

TEST(SecureMemory, WipingResourceZeroesEveryBlockBeforeFreeingIt) {
  RecordingResource upstream;
  host_sim::WipingResource wiping(&upstream);
  {
    std::pmr::string secret("client-secret-0123456789abcdefghijklmnop", &wiping);
    secret += secret;  // grows: the first buffer is freed
  }
  ASSERT_EQ(upstream.freed.size(), 2u);
  for (const auto& block : upstream.freed) EXPECT_TRUE(all_zero(block));
}

TEST(SecureMemory, TheRecorderWouldSeeAnUnwipedSecret) {
  RecordingResource upstream;
  { std::pmr::string secret("client-secret-0123456789abcdefghijklmnop", &upstream); }
  ASSERT_EQ(upstream.freed.size(), 1u);
  EXPECT_NE(upstream.freed[0].find("client-secret"), std::string::npos);
}

TEST(SecureMemory, SecretStringZeroesItsBufferAlsoWhenSmall) {
  // The destructor runs on storage we own, so its bytes can be read after.
  alignas(host_sim::SecretString) unsigned char storage[sizeof(host_sim::SecretString)];
  auto* small = new (storage) host_sim::SecretString("short");
  const char* inline_buffer = small->data();
  const bool is_inline = inline_buffer >= reinterpret_cast<const char*>(storage) &&
                         inline_buffer < reinterpret_cast<const char*>(storage) + sizeof storage;
  small->~SecretString();
  ASSERT_TRUE(is_inline) << "a 5-byte string is kept inside the object";
  EXPECT_EQ(std::string_view(reinterpret_cast<const char*>(storage), sizeof storage).find("short"),
            std::string_view::npos);

  host_sim::SecretString big("0123456789abcdef0123456789abcdef");
  const char* heap = big.data();
  big.wipe();
  EXPECT_TRUE(big.empty());
  EXPECT_TRUE(all_zero(std::string_view(heap, 32)));
}

TEST(SecureMemory, SecretJsonStorageHoldsParsedSecrets) {
  auto storage = host_sim::secret_json_storage();
  const auto value =
      boost::json::parse(R"({"client_secret":"s3cr3t-s3cr3t-s3cr3t-s3cr3t-0000"})", storage);
  EXPECT_EQ(value.storage().get(), storage.get());
  EXPECT_EQ(value.at("client_secret"), "s3cr3t-s3cr3t-s3cr3t-s3cr3t-0000");
}

TEST(ProcessHardening, MakesTheProcessNonDumpableWithNoCoreLimit) {
  ASSERT_EQ(host_sim::make_process_non_dumpable(), "");
  EXPECT_EQ(::prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 0);
  rlimit core{};
  ASSERT_EQ(::getrlimit(RLIMIT_CORE, &core), 0);
  EXPECT_EQ(core.rlim_cur, 0u);
  EXPECT_EQ(core.rlim_max, 0u);
}

}  // namespace
