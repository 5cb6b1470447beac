// A result's id has the JSON type the fetched records give it: a created
// meeting's id is the number the meetings stream has, a user's the string.
#include "write/write_results.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "catalog_support.hpp"

namespace {

namespace json = boost::json;
using zc_write_test::operations;
using zc_write_test::read_json;

json::value first_id(const std::vector<zc::write::RecordResult>& results, bool integer_ids) {
  const auto answer = json::parse(zc::write::push_answer_json(results, {}, integer_ids));
  return answer.at("results").at(0).at("id");
}

zc::write::RecordResult done_with(std::string id) {
  zc::write::RecordResult r;
  r.outcome = zc::write::Outcome::done;
  r.id = std::move(id);
  return r;
}

TEST(ResultIds, IntegerIdsAreNumbersAndAnythingElseStaysText) {
  EXPECT_EQ(first_id({done_with("85746065432")}, true), json::value(std::int64_t{85746065432}));
  EXPECT_EQ(first_id({done_with("-5")}, true), json::value("-5"));
  EXPECT_EQ(first_id({done_with("85746065432")}, false), json::value("85746065432"));
  // Not a whole number (or one a number would change): kept as Zoom wrote it.
  EXPECT_EQ(first_id({done_with("0123")}, true), json::value("0123"));
  EXPECT_EQ(first_id({done_with("12a")}, true), json::value("12a"));
  EXPECT_EQ(first_id({done_with("99999999999999999999999")}, true),
            json::value("99999999999999999999999"));
}

// Each operation that names what it made says the type of the id the
// fetched stream of the same name has (meetings.create: meetings' id).
TEST(ResultIds, TheCatalogsIdTypesAreTheFetchedStreamsIdTypes) {
  int checked = 0;
  for (const auto& entry : operations()) {
    const auto& op = entry.as_object();
    if (!op.at("result_id").is_string() || op.at("result_id").as_string() != "id") continue;
    const std::string name(op.at("name").as_string());
    const std::string stream = name.substr(0, name.find('.'));
    const auto schema = read_json("streams/" + stream + ".schema.json");
    const auto& id_type = schema.at("properties").at("id").at("type");
    const bool stream_integer = id_type == json::value("integer");
    const auto* declared = op.if_contains("result_id_type");
    const bool op_integer = declared != nullptr && *declared == json::value("integer");
    EXPECT_EQ(op_integer, stream_integer)
        << name << ": the " << stream << " stream's id is " << json::serialize(id_type);
    ++checked;
  }
  EXPECT_GE(checked, 4) << "users.create, users.upsert, meetings.create, webinars.create";
}

}  // namespace
