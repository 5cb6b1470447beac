// host_sim's command line: each command takes its own options, values are
// typed and range-checked, and no error repeats a value that may be a secret.
#include "command_line.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

struct Run {
  host_sim::ParsedCommandLine parsed;
  std::string out;
  std::string err;
};

Run parse(const std::vector<std::string>& args) {
  std::ostringstream out;
  std::ostringstream err;
  Run run{host_sim::parse_command_line(args, out, err), {}, {}};
  run.out = out.str();
  run.err = err.str();
  return run;
}

std::size_t lines(const std::string& text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

TEST(CommandLine, FetchOptionsAreTypedAndTakeEitherSpelling) {
  const auto run =
      parse({"fetch", "--credential=prod", "--streams", "users,,meetings", "--limit=25",
             "--pace-ms", "5", "--full-refresh", "--store", "/tmp/x.db"});
  ASSERT_TRUE(run.parsed.line) << run.err;
  const auto& line = *run.parsed.line;
  EXPECT_EQ(line.command, "fetch");
  EXPECT_EQ(line.credential, "prod");
  EXPECT_EQ(line.fetch.streams, (std::vector<std::string>{"users", "meetings"}));
  EXPECT_EQ(line.fetch.limit, 25);
  EXPECT_EQ(line.fetch.pace_ms, 5);
  EXPECT_TRUE(line.fetch.full_refresh);
  EXPECT_EQ(line.store, "/tmp/x.db");
  EXPECT_EQ(line.options_json, "{}");
}

TEST(CommandLine, PreviewIsTenRecords) {
  const auto run = parse({"fetch", "--credential", "a", "--preview"});
  ASSERT_TRUE(run.parsed.line) << run.err;
  EXPECT_EQ(run.parsed.line->fetch.limit, 10);
  EXPECT_EQ(parse({"fetch", "--credential", "a"}).parsed.line->fetch.limit, -1) << "no limit";
}

TEST(CommandLine, NumbersOutOfRangeAreRefusedWithTheRange) {
  for (const auto& [args, range] : std::vector<std::pair<std::vector<std::string>, std::string>>{
           {{"serve", "--port", "70000"}, "from 0 to 65535"},
           {{"serve", "--port=-1"}, "from 0 to 65535"},
           {{"serve", "--port", "80x"}, "from 0 to 65535"},
           {{"fetch", "--credential", "a", "--limit", "-1"}, "0 or more"},
           {{"fetch", "--credential", "a", "--pace-ms", "1.5"}, "from 0 to 3600000"}}) {
    const auto run = parse(args);
    EXPECT_FALSE(run.parsed.line);
    EXPECT_EQ(run.parsed.exit_code, 2);
    EXPECT_NE(run.err.find(range), std::string::npos) << run.err;
    EXPECT_EQ(lines(run.err), 1u) << run.err;
  }
  const auto run = parse({"serve", "--port", "0", "--prefill", "credential_name=x"});
  ASSERT_TRUE(run.parsed.line) << run.err;
  EXPECT_EQ(run.parsed.line->serve.port, 0);
  EXPECT_EQ(run.parsed.line->serve.prefill, (std::vector<std::string>{"credential_name=x"}));
}

TEST(CommandLine, EachCommandTakesOnlyItsOwnOptions) {
  const auto run = parse({"list", "--port", "1"});
  EXPECT_EQ(run.parsed.exit_code, 2);
  EXPECT_NE(run.err.find("unknown option '--port' for list"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("see host_sim list --help"), std::string::npos) << run.err;
  EXPECT_EQ(parse({"validate"}).parsed.exit_code, 2) << "validate needs --credential";
  EXPECT_NE(parse({"validate"}).err.find("--credential is required"), std::string::npos);
  EXPECT_EQ(parse({"list", "--direction", "sideways"}).parsed.exit_code, 2);
}

TEST(CommandLine, NoErrorRepeatsAValueThatMayBeASecret) {
  const std::string secret = "s3cr3t-typed-in-the-wrong-place";
  for (const auto& args :
       std::vector<std::vector<std::string>>{{"authenticate", "--field", secret},
                                             {"authenticate", "--field", "client_secret", secret},
                                             {"authenticate", "--bogus=" + secret},
                                             {"serve", "--prefill", secret}}) {
    const auto run = parse(args);
    EXPECT_EQ(run.parsed.exit_code, 2) << args.back();
    EXPECT_FALSE(run.err.empty());
    EXPECT_EQ(run.err.find(secret), std::string::npos) << run.err;
    EXPECT_EQ(lines(run.err), 1u) << run.err;
  }
}

TEST(CommandLine, AMistypedCommandIsOneLine) {
  const auto run = parse({"fecth", "--credential", "a"});
  EXPECT_EQ(run.parsed.exit_code, 2);
  EXPECT_EQ(lines(run.err), 1u) << run.err;
  EXPECT_NE(run.err.find("unknown command 'fecth'"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("see host_sim --help"), std::string::npos) << run.err;
}

TEST(CommandLine, EachCommandHasItsOwnHelp) {
  const auto fetch = parse({"fetch", "--help"});
  EXPECT_FALSE(fetch.parsed.line);
  EXPECT_EQ(fetch.parsed.exit_code, 0);
  EXPECT_NE(fetch.out.find("--checkpoint-on-pipe"), std::string::npos) << fetch.out;
  EXPECT_EQ(fetch.out.find("--prefill"), std::string::npos) << "serve's options are not fetch's";
  const auto top = parse({"--help"});
  EXPECT_EQ(top.parsed.exit_code, 0);
  EXPECT_NE(top.out.find("authenticate"), std::string::npos);
  EXPECT_NE(top.out.find("exit codes"), std::string::npos);
  const auto none = parse({});
  EXPECT_EQ(none.parsed.exit_code, 2);
  EXPECT_NE(none.err.find("Usage"), std::string::npos) << "no command: the help, on stderr";
}

TEST(CommandLine, OptionsMustBeAJsonObject) {
  EXPECT_EQ(parse({"info", "--options", "[1]"}).parsed.exit_code, 2);
  const auto run = parse({"info", "--options", R"({"proxy":"http://127.0.0.1:1"})"});
  ASSERT_TRUE(run.parsed.line) << run.err;
  EXPECT_TRUE(run.parsed.line->options_given);
}

}  // namespace

namespace {

TEST(CommandLine, AnOptionsFileIsKeptAsParsedWithoutItsFinalNewline) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("options_file_test_" + std::to_string(::getpid()) + ".json");
  std::ofstream(path) << "{\n  \"connect_timeout_ms\": 5000\n}\n";
  const auto run = parse({"info", "--options-file", path.string()});
  std::filesystem::remove(path);
  ASSERT_TRUE(run.parsed.line) << run.err;
  EXPECT_EQ(run.parsed.line->options_json, R"({"connect_timeout_ms":5000})");
}

TEST(CommandLine, StreamNamesMayHaveSpacesAfterCommas) {
  const auto run = parse({"fetch", "--credential", "c", "--streams", "users, meetings ,groups"});
  ASSERT_TRUE(run.parsed.line) << run.err;
  EXPECT_EQ(run.parsed.line->fetch.streams,
            (std::vector<std::string>{"users", "meetings", "groups"}));
}

TEST(CommandLine, WritesHelpGivesItsOwnDefaultDirection) {
  const auto write = parse({"write", "--help"});
  EXPECT_NE(write.out.find("source or destination (default: destination)"), std::string::npos)
      << write.out;
  const auto fetch = parse({"fetch", "--help"});
  EXPECT_NE(fetch.out.find("source or destination (default: source)"), std::string::npos)
      << fetch.out;
  const auto run =
      parse({"write", "--credential", "c", "--operation", "users.update", "--input", "in.jsonl"});
  ASSERT_TRUE(run.parsed.line) << run.err;
  EXPECT_EQ(run.parsed.line->direction, "destination");
}

}  // namespace
