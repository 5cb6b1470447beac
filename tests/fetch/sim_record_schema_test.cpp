// Every record of every stream, fetched from the simulator, against its
// stream's record schema (schemas/streams/*.schema.json, via the catalog),
// checked by a real JSON Schema validator.
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <string>

#include "fetch/fetch_request.hpp"
#include "fetch_support.hpp"
#include "schema_check.hpp"

namespace {

std::string quoted_list(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names) out += (out.empty() ? "\"" : ",\"") + name + "\"";
  return out;
}

TEST(RecordSchemas, RefuseARecordThatBreaksItsSchema) {
  const schema_check::RecordSchemas schemas(ZC_SCHEMAS_DIR);
  EXPECT_TRUE(schemas.problems("users", R"({"id":"u1","email":"a@b.c"})").empty());
  EXPECT_FALSE(schemas.problems("users", R"({"email":"a@b.c"})").empty()) << "the key is required";
  EXPECT_FALSE(schemas.problems("meetings", R"({"uuid":7})").empty()) << "uuid is a string";
  EXPECT_FALSE(schemas.problems("meetings", R"({"uuid":"m","start_time":"yesterday"})").empty())
      << "start_time is a date-time";
  EXPECT_FALSE(schemas.problems("nonesuch", "{}").empty());
  const std::string long_text(schema_check::k_max_string + 1, '1');
  EXPECT_FALSE(
      schemas.problems("meetings", R"({"uuid":"m","start_time":")" + long_text + "\"}").empty())
      << "a string too long for valijson's std::regex is refused before it runs";
}

TEST(SimRecordSchemas, EveryRecordOfEveryStreamMatchesItsSchema) {
  const schema_check::RecordSchemas schemas(ZC_SCHEMAS_DIR);
  zoom_sim::Simulator sim(fetch_test::small_account());
  auto built = zc_test::build(zc_test::sim_credential(sim), zc_test::sim_options(sim));
  const auto today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  const std::string request = R"({"plan":"business","rate_share":1,"page_size":50,"streams":[)" +
                              quoted_list(schemas.stream_names()) + R"(],"from":")" +
                              zc::format_date(today - std::chrono::days{60}) + R"("})";
  auto stream = built.connector->fetch(request, fetch_test::fast_settings());
  ASSERT_TRUE(stream) << stream.error().message;
  std::map<std::string, std::size_t> checked;
  std::size_t bad = 0;
  while (true) {
    auto item = (*stream)->next();
    ASSERT_TRUE(item) << item.error().message;
    if (item->kind == zc::FetchItem::Kind::end) break;
    if (item->kind != zc::FetchItem::Kind::record) continue;
    const std::string name(item->stream);
    ++checked[name];
    const auto problems = schemas.problems(name, item->json);
    if (!problems.empty() && ++bad <= 5) {
      ADD_FAILURE() << name << " record " << item->json << ":\n  " << problems.front();
    }
  }
  EXPECT_EQ(bad, 0u) << "records that break their stream's schema";
  for (const auto& name : schemas.stream_names()) {
    EXPECT_GT(checked[name], 0u) << "no " << name << " record was fetched, so none was checked";
  }
}

}  // namespace
