// The generated stream table says what schemas/catalog.json says, field by
// field, and every parent it names exists and can feed its children.
#include "core/stream_table.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <fstream>
#include <sstream>

#include "core/rate_limiter.hpp"

namespace {

namespace json = boost::json;

json::array source_streams() {
  std::ifstream in(ZC_SOURCE_CATALOG);
  std::stringstream text;
  text << in.rdbuf();
  return json::parse(text.str()).as_object().at("streams").as_array();
}

std::string_view text_or_empty(const json::object& object, std::string_view key) {
  const json::value* value = object.if_contains(key);
  return value != nullptr && value->is_string() ? std::string_view(value->as_string())
                                                : std::string_view();
}

TEST(StreamTable, SaysWhatCatalogJsonSays) {
  const auto streams = source_streams();
  const auto table = zc::stream_table();
  ASSERT_EQ(table.size(), streams.size());
  for (std::size_t i = 0; i < table.size(); ++i) {
    const auto& entry = streams[i].as_object();
    const zc::StreamDef& row = table[i];
    SCOPED_TRACE(std::string(row.name));
    EXPECT_EQ(row.name, entry.at("name").as_string());
    EXPECT_EQ(row.parent, entry.at("parent").is_null() ? "" : entry.at("parent").as_string());
    EXPECT_EQ(row.classic_scope, entry.at("scopes").at("classic").as_string());
    EXPECT_EQ(row.granular_scope, entry.at("scopes").at("granular").as_string());
    EXPECT_EQ(zc::category_name(row.category), entry.at("rate_category").as_string());
    EXPECT_EQ(row.primary_key, entry.at("primary_key").as_array().at(0).as_string());
    EXPECT_EQ(row.windowed, !entry.at("parameters").as_array().empty());

    const auto& fetch = entry.at("fetch").as_object();
    EXPECT_EQ(row.path, fetch.at("path").as_string());
    EXPECT_EQ(row.array_key, text_or_empty(fetch, "array_key")) << "absent: one record an answer";
    EXPECT_EQ(row.page_size_max,
              fetch.contains("page_size_max") ? fetch.at("page_size_max").as_int64() : 0)
        << "absent: not paged";
    EXPECT_EQ(row.window_date_time, text_or_empty(fetch, "window_format") == "date_time");
    const json::value* download = fetch.if_contains("download");
    const json::object no_download;
    const json::object& files = download != nullptr ? download->as_object() : no_download;
    EXPECT_EQ(row.download_files, text_or_empty(files, "files"));
    EXPECT_EQ(row.download_file_type, text_or_empty(files, "file_type"));
    EXPECT_EQ(row.unavailable_means == zc::UnavailableMeans::no_summary,
              text_or_empty(fetch, "unavailable_means") == "no_summary");
    EXPECT_EQ(row.fixed_query, text_or_empty(fetch, "fixed_query"));
    EXPECT_EQ(row.history_days,
              fetch.contains("history_days") ? fetch.at("history_days").as_int64() : 0);
    if (const auto* by = fetch.if_contains("partition_by")) {
      EXPECT_EQ(row.partition_query, by->at("query").as_string());
      const auto& values = by->at("values").as_array();
      ASSERT_EQ(row.partition_values.size(), values.size());
      for (std::size_t v = 0; v < values.size(); ++v) {
        EXPECT_EQ(row.partition_values[v], values[v].as_string());
      }
    } else {
      EXPECT_TRUE(row.partition_query.empty());
      EXPECT_TRUE(row.partition_values.empty());
    }
    if (const auto* child_id = fetch.if_contains("child_id")) {
      EXPECT_EQ(row.child_id_field, child_id->at("field").as_string());
      EXPECT_EQ(row.child_label, child_id->at("label").as_string());
      EXPECT_EQ(row.child_id_encoding == zc::IdEncoding::meeting_uuid,
                child_id->at("encoding").as_string() == "meeting_uuid");
    } else {
      EXPECT_TRUE(row.child_id_field.empty());
    }
    EXPECT_EQ(row.parent_filter == zc::ParentFilter::started,
              text_or_empty(fetch, "parent_filter") == "started");
    if (const auto* match = fetch.if_contains("parent_match")) {
      EXPECT_EQ(row.parent_match_field, match->at("field").as_string());
      const auto& values = match->at("values").as_array();
      ASSERT_EQ(row.parent_match_values.size(), values.size());
      for (std::size_t v = 0; v < values.size(); ++v) {
        EXPECT_EQ(row.parent_match_values[v], values[v].is_string()
                                                  ? std::string(values[v].as_string())
                                                  : json::serialize(values[v]));
      }
    } else {
      EXPECT_TRUE(row.parent_match_field.empty());
    }
    // A child's "{id}" is the parent's child id unless fetch.parent_id names another field.
    if (!row.parent.empty()) {
      const zc::StreamDef* parent = zc::find_stream(row.parent);
      ASSERT_NE(parent, nullptr);
      const auto* own = fetch.if_contains("parent_id");
      EXPECT_EQ(row.parent_id_field,
                own != nullptr ? own->at("field").as_string() : parent->child_id_field);
      EXPECT_EQ(row.parent_id_encoding, own != nullptr
                                            ? (own->at("encoding").as_string() == "meeting_uuid"
                                                   ? zc::IdEncoding::meeting_uuid
                                                   : zc::IdEncoding::plain)
                                            : parent->child_id_encoding);
    } else {
      EXPECT_TRUE(row.parent_id_field.empty());
    }
    EXPECT_EQ(row.parent_filter == zc::ParentFilter::has_download,
              text_or_empty(fetch, "parent_filter") == "has_download");
    EXPECT_EQ(row.active_hosts_report, text_or_empty(fetch, "active_hosts_report"));
  }
}

TEST(StreamTable, EveryParentExistsAndFeedsItsChildren) {
  const auto table = zc::stream_table();
  for (const zc::StreamDef& row : table) {
    SCOPED_TRACE(std::string(row.name));
    EXPECT_EQ(zc::find_stream(row.name), &row);
    EXPECT_GE(row.page_size_max, 0);
    if (row.array_key.empty()) {
      EXPECT_EQ(row.page_size_max, 0) << "one object is not paged";
    }
    const bool has_id = row.path.find("{id}") != std::string_view::npos;
    if (row.parent.empty()) {
      EXPECT_FALSE(has_id);
      continue;
    }
    const zc::StreamDef* parent = zc::find_stream(row.parent);
    ASSERT_NE(parent, nullptr) << "dangling parent " << row.parent;
    EXPECT_FALSE(parent->child_id_field.empty()) << row.parent << " cannot name its children";
    EXPECT_TRUE(has_id) << row.path;
    // Ancestors end at a top-level stream.
    std::size_t steps = 0;
    for (const zc::StreamDef* at = parent; !at->parent.empty(); at = zc::find_stream(at->parent)) {
      ASSERT_NE(zc::find_stream(at->parent), nullptr) << at->parent;
      ASSERT_LE(++steps, table.size()) << "a cycle of parents";
    }
  }
}

}  // namespace
