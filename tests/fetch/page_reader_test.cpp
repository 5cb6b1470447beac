// PageReader: a page is validated in full, and each record handed on is
// exactly one JSON object on one line, whatever the page looks like.
#include "fetch/page_reader.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace {

using zc::fetch::PageReader;
namespace json = boost::json;

// Each record's text parses on its own to the same value as in the page.
void expect_records_match(const PageReader& reader, const std::string& page, const char* key) {
  const json::array expected = json::parse(page).as_object().at(key).as_array();
  ASSERT_EQ(reader.size(), expected.size());
  for (std::size_t i = 0; i < reader.size(); ++i) {
    const std::string_view text = reader.text(i);
    EXPECT_EQ(text.find_first_of("\r\n\t"), std::string_view::npos) << text;
    boost::system::error_code ec;
    const json::value record = json::parse(text, ec);
    ASSERT_FALSE(ec) << text;
    EXPECT_EQ(record, expected[i]) << text;
  }
}

TEST(PageReader, RecordsAreSlicedAsTheyCame) {
  PageReader reader;
  const std::string page =
      R"({"page_size":2,"next_page_token":"t1","users":[{"id":"a","n":1.50,"s":"x\"}y"},)"
      R"( {"id":7,"u":"\u00e9","e":{}} , {}]})";
  ASSERT_TRUE(reader.parse(page));
  ASSERT_EQ(reader.select("users"), PageReader::List::records);
  expect_records_match(reader, page, "users");
  EXPECT_EQ(reader.text(0), R"({"id":"a","n":1.50,"s":"x\"}y"})");  // the number's text kept
  EXPECT_EQ(reader.text(1), R"({"id":7,"u":"\u00e9","e":{}})");     // no trailing spaces
  EXPECT_EQ(reader.field_text(0, "id"), "a");
  EXPECT_EQ(reader.field_text(1, "id"), "7");
  EXPECT_TRUE(reader.empty_object(2));
  EXPECT_FALSE(reader.empty_object(1));
  EXPECT_EQ(reader.next_page_token(), "t1");
}

TEST(PageReader, LineBreaksBetweenTokensAreWrittenOut) {
  PageReader reader;
  const std::string page =
      "{\n  \"users\": [\n    {\n      \"id\": \"a\",\t\"b\": [1,\r\n 2]\n    }\n  ]\n}\n";
  ASSERT_TRUE(reader.parse(page));
  ASSERT_EQ(reader.select("users"), PageReader::List::records);
  expect_records_match(reader, page, "users");
}

// An endpoint that answers one object (a webinar's report): that object is
// the one record, on one line, with its fields readable.
TEST(PageReader, AWholeAnswerIsOneRecord) {
  PageReader reader;
  const std::string page = "  {\"uuid\":\"w1\",\n \"id\":81,\"questions\":[]}\n";
  ASSERT_TRUE(reader.parse(page));
  reader.select_whole();
  ASSERT_EQ(reader.size(), 1u);
  EXPECT_EQ(reader.text(0), R"({"uuid":"w1","id":81,"questions":[]})");
  EXPECT_EQ(reader.field_text(0, "uuid"), "w1");
  EXPECT_EQ(reader.field_text(0, "id"), "81");
  ASSERT_TRUE(reader.parse(R"({"uuid":"w2"})"));
  reader.select_whole();
  EXPECT_EQ(reader.text(0), R"({"uuid":"w2"})") << "kept as it came";
}

TEST(PageReader, AnEscapedListKeyStillGivesEveryRecord) {
  PageReader reader;
  const std::string page = R"({"us\u0065rs":[{"id":"a"},{"id":"b"}]})";
  ASSERT_TRUE(reader.parse(page));
  ASSERT_EQ(reader.select("users"), PageReader::List::records);
  expect_records_match(reader, page, "users");
}

TEST(PageReader, HostilePagesAreRefusedWhole) {
  for (const std::string& page : std::vector<std::string>{
           R"({"users":[{"id":"a"} x]})", R"({"users":[{"id":"a"}]} trailing)",
           R"({"users":[{"id":tru}]})", R"({"users":[{"id" "a"}]})", R"({"users":[{"id":01}]})",
           std::string("{\"users\":[{\"id\":\"a\nb\"}]}"),
           std::string("{\"users\":[{\"id\":\"\xff\"}]}"), R"({"users":[{"id":"\q"}]})",
           R"([{"id":"a"}])", "", "null", R"({"users":[{"id":"a"})",
           std::string(40, '[') + std::string(40, ']'),
           R"({"users":[)" + std::string(33, '[') + std::string(33, ']') + "]}"}) {
    PageReader reader;
    EXPECT_FALSE(reader.parse(page)) << page;
  }
}

TEST(PageReader, ListShapesAreToldApart) {
  PageReader reader;
  const auto shape = [&](const std::string& page) {
    EXPECT_TRUE(reader.parse(page)) << page;
    return reader.select("users");
  };
  EXPECT_EQ(shape(R"({"total_records":0})"), PageReader::List::absent);
  EXPECT_EQ(shape(R"({"users":null})"), PageReader::List::null);
  EXPECT_EQ(shape(R"({"users":{}})"), PageReader::List::not_a_list);
  EXPECT_EQ(shape(R"({"users":[{},1]})"), PageReader::List::not_records);
  EXPECT_EQ(shape(R"({"users":[{}],"users":[]})"), PageReader::List::repeated);
  EXPECT_EQ(shape(R"({"users":[]})"), PageReader::List::records);
  EXPECT_EQ(reader.size(), 0u);
}

TEST(PageReader, CountsAndTokensAcceptTheShapesZoomSends) {
  PageReader reader;
  ASSERT_TRUE(reader.parse(R"({"total_records":"12","page_size":300,"next_page_token":null})"));
  EXPECT_EQ(reader.count("total_records"), 12u);
  EXPECT_EQ(reader.count("page_size"), 300u);
  EXPECT_EQ(reader.count("page_count"), std::nullopt);
  EXPECT_EQ(reader.next_page_token(), "");
  ASSERT_TRUE(reader.parse(R"({"total_records":"12x","next_page_token":5})"));
  EXPECT_EQ(reader.count("total_records"), std::nullopt);
  EXPECT_EQ(reader.next_page_token(), std::nullopt);
  ASSERT_TRUE(reader.parse(R"({})"));
  EXPECT_EQ(reader.next_page_token(), "");
}

}  // namespace
