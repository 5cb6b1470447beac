// A string from the server with DEL and C1 controls in it (U+0085, U+009B,
// the 8-bit CSI), end to end: a meeting created with such a topic in the
// Zoom simulator, which serves it back raw in its JSON, comes out of
// host_sim fetch, host_sim write's results and airbyte_source read with
// every control escaped (\u00XX), and reads back as the same text.
#include <fcntl.h>

#include "write_fixture.hpp"

namespace host_sim_test {
namespace {

namespace fs = std::filesystem;

// The raw control bytes in a line, as "\x7f" / "U+009B" words; empty when none.
std::string raw_controls(const std::string& line) {
  std::string found;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const auto byte = static_cast<unsigned char>(line[i]);
    if (byte < 0x20 || byte == 0x7f) {
      found += "byte " + std::to_string(byte) + " ";
    } else if (byte == 0xc2 && i + 1 < line.size() &&
               static_cast<unsigned char>(line[i + 1]) >= 0x80 &&
               static_cast<unsigned char>(line[i + 1]) <= 0x9f) {
      found += "U+00" + std::to_string(static_cast<unsigned char>(line[i + 1])) + " ";
    }
  }
  return found;
}

// Every line of `text` is one JSON document without a raw control byte;
// returns how many hold a string equal to `wanted` anywhere inside.
std::size_t lines_with(const std::string& text, const std::string& wanted, const char* what) {
  std::size_t holding = 0;
  for (const auto& line : lines_of(text)) {
    EXPECT_EQ(raw_controls(line), "") << what << ": " << line;
    boost::system::error_code error;
    const json::value value = json::parse(line, error);
    EXPECT_FALSE(error) << what << ": " << line;
    if (line.find("\\u009b") != std::string::npos &&
        json::serialize(value).find(wanted) != std::string::npos) {
      ++holding;
    }
  }
  return holding;
}

class ControlCharacters : public WriteCommand {
 protected:
  // Raw UTF-8: NEL (U+0085), CSI (U+009B) starting "red", DEL.
  const std::string topic_ =
      "Plan \xc2\x85 \xc2\x9b"
      "31m red \x7f end";
};

TEST_F(ControlCharacters, AServerStringsControlsAreEscapedInEveryJsonLineHostsPrint) {
  write_input({meeting(topic_)});
  ASSERT_NE(raw_controls(read_all(input_)), "") << "the input holds them raw: the test can fail";

  // The results of a dry run repeat the record in the call they would make.
  const fs::path dry = dir_ / "dry.jsonl";
  ASSERT_EQ(run(write({"--results", dry.string(), "--dry-run"})), 0) << read_all(err_);
  EXPECT_EQ(lines_with(read_all(dry), topic_, "write --dry-run results"), 1u) << read_all(dry);
  ASSERT_EQ(run(write({"--results", results_.string()})), 0) << read_all(err_);
  lines_with(read_all(results_), topic_, "write results");
  ASSERT_EQ(meetings_with(topic_), 1u);

  // The simulator serves the topic back raw; host_sim fetch escapes it.
  const fs::path records = dir_ / "records.jsonl";
  ASSERT_EQ(run(fetch({"--output", records.string()})), 0) << read_all(err_);
  EXPECT_EQ(lines_with(read_all(records), topic_, "fetch --output"), 1u);
  ASSERT_EQ(run(fetch({"--full-refresh"})), 0) << read_all(err_);
  EXPECT_EQ(lines_with(read_all(out_), topic_, "fetch to stdout"), 1u);

  // airbyte_source read, the same plugin and simulator.
  const json::object config{{"account_id", "sim-account-id"},
                            {"client_id", "sim-client-id"},
                            {"client_secret", k_secret},
                            {"validation_url", sim_->base_url() + "/v2/users/me"},
                            {"deployment", json::parse(options_)}};
  const json::object catalog{
      {"streams", json::array{json::object{{"stream", json::object{{"name", "meetings"}}},
                                           {"sync_mode", "full_refresh"},
                                           {"destination_sync_mode", "overwrite"}}}}};
  write_all(dir_ / "config.json", json::serialize(config));
  write_all(dir_ / "catalog.json", json::serialize(catalog));
  ASSERT_EQ(run({AIRBYTE_SOURCE_PATH, "read", "--plugin", ZC_PLUGIN_PATH, "--config",
                 (dir_ / "config.json").string(), "--catalog", (dir_ / "catalog.json").string()}),
            0)
      << read_all(out_) << read_all(err_);
  EXPECT_EQ(lines_with(read_all(out_), topic_, "airbyte_source read"), 1u) << read_all(out_);
}

}  // namespace
}  // namespace host_sim_test
