// A fetch through trouble (revoked tokens, faults, a failing partition, a
// missing scope) never puts the client secret or a token into a log line, an
// error, a record, a checkpoint or the summary.
#include <gtest/gtest.h>

#include "fetch_support.hpp"

namespace {

constexpr const char* k_secret = "Fetch:Secret%2B+Known";

std::vector<std::string> everything_seen(zc::ZoomConnector& connector, const std::string& request,
                                         std::vector<std::string>& tokens) {
  std::vector<std::string> texts;
  if (auto token = connector.tokens().get()) tokens.push_back((*token)->value);
  auto stream = connector.fetch(request, fetch_test::fast_settings());
  if (!stream) {
    texts.push_back(stream.error().message);
    return texts;
  }
  while (true) {
    auto item = (*stream)->next();
    if (!item) {
      texts.push_back(item.error().message);
      break;
    }
    if (item->kind == zc::FetchItem::Kind::end) break;
    texts.emplace_back(item->json);
    if (auto token = connector.tokens().get()) tokens.push_back((*token)->value);
  }
  if (auto progress = (*stream)->progress_json()) texts.push_back(*progress);
  return texts;
}

TEST(FetchRedaction, NoSecretOrTokenInAnythingAFetchProduces) {
  zoom_sim::App app = zoom_sim::default_app();
  app.client_secret = k_secret;
  auto options = fetch_test::small_account();
  options.apps = {app};
  using K = zoom_sim::FaultKind;
  zoom_sim::FaultRule revoke{K::revoke_token, "/v2/", 0, {3, 20}, {}};
  zoom_sim::FaultRule html{K::html_403, "/v2/users/", 0.05, {}, {}};
  options.faults.rules = {revoke, html};
  zoom_sim::Simulator sim(options);
  auto built = zc_test::build(zc_test::sim_credential(sim, app), zc_test::sim_options(sim));
  ASSERT_TRUE(built.connector);

  std::vector<std::string> tokens;
  auto texts = everything_seen(
      *built.connector,
      R"({"plan":"business","rate_share":1,"streams":["users","meetings","webinars"],"page_size":9})",
      tokens);
  // A scope the app lacks, and a state from someone else.
  auto more =
      everything_seen(*built.connector, R"({"streams":["users"],"state":{"version":1}})", tokens);
  texts.insert(texts.end(), more.begin(), more.end());
  for (const auto& line : built.log->lines()) texts.push_back(line);

  ASSERT_GE(tokens.size(), 2u) << "the revocations forced new tokens";
  ASSERT_GT(texts.size(), 100u);
  for (const auto& text : texts) {
    EXPECT_EQ(text.find(k_secret), std::string::npos) << text;
    EXPECT_EQ(text.find("Fetch:Secret"), std::string::npos) << text;
    for (const auto& token : tokens) {
      EXPECT_EQ(text.find(token), std::string::npos) << "a token leaked into: " << text;
    }
    EXPECT_EQ(text.find("Bearer ey"), std::string::npos) << text;
  }
}

}  // namespace
