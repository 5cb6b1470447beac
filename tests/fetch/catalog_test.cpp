// The catalog the plugin embeds agrees with the code that fetches (one
// truth), and is marked per credential.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "core/credential_catalog.hpp"
#include "core/stream_scopes.hpp"
#include "fetch/stream_catalog.hpp"
#include "fetch_support.hpp"

namespace {

namespace json = boost::json;

json::array streams_of(std::string_view text) {
  return json::parse(text).as_object().at("streams").as_array();
}

TEST(Catalog, AgreesWithTheFetchAndScopeTables) {
  const auto streams = streams_of(zc::embedded_stream_catalog());
  const auto specs = zc::fetch::stream_specs();
  ASSERT_EQ(streams.size(), specs.size());
  for (std::size_t i = 0; i < specs.size(); ++i) {
    const auto& entry = streams[i].as_object();
    const auto& spec = specs[i];
    SCOPED_TRACE(std::string(spec.name));
    EXPECT_EQ(entry.at("name").as_string(), spec.name);
    EXPECT_EQ(entry.at("primary_key").as_array().at(0).as_string(), spec.primary_key);
    EXPECT_EQ(entry.at("rate_category").as_string(), zc::fetch::category_name(spec.category));
    EXPECT_EQ(entry.at("parameters").as_array().empty(), !spec.windowed);
    const auto scopes = zc::find_stream_scopes(spec.name);
    ASSERT_TRUE(scopes.has_value());
    EXPECT_EQ(entry.at("scopes").at("classic").as_string(), scopes->classic_scope);
    EXPECT_EQ(entry.at("scopes").at("granular").as_string(), scopes->granular_scope);
    if (scopes->parent.empty()) {
      EXPECT_TRUE(entry.at("parent").is_null());
    } else {
      EXPECT_EQ(entry.at("parent").as_string(), scopes->parent);
    }
    // The record schema is inlined and names the primary key as required.
    const auto& schema = entry.at("record_schema").as_object();
    EXPECT_EQ(schema.at("type").as_string(), "object");
    const auto& required = schema.at("required").as_array();
    EXPECT_NE(std::find(required.begin(), required.end(), json::value(spec.primary_key)),
              required.end());
    EXPECT_TRUE(schema.at("properties").as_object().contains(spec.primary_key));
  }
}

TEST(Catalog, MarksStreamsTheScopesDoNotAllow) {
  auto marked = zc::mark_catalog(zc::embedded_stream_catalog(),
                                 {"user:read:list_users:admin", "meeting:read:admin"});
  ASSERT_TRUE(marked) << marked.error().message;
  for (const auto& stream : streams_of(*marked)) {
    const auto& entry = stream.as_object();
    const std::string name(entry.at("name").as_string());
    const bool expected =
        name == "users" || name == "meetings" || name == "past_meeting_participants";
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
