// RecordLine: host_sim's JSON line around the plugin's record, by concatenation.
#include "record_line.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <stdexcept>

namespace {

using host_sim::RecordLine;

TEST(RecordLine, WrapsTheRecordAsItCame) {
  RecordLine line;
  line.assign_record("users", R"({"id":"a","n":1.50})");
  EXPECT_EQ(line.text(), "{\"stream\":\"users\",\"record\":{\"id\":\"a\",\"n\":1.50}}\n");
  line.assign_record("meetings", "{}");
  EXPECT_EQ(line.text(), "{\"stream\":\"meetings\",\"record\":{}}\n");
}

TEST(RecordLine, TheStreamNameIsEscaped) {
  RecordLine line;
  line.assign_record("a\"b\\c", R"({"id":1})");
  const auto parsed = boost::json::parse(line.text()).as_object();
  EXPECT_EQ(parsed.at("stream").as_string(), "a\"b\\c");
  EXPECT_EQ(parsed.at("record").at("id").as_int64(), 1);
}

TEST(RecordLine, WhatCannotBeOneLinesObjectIsRefused) {
  RecordLine line;
  for (const std::string& record :
       {std::string(""), std::string("{"), std::string("[1]"), std::string("{\"a\":1}\n"),
        std::string("{\"a\":\n1}"), std::string("{\"a\":1}\r"), std::string("{\"a\":\"\0\"}", 9),
        std::string("1"), std::string("{\"a\":1} x")}) {
    EXPECT_THROW(line.assign_record("users", record), std::runtime_error) << record;
  }
}

}  // namespace
