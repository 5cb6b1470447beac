// Streams by default and by name: `fetch` without --streams reads every
// stream the credential's last validation allows and says what it skipped
// and why; a mistyped name is refused with the names and the nearest one;
// `validate` names the allowed streams.
#include <boost/json.hpp>

#include "fetch_fixture.hpp"

namespace host_sim_test {
namespace {

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// An app with two scopes: users and groups only.
class FetchStreams : public FetchFixture {
 protected:
  zoom_sim::Options sim_options() const override {
    auto options = simulator_options();
    options.apps[0].scopes = {"user:read:admin", "group:read:admin"};
    options.sizes.users = 20;
    return options;
  }
};

TEST_F(FetchStreams, WithoutStreamsItFetchesWhatTheScopesAllowAndSaysWhatItSkipped) {
  const auto file = dir_ / "all.jsonl";
  ASSERT_EQ(run(command("fetch", {"--credential", "c", "--output", file.string()})), 0)
      << read_all(err_);
  const std::string err = read_all(err_);
  EXPECT_TRUE(has(err, "Fetching users, groups with")) << err;
  EXPECT_TRUE(has(err, "every stream its last validation allows; skipped: ")) << err;
  EXPECT_TRUE(has(err, "meetings (needs meeting:read:admin or meeting:read:list_meetings:admin)"))
      << err;
  std::set<std::string> streams;
  for (const auto& line : lines_of(read_all(file))) {
    streams.insert(std::string(boost::json::parse(line).at("stream").as_string()));
  }
  EXPECT_EQ(streams, (std::set<std::string>{"users", "groups"}));
}

TEST_F(FetchStreams, AMistypedStreamIsRefusedWithTheNamesAndTheNearest) {
  EXPECT_EQ(run(command("fetch", {"--credential", "c", "--streams", "users, grops"})), 4)
      << read_all(err_);
  const std::string err = read_all(err_);
  EXPECT_TRUE(has(err, "unknown stream \"grops\" (did you mean \"groups\"?)")) << err;
  EXPECT_TRUE(has(err, "the streams: users, groups, meetings")) << err;
}

TEST_F(FetchStreams, ValidateNamesTheAllowedStreams) {
  ASSERT_EQ(run(command("validate", {"--credential", "c"})), 0) << read_all(err_);
  const std::string shown = read_all(out_) + read_all(err_);
  EXPECT_TRUE(has(shown, "allowed streams (2): users groups")) << shown;
}

}  // namespace
}  // namespace host_sim_test
