// The webhook check: Zoom's signature over the raw body, computed here
// independently (published HMAC-SHA256 vectors, a vector computed once with
// Python's hmac module, libsodium's one-shot API), the replay window, the
// bounds, the challenge, and the answer the host sends.
#include "events/webhook_check.hpp"

#include <gtest/gtest.h>
#include <sodium.h>

#include <boost/json.hpp>
#include <vector>

#include "events/webhook_hmac.hpp"

namespace zc::events {
namespace {

using namespace std::chrono;
namespace json = boost::json;

const std::string kSecret = "whsec_Fixed-Vector-Token";
const std::string kBody =
    R"({"event":"user.deleted","event_ts":1765000000123,"payload":{"account_id":"acc","object":{"id":"u1"}}})";
constexpr long long kTs = 1765000000;
const system_clock::time_point kNow{seconds(kTs)};

// hex HMAC-SHA256 with libsodium's one-shot API (the code under test streams).
std::string one_shot_hmac_hex(const std::string& key, const std::string& message) {
  unsigned char k[crypto_auth_hmacsha256_KEYBYTES] = {};
  EXPECT_LE(key.size(), sizeof k);  // keys up to 32 bytes are zero-padded, as HMAC does
  std::copy(key.begin(), key.end(), k);
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256(mac, reinterpret_cast<const unsigned char*>(message.data()),
                         message.size(), k);
  char hex[2 * sizeof mac + 1];
  sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
  return hex;
}

std::string headers(const std::string& ts, const std::string& signature) {
  return json::serialize(json::object{{"x-zm-request-timestamp", ts},
                                      {"x-zm-signature", signature},
                                      {"Content-Type", "application/json"}});
}

std::string signature(const std::string& ts, const std::string& body,
                      const std::string& secret = kSecret) {
  return "v0=" + one_shot_hmac_hex(secret, "v0:" + ts + ":" + body);
}

WebhookAnswer check(const std::string& ts, const std::string& sig, const std::string& body,
                    system_clock::time_point now = kNow) {
  return check_webhook(headers(ts, sig), body, kSecret, now);
}

void expect_refused(const WebhookAnswer& a, WebhookRefusal why) {
  EXPECT_EQ(a.kind, WebhookKind::refused);
  ASSERT_TRUE(a.refusal.has_value());
  EXPECT_EQ(refusal_word(*a.refusal), refusal_word(why));
  EXPECT_EQ(a.status, 401);
  EXPECT_TRUE(a.body.empty());  // no detail for the sender
  EXPECT_TRUE(a.headers.empty());
}

TEST(WebhookHmac, PublishedVectorsRfc4231) {
  // RFC 4231 test cases 1 and 2.
  EXPECT_EQ(hmac_sha256_hex(std::string(20, '\x0b'), "Hi There"),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  EXPECT_EQ(hmac_sha256_hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(WebhookHmac, FixedZoomVectorAndLibsodiumAgree) {
  // Computed once with Python 3: hmac.new(b"whsec_Fixed-Vector-Token",
  // b"v0:1765000000:" + body, hashlib.sha256).hexdigest().
  const std::string fixed = "74a776b483c2e88cc2eb596a603bc3a7f76712efd21400c2623723a8443f1f38";
  EXPECT_EQ(hmac_sha256_hex(kSecret, "v0:1765000000:" + kBody), fixed);
  EXPECT_EQ(one_shot_hmac_hex(kSecret, "v0:1765000000:" + kBody), fixed);
  // A key longer than the block (64 bytes) is hashed first: still HMAC.
  const std::string long_key(100, 'k');
  EXPECT_EQ(hmac_sha256_hex(long_key, "m").size(), 64u);
  EXPECT_NE(hmac_sha256_hex(long_key, "m"), hmac_sha256_hex(long_key.substr(0, 64), "m"));
}

TEST(WebhookHmac, ConstantTimeCompare) {
  EXPECT_TRUE(equal_in_constant_time("v0=abc", "v0=abc"));
  EXPECT_FALSE(equal_in_constant_time("v0=abc", "v0=abd"));
  EXPECT_FALSE(equal_in_constant_time("v0=abc", "v0=ab"));
  EXPECT_TRUE(equal_in_constant_time("", ""));
}

TEST(WebhookCheck, AGoodEventIs200WithNothingElse) {
  const auto a = check(std::to_string(kTs), signature(std::to_string(kTs), kBody), kBody);
  EXPECT_EQ(a.kind, WebhookKind::event);
  EXPECT_FALSE(a.refusal.has_value());
  EXPECT_EQ(a.status, 200);
  EXPECT_TRUE(a.body.empty());
  EXPECT_EQ(json::parse(webhook_response_json(a)),
            json::parse(R"({"status":200,"headers":{},"body":""})"));
}

TEST(WebhookCheck, TheFixedVectorIsAccepted) {
  const auto a = check(
      "1765000000", "v0=74a776b483c2e88cc2eb596a603bc3a7f76712efd21400c2623723a8443f1f38", kBody);
  EXPECT_EQ(a.kind, WebhookKind::event);
}

TEST(WebhookCheck, HeaderNamesInAnyCaseAndUpperCaseHex) {
  const std::string ts = std::to_string(kTs);
  std::string sig = signature(ts, kBody);
  for (std::size_t i = 3; i < sig.size(); ++i) sig[i] = char(std::toupper(sig[i]));
  const auto h =
      json::serialize(json::object{{"X-Zm-Request-Timestamp", ts}, {"X-ZM-SIGNATURE", sig}});
  EXPECT_EQ(check_webhook(h, kBody, kSecret, kNow).kind, WebhookKind::event);
}

TEST(WebhookCheck, TamperedBodyTimestampOrSecretIsRefused) {
  const std::string ts = std::to_string(kTs);
  const auto sig = signature(ts, kBody);
  std::string body = kBody;
  body[body.find("u1")] = 'v';
  expect_refused(check(ts, sig, body), WebhookRefusal::bad_signature);
  // The same JSON with other spacing is another body: the raw bytes are signed.
  expect_refused(check(ts, sig, kBody + " "), WebhookRefusal::bad_signature);
  expect_refused(check(std::to_string(kTs + 1), sig, kBody, kNow), WebhookRefusal::bad_signature);
  expect_refused(check(ts, signature(ts, kBody, "another secret"), kBody),
                 WebhookRefusal::bad_signature);
  expect_refused(check(ts, sig.substr(3), kBody), WebhookRefusal::bad_signature);  // no "v0="
  expect_refused(check(ts, "v1=" + sig.substr(3), kBody), WebhookRefusal::bad_signature);
  expect_refused(check(ts, sig.substr(0, sig.size() - 1), kBody), WebhookRefusal::bad_signature);
  expect_refused(check(ts, "", kBody), WebhookRefusal::bad_signature);
}

TEST(WebhookCheck, ReplayWindowIsPlusMinusFiveMinutes) {
  for (long long skew : {-300LL, 0LL, 300LL}) {
    const std::string ts = std::to_string(kTs + skew);
    EXPECT_EQ(check(ts, signature(ts, kBody), kBody).kind, WebhookKind::event) << skew;
  }
  for (long long skew : {-301LL, 301LL, -86400LL}) {
    const std::string ts = std::to_string(kTs + skew);
    expect_refused(check(ts, signature(ts, kBody), kBody), WebhookRefusal::outside_window);
  }
  // A captured request replayed later is refused although its signature is right.
  const std::string ts = std::to_string(kTs);
  expect_refused(check(ts, signature(ts, kBody), kBody, kNow + seconds(301)),
                 WebhookRefusal::outside_window);
}

TEST(WebhookCheck, MalformedHeadersAreRefused) {
  const std::string ts = std::to_string(kTs);
  const auto sig = signature(ts, kBody);
  auto with = [&](const std::string& h) { return check_webhook(h, kBody, kSecret, kNow); };
  expect_refused(with("not json"), WebhookRefusal::headers_malformed);
  expect_refused(with("[]"), WebhookRefusal::headers_malformed);
  expect_refused(with(R"({"x-zm-signature": 5})"), WebhookRefusal::headers_malformed);
  expect_refused(with(R"({"a": {"b": "c"}})"), WebhookRefusal::headers_malformed);
  // The same header twice, in two cases: which one was signed is ambiguous.
  expect_refused(with(json::serialize(json::object{{"x-zm-request-timestamp", ts},
                                                   {"X-ZM-REQUEST-TIMESTAMP", ts},
                                                   {"x-zm-signature", sig}})),
                 WebhookRefusal::headers_malformed);
  expect_refused(with(std::string(70 * 1024, ' ') + "{}"), WebhookRefusal::headers_malformed);
  expect_refused(with(json::serialize(json::object{{"x-zm-signature", sig}})),
                 WebhookRefusal::missing_timestamp);
  expect_refused(with(json::serialize(json::object{{"x-zm-request-timestamp", ts}})),
                 WebhookRefusal::missing_signature);
  for (const char* bad : {"", "-1765000000", "1765000000.5", "0x69", "1765000000000000", " 1"})
    expect_refused(check(bad, sig, kBody), WebhookRefusal::bad_timestamp);
}

TEST(WebhookCheck, BoundsAndMissingSecret) {
  const std::string ts = std::to_string(kTs);
  WebhookLimits limits;
  limits.max_body_bytes = kBody.size() - 1;
  expect_refused(check_webhook(headers(ts, signature(ts, kBody)), kBody, kSecret, kNow, limits),
                 WebhookRefusal::body_too_large);
  expect_refused(check_webhook(headers(ts, signature(ts, kBody, "")), kBody, "", kNow),
                 WebhookRefusal::no_secret);
  // Signed but not an event: refused all the same.
  for (const std::string& body :
       std::vector<std::string>{"[]", "not json", R"({"event": 5})", std::string(100, '[')})
    expect_refused(check(ts, signature(ts, body), body), WebhookRefusal::body_not_json);
}

TEST(WebhookCheck, ChallengeIsAnsweredWithTheTokensHmac) {
  const std::string body =
      R"({"payload":{"plainToken":"qgg8vlvZRS6UYooatFL8Aw"},"event_ts":1765000000000,"event":"endpoint.url_validation"})";
  const std::string ts = std::to_string(kTs);
  const auto a = check(ts, signature(ts, body), body);
  ASSERT_EQ(a.kind, WebhookKind::challenge);
  EXPECT_EQ(a.status, 200);
  const auto answer = json::parse(a.body).as_object();
  EXPECT_EQ(answer.at("plainToken"), "qgg8vlvZRS6UYooatFL8Aw");
  // Computed once with Python 3: hmac.new(b"whsec_Fixed-Vector-Token",
  // b"qgg8vlvZRS6UYooatFL8Aw", hashlib.sha256).hexdigest().
  EXPECT_EQ(answer.at("encryptedToken"),
            "03b0ce7fe1714150467f4b02cc0462c7f9f83e5105e30f1e95f2fe257847b791");
  EXPECT_EQ(answer.at("encryptedToken").as_string(),
            one_shot_hmac_hex(kSecret, "qgg8vlvZRS6UYooatFL8Aw"));
  const auto response = json::parse(webhook_response_json(a)).as_object();
  EXPECT_EQ(response.at("status"), 200);
  EXPECT_EQ(response.at("headers").at("Content-Type"), "application/json");
  EXPECT_EQ(response.at("body").as_string(), a.body);
}

TEST(WebhookCheck, AnUnsignedChallengeIsNotAnHmacOracle) {
  // Answering unsigned challenges would sign anything for anyone: a plainToken
  // of "v0:{ts}:{body}" would come back as a valid signature of that body.
  const std::string ts = std::to_string(kTs);
  const std::string forged = "v0:" + ts + ":" + kBody;
  const std::string body = json::serialize(json::object{
      {"event", "endpoint.url_validation"}, {"payload", json::object{{"plainToken", forged}}}});
  const auto a = check(ts, "v0=" + std::string(64, '0'), body);
  expect_refused(a, WebhookRefusal::bad_signature);
  EXPECT_EQ(webhook_response_json(a), R"({"status":401,"headers":{},"body":""})");
}

TEST(WebhookCheck, MalformedChallengesAreRefused) {
  const std::string ts = std::to_string(kTs);
  for (const std::string& token_json :
       std::vector<std::string>{R"(5)", R"("")", R"("with space")", R"("tab\there")",
                                "\"" + std::string(257, 'a') + "\""}) {
    const std::string body =
        R"({"event":"endpoint.url_validation","payload":{"plainToken":)" + token_json + "}}";
    expect_refused(check(ts, signature(ts, body), body), WebhookRefusal::challenge_malformed);
  }
  const std::string no_payload = R"({"event":"endpoint.url_validation"})";
  expect_refused(check(ts, signature(ts, no_payload), no_payload),
                 WebhookRefusal::challenge_malformed);
}

}  // namespace
}  // namespace zc::events
