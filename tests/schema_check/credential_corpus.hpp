// Credentials near every edge of schemas/zoom.credential.schema.json, for
// tests that compare a hand-written check with the schema validator. ASCII
// white space only: valijson's std::regex reads \s byte by byte, so it would
// call U+00A0 a non-space where ECMAScript (and the connector) call it one.
#pragma once

#include <boost/json.hpp>
#include <string>
#include <vector>

namespace schema_check {

struct CredentialCase {
  std::string what;
  boost::json::object credential;
};

inline std::vector<CredentialCase> credential_corpus() {
  const boost::json::object valid{{"credential_name", "Prod"},
                                  {"account_id", "AbCdEfGhIjKlMnOp"},
                                  {"client_id", "QrStUvWxYz012345"},
                                  {"client_secret", "0123456789abcdef0123456789abcdef"}};
  std::vector<CredentialCase> out{{"valid", valid}};
  const auto with = [&](const std::string& key, const auto& value) {
    auto changed = valid;
    changed[key] = boost::json::value_from(value);
    out.push_back({key + " = " + boost::json::serialize(changed[key]).substr(0, 40), changed});
  };
  const auto without = [&](const std::string& key) {
    auto changed = valid;
    changed.erase(key);
    out.push_back({"no " + key, changed});
  };
  const std::string e_acute = "\xC3\xA9";  // two bytes, one character
  std::string accented;
  for (int i = 0; i < 128; ++i) accented += e_acute;
  for (const char* key : {"credential_name", "account_id", "client_id", "client_secret"}) {
    without(key);
    with(key, "");
    with(key, 5);
    with(key, "  ");
  }
  with("credential_name", " a ");
  with("credential_name", std::string(200, 'n'));
  with("credential_name", std::string(201, 'n'));
  with("credential_description", "");
  with("credential_description", "for the reports team");
  with("credential_description", std::string(2000, 'd'));
  with("credential_description", std::string(2001, 'd'));
  with("account_id", "a b");
  with("account_id", "a");
  with("account_id", std::string(128, 'a'));
  with("account_id", std::string(129, 'a'));
  with("account_id", accented);
  with("account_id", accented + e_acute);
  with("account_id", "a:b");
  with("client_id", "a:b");
  with("client_id", ":");
  with("client_id", "a b");
  with("client_id", std::string(128, 'c'));
  with("client_id", std::string(129, 'c'));
  with("client_secret", std::string(15, 's'));
  with("client_secret", std::string(16, 's'));
  with("client_secret", "   s3cret with spaces   ");
  with("client_secret", std::string(16, ' '));
  with("client_secret", std::string(256, 's'));
  with("client_secret", std::string(257, 's'));
  with("validation_url", "https://api.zoom.us/v2/users/me");
  with("validation_url", std::string(2049, 'u'));
  with("evil", "1");
  return out;
}

}  // namespace schema_check
