// The redactor is a linear scanner: whole-token masking of known secrets,
// credential shapes in any case, and no blow-up on huge or hostile input.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "core/redactor.hpp"

namespace {

using Clock = std::chrono::steady_clock;
// A linear scan of 100 MB takes about a second (optimised) and well under a
// minute in a debug build with sanitizers; a quadratic one takes hours.
constexpr double k_linear_limit_s = 60.0;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

TEST(RedactorScan, AShortSecretIsMaskedOnlyAsAWholeToken) {
  zc::Redactor r;
  r.add_secret("wr");
  EXPECT_EQ(r.redact("wrong Account ID"), "wrong Account ID");
  EXPECT_EQ(r.redact("a wrapped answer: wr"), "a wrapped answer: ***");
  EXPECT_EQ(r.redact("secret=wr&x=1"), "secret=***&x=1");
  EXPECT_EQ(r.redact("(wr)"), "(***)");
  EXPECT_EQ(r.redact("awr wra wr_ _wr"), "awr wra wr_ _wr");
}

TEST(RedactorScan, SecretsWithPunctuationAndTheirEncodedFormsAreMasked) {
  zc::Redactor r;
  r.add_secret("p@ss word!\"x");
  EXPECT_EQ(r.redact("got p@ss word!\"x here"), "got *** here");
  EXPECT_EQ(r.redact("form p%40ss%20word%21%22x&"), "form ***&");
  EXPECT_EQ(r.redact(R"(json "p@ss word!\"x")"), R"(json "***")");
}

TEST(RedactorScan, TheLongestOverlappingSecretWins) {
  zc::Redactor r;
  r.add_secret("abc");
  r.add_secret("abc-def");
  EXPECT_EQ(r.redact("x abc-def y abc z"), "x *** y *** z");
  r.add_token("tok1");
  r.add_token("tok1.tok2");
  EXPECT_EQ(r.redact("tok1.tok2 tok1"), "*** ***");
}

TEST(RedactorScan, CredentialShapesInAnyCase) {
  zc::Redactor r;
  EXPECT_EQ(r.redact("BEARER abc.def"), "BEARER ***");
  EXPECT_EQ(r.redact("Authorization: bAsIc%20dXNlcjpw=="), "Authorization: bAsIc ***");
  EXPECT_EQ(r.redact("bearer+abc rest"), "bearer *** rest");
  EXPECT_EQ(r.redact("ACCESS_TOKEN = abc&n=1"), "ACCESS_TOKEN = ***&n=1");
  EXPECT_EQ(r.redact(R"({"Client_Secret" : "s3"})"), R"({"Client_Secret" : "***"})");
  EXPECT_EQ(r.redact(R"({\"refresh_token\":\"r-1\"})"), R"({\"refresh_token\":\"***\"})");
  EXPECT_EQ(r.redact("Bearer"), "Bearer");
  EXPECT_EQ(r.redact("basically fine; access_token: "), "basically fine; access_token: ");
}

TEST(RedactorScan, OneHundredMegabytesOfBearerAreLinear) {
  zc::Redactor r;
  r.add_secret("the-client-secret");
  r.add_token("eyJtoken.part.sig");
  std::string text = "Authorization: Bearer ";
  text.append(100u << 20, 'A');
  text.append(" then the-client-secret and eyJtoken.part.sig");
  const auto start = Clock::now();
  const std::string out = r.redact(text);
  EXPECT_LT(seconds_since(start), k_linear_limit_s);
  EXPECT_EQ(out, "Authorization: Bearer *** then *** and ***");
}

TEST(RedactorScan, MillionsOfShortSecretsAreLinear) {
  zc::Redactor r;
  r.add_secret("wr");
  std::string text;
  text.reserve(20u << 20);
  while (text.size() < (20u << 20)) text.append("wr wrong ");
  const auto start = Clock::now();
  const std::string out = r.redact(text);
  EXPECT_LT(seconds_since(start), k_linear_limit_s);
  EXPECT_EQ(out.substr(0, 27), "*** wrong *** wrong *** wro");
  EXPECT_EQ(out.find("wr "), std::string::npos);
}

// A server chooses its tokens: one built to make a naive search quadratic
// (a long run of one letter, then another) must not slow the scan down.
TEST(RedactorScan, AHostileTokenDoesNotMakeTheScanQuadratic) {
  zc::Redactor r;
  std::string token(3000, 'A');
  token += 'B';
  r.add_token(token);
  std::string text(8u << 20, 'A');
  text += 'B';
  const auto start = Clock::now();
  const std::string out = r.redact(text);
  EXPECT_LT(seconds_since(start), k_linear_limit_s);
  // The token is not a whole token here (letters before it), so it stays.
  EXPECT_EQ(out.size(), text.size());
  EXPECT_EQ(r.redact(" " + token + " "), " *** ");
}

TEST(RedactorScan, ATokenLongerThanTheMatcherKeepsIsMaskedWhole) {
  zc::Redactor r;
  std::string token(zc::SecretMatcher::k_max_pattern + 500, 'x');
  token += "-tail";
  r.add_token(token);
  EXPECT_EQ(r.redact("got " + token + " ok"), "got *** ok");
}

}  // namespace
