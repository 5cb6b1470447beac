// Each catalog operation's method, path and scopes are what the simulator's
// write endpoint expects: without scopes it answers 4711 naming the catalog's
// granular scope, with only that scope (or only the classic one) it is admitted.
#include <gtest/gtest.h>

#include "catalog_support.hpp"
#include "test_support.hpp"
#include "zoom_sim/simulator.hpp"

namespace {

namespace json = boost::json;
using zc_write_test::operations;
using zoom_sim::testing::bearer;

std::string str(const json::value& v) { return std::string(v.as_string()); }

// The path with placeholders filled with values the simulator does not know.
std::string concrete(std::string path) {
  for (auto open = path.find('{'); open != std::string::npos; open = path.find('{')) {
    const auto close = path.find('}', open);
    const auto name = path.substr(open + 1, close - open - 1);
    path.replace(
        open, close - open + 1,
        name.ends_with("_id") && name != "user_id" && name != "group_id" && name != "member_id"
            ? "123"
            : "nobody%40example.com");
  }
  return path;
}

TEST(WriteCatalogSim, RoutesAndScopesMatchTheSimulator) {
  zoom_sim::Options opt;
  opt.sizes.users = 5;
  opt.rate_limit = false;
  std::vector<zoom_sim::App> apps = {zoom_sim::App{"a", "none", "s", {"user:read:admin"}}};
  for (const auto& v : operations()) {
    const auto& sc = v.as_object().at("scopes").as_object();
    apps.push_back({"a", "classic-" + str(v.as_object().at("name")), "s", {str(sc.at("classic"))}});
    apps.push_back(
        {"a", "granular-" + str(v.as_object().at("name")), "s", {str(sc.at("granular"))}});
  }
  opt.apps = apps;
  zoom_sim::Simulator sim(opt);
  zoom_sim::testing::HttpClient c(sim.base_url(), true);
  auto token = [&](const std::string& client) {
    return zoom_sim::testing::fetch_token(sim.base_url(), client, "s", "a");
  };
  const auto none = token("none");
  for (const auto& v : operations()) {
    const auto& op = v.as_object();
    const std::string name = str(op.at("name"));
    SCOPED_TRACE(name);
    const std::string method = str(op.at("method"));
    const std::string target = "/v2" + concrete(str(op.at("path")));
    const std::string body = method == "DELETE" ? "" : "{}";
    auto r = c.request(method, target, body, bearer(none));
    ASSERT_EQ(r.status, 400) << target << " " << r.body;
    EXPECT_EQ(r.json().as_object().at("code").as_int64(), 4711);
    EXPECT_NE(r.body.find(str(op.at("scopes").as_object().at("granular"))), std::string::npos)
        << r.body;
    for (const std::string kind : {"classic-", "granular-"}) {
      r = c.request(method, target, body, bearer(token(kind + name)));
      EXPECT_NE(r.status, 401) << kind;
      EXPECT_FALSE(r.status == 400 && r.json().as_object().at("code").as_int64() == 4711)
          << kind << " " << r.body;
      EXPECT_NE(r.status, 405) << kind;
    }
  }
}

}  // namespace
