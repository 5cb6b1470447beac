// The plugin zeroes its copies of secrets before their memory is freed.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "core/secret_wipe.hpp"

namespace {

bool all_zero(const char* bytes, std::size_t size) {
  return std::all_of(bytes, bytes + size, [](char c) { return c == '\0'; });
}

TEST(SecretWipe, ZeroesTheWholeBufferAndEmptiesTheString) {
  std::string secret(200, 'S');
  secret.resize(120);  // capacity stays 200: the tail still holds secret bytes
  const char* buffer = secret.data();
  const std::size_t capacity = secret.capacity();
  ASSERT_FALSE(all_zero(buffer, capacity));
  zc::wipe(secret);
  EXPECT_TRUE(secret.empty());
  EXPECT_EQ(secret.data(), buffer) << "wiping does not reallocate";
  EXPECT_TRUE(all_zero(buffer, capacity));
}

TEST(SecretWipe, ZeroesASmallInlineString) {
  std::string secret = "short";
  const char* buffer = secret.data();
  zc::wipe(secret);
  EXPECT_TRUE(all_zero(buffer, secret.capacity()));
}

TEST(SecretWipe, WipeOnExitWipesWhenTheScopeEnds) {
  std::string token(64, 'T');
  const char* buffer = token.data();
  const std::size_t capacity = token.capacity();
  { const zc::WipeOnExit guard(token); }
  EXPECT_TRUE(token.empty());
  EXPECT_TRUE(all_zero(buffer, capacity));
}

}  // namespace
