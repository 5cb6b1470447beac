// The catalog the plugin embeds agrees with the code that fetches (one
// truth), and is marked per credential.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "core/catalog_document.hpp"
#include "core/stream_table.hpp"
#include "core/rate_limiter.hpp"
#include "fetch_support.hpp"

namespace {

namespace json = boost::json;

json::array streams_of(std::string_view text) {
  return json::parse(text).as_object().at("streams").as_array();
}

TEST(Catalog, DocumentAgreesWithTheStreamTable) {
  const auto streams = streams_of(zc::embedded_catalog_document());
  const auto table = zc::stream_table();
  ASSERT_EQ(streams.size(), table.size());
  for (std::size_t i = 0; i < table.size(); ++i) {
    const auto& entry = streams[i].as_object();
    const auto& row = table[i];
    SCOPED_TRACE(std::string(row.name));
    EXPECT_EQ(entry.at("name").as_string(), row.name);
    EXPECT_EQ(entry.at("primary_key").as_array().at(0).as_string(), row.primary_key);
    EXPECT_EQ(entry.at("rate_category").as_string(), zc::category_name(row.category));
    EXPECT_EQ(entry.at("parameters").as_array().empty(), !row.windowed);
    EXPECT_EQ(entry.at("scopes").at("classic").as_string(), row.classic_scope);
    EXPECT_EQ(entry.at("scopes").at("granular").as_string(), row.granular_scope);
    if (row.parent.empty()) {
      EXPECT_TRUE(entry.at("parent").is_null());
    } else {
      EXPECT_EQ(entry.at("parent").as_string(), row.parent);
    }
    // How the engine pages a stream is its own business, not the host's.
    EXPECT_FALSE(entry.contains("fetch"));
    // The record schema is inlined and names the primary key as required.
    const auto& schema = entry.at("record_schema").as_object();
    EXPECT_EQ(schema.at("type").as_string(), "object");
    const auto& required = schema.at("required").as_array();
    EXPECT_NE(std::find(required.begin(), required.end(), json::value(row.primary_key)),
              required.end());
    EXPECT_TRUE(schema.at("properties").as_object().contains(row.primary_key));
  }
}

TEST(Catalog, MarksStreamsTheScopesDoNotAllow) {
  auto marked = zc::catalog_document_for_scopes(
      zc::embedded_catalog_document(), {"user:read:list_users:admin", "meeting:read:admin"});
  ASSERT_TRUE(marked) << marked.error().message;
  for (const auto& stream : streams_of(*marked)) {
    const auto& entry = stream.as_object();
    const std::string name(entry.at("name").as_string());
    // meeting:read:admin reads meetings and everything below them.
    const bool expected = name == "users" || name == "meetings" ||
                          name == "past_meeting_participants" || name == "meeting_registrants" ||
                          name == "meeting_polls" || name == "meeting_poll_results" ||
                          name == "meeting_registration_questions";
    EXPECT_EQ(entry.at("allowed").as_bool(), expected) << name;
    EXPECT_EQ(entry.at("missing_scopes").as_array().empty(), expected) << name;
  }
}

TEST(Catalog, ConnectorMarksItsOwnTokensScopes) {
  auto options = fetch_test::small_account();
  zoom_sim::App app = zoom_sim::default_app();
  app.scopes = {"user:read:admin", "group:read:list_groups:admin"};
  options.apps = {app};
  zoom_sim::Simulator sim(options);
  auto built = zc_test::build(zc_test::sim_credential(sim), zc_test::sim_options(sim));
  auto catalog = built.connector->catalog();
  ASSERT_TRUE(catalog) << catalog.error().message;
  for (const auto& stream : streams_of(*catalog)) {
    const auto& entry = stream.as_object();
    const std::string name(entry.at("name").as_string());
    EXPECT_EQ(entry.at("allowed").as_bool(), name == "users" || name == "groups") << name;
    if (name == "meetings") {
      EXPECT_EQ(entry.at("missing_scopes").as_array().at(0).as_string(),
                "meeting:read:admin or meeting:read:list_meetings:admin");
    }
  }
}

}  // namespace
