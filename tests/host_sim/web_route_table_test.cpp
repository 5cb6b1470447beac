// The web screen's route table and the session checks before it, without a
// socket: exact and {id} routes, HEAD as GET, 404 for a path or a method
// without a route (the page's API never answers 405 for a method it uses on
// the wrong path), the "missing" answer for an unknown id; and the session's
// 421/401/303/405/403/415 answers.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>
#include <vector>

#include "web_route_table.hpp"
#include "web_session.hpp"

namespace {

namespace http = boost::beast::http;
namespace json = boost::json;
using host_sim::web::Request;
using host_sim::web::Response;
using host_sim::web::RouteCall;
using host_sim::web::RouteTable;

Request request(http::verb method, const std::string& target) {
  Request r;
  r.method(method);
  r.target(target);
  r.version(11);
  return r;
}

std::string error_of(const Response& response) {
  return std::string(json::parse(response.body()).at("error").as_string());
}

class RouteTableTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto answer = [this](std::string name) {
      return [this, name](const RouteCall& call) {
        calls_.push_back(name + " " + std::to_string(call.id));
        return host_sim::web::make_response(http::status::ok, name, "text/plain", call.version);
      };
    };
    table_.add(http::verb::get, "/", answer("page"));
    table_.add(http::verb::get, "/api/screen", answer("screen"));
    table_.add(http::verb::post, "/api/credentials", answer("add"));
    table_.add(http::verb::put, "/api/credentials/{id}", answer("edit"));
    table_.add(http::verb::get, "/api/credentials/{id}/fetch", answer("progress"));
    table_.add(http::verb::post, "/api/credentials/{id}/fetch/stop", answer("stop"));
    table_.check_ids(
        [this](std::int64_t id) {
          asked_.push_back(id);
          return id == 7;
        },
        "no such credential");
  }

  Response dispatch(http::verb method, const std::string& target) {
    return table_.dispatch(request(method, target));
  }

  RouteTable table_;
  std::vector<std::string> calls_;
  std::vector<std::int64_t> asked_;
};

TEST_F(RouteTableTest, ExactRoutesAnswerTheirMethodAndHeadAsGet) {
  EXPECT_EQ(dispatch(http::verb::get, "/").body(), "page");
  EXPECT_EQ(dispatch(http::verb::get, "/api/screen?direction=source").body(), "screen")
      << "the query is not part of the path";
  EXPECT_EQ(dispatch(http::verb::head, "/api/screen").body(), "screen");
  EXPECT_EQ(dispatch(http::verb::post, "/api/credentials").body(), "add");
  EXPECT_EQ(calls_, (std::vector<std::string>{"page 0", "screen 0", "screen 0", "add 0"}));
  EXPECT_TRUE(asked_.empty()) << "exact paths name no id";
}

TEST_F(RouteTableTest, UnknownPathIs404NotFound) {
  for (const char* target : {"/nope", "/api", "/api/screen/", "/index.htm"}) {
    const auto response = dispatch(http::verb::get, target);
    EXPECT_EQ(response.result(), http::status::not_found) << target;
    EXPECT_EQ(error_of(response), "not found") << target;
  }
  EXPECT_TRUE(calls_.empty());
}

TEST_F(RouteTableTest, WrongMethodOnAKnownPathIs404NotFound) {
  for (const auto method : {http::verb::post, http::verb::put, http::verb::delete_}) {
    const auto response = dispatch(method, "/api/screen");
    EXPECT_EQ(response.result(), http::status::not_found);
    EXPECT_EQ(error_of(response), "not found");
  }
  EXPECT_EQ(dispatch(http::verb::get, "/api/credentials").result(), http::status::not_found);
  EXPECT_EQ(dispatch(http::verb::delete_, "/api/credentials/7").result(), http::status::not_found);
  EXPECT_EQ(dispatch(http::verb::post, "/api/credentials/7/fetch").result(),
            http::status::not_found);
  EXPECT_EQ(dispatch(http::verb::head, "/api/credentials").result(), http::status::not_found);
  EXPECT_TRUE(calls_.empty());
}

TEST_F(RouteTableTest, IdRoutesPassTheIdAndAction) {
  EXPECT_EQ(dispatch(http::verb::put, "/api/credentials/7").body(), "edit");
  EXPECT_EQ(dispatch(http::verb::get, "/api/credentials/7/fetch").body(), "progress");
  EXPECT_EQ(dispatch(http::verb::post, "/api/credentials/7/fetch/stop").body(), "stop");
  EXPECT_EQ(calls_, (std::vector<std::string>{"edit 7", "progress 7", "stop 7"}));
}

TEST_F(RouteTableTest, AnUnknownIdIsMissingWhateverFollowsIt) {
  for (const char* target : {"/api/credentials/8", "/api/credentials/8/fetch",
                             "/api/credentials/8/no-such-action"}) {
    const auto response = dispatch(http::verb::get, target);
    EXPECT_EQ(response.result(), http::status::not_found) << target;
    EXPECT_EQ(error_of(response), "no such credential") << target;
  }
  const auto known = dispatch(http::verb::get, "/api/credentials/7/no-such-action");
  EXPECT_EQ(error_of(known), "not found");
  EXPECT_TRUE(calls_.empty());
}

TEST_F(RouteTableTest, AnIdThatIsNotANumberIsNoId) {
  for (const char* target : {"/api/credentials/7x", "/api/credentials/", "/api/credentials//fetch",
                             "/api/credentials/99999999999999999999"}) {
    const auto response = dispatch(http::verb::put, target);
    EXPECT_EQ(error_of(response), "not found") << target;
  }
  EXPECT_TRUE(asked_.empty()) << "the id check is not asked";
  EXPECT_TRUE(calls_.empty());
}

TEST(RouteTable, AnIdMustEndAPathSegment) {
  RouteTable table;
  EXPECT_THROW(table.add(http::verb::get, "/a/{id}x", {}), std::invalid_argument);
}

// The checks before any route.
class WebSessionTest : public ::testing::Test {
 protected:
  Request signed_in(http::verb method, const std::string& target) {
    Request r = request(method, target);
    r.set(http::field::host, "127.0.0.1:8787");
    r.set(http::field::cookie, cookie_);
    return r;
  }
  Request change(http::verb method, const std::string& target) {
    Request r = signed_in(method, target);
    r.set("X-CSRF-Token", session_.csrf_token());
    r.set(http::field::content_type, "application/json");
    return r;
  }
  void SetUp() override {
    Request r = request(http::verb::get, "/?key=" + session_.launch_key());
    r.set(http::field::host, "localhost:8787");
    const auto answer = session_.refuse(r);
    ASSERT_TRUE(answer.has_value());
    ASSERT_EQ(answer->result(), http::status::see_other);
    const std::string set_cookie(answer->at(http::field::set_cookie));
    cookie_ = set_cookie.substr(0, set_cookie.find(';'));
    ASSERT_EQ(cookie_.rfind("host_sim_session_8787=", 0), 0u) << cookie_;
  }

  host_sim::web::WebSession session_{"127.0.0.1", false, 8787};
  std::string cookie_;
};

TEST_F(WebSessionTest, ReadsWithTheCookieGoOnToTheirRoute) {
  EXPECT_FALSE(session_.refuse(signed_in(http::verb::get, "/api/screen")).has_value());
  EXPECT_FALSE(session_.refuse(signed_in(http::verb::head, "/nope")).has_value());
}

TEST_F(WebSessionTest, RefusesBeforeAnyRoute) {
  const auto status = [this](const Request& r) {
    const auto answer = session_.refuse(r);
    return answer ? answer->result() : http::status::ok;
  };
  Request foreign = signed_in(http::verb::get, "/");
  foreign.set(http::field::host, "evil.example:8787");
  EXPECT_EQ(status(foreign), http::status::misdirected_request);
  EXPECT_EQ(status(request(http::verb::get, "/")), http::status::misdirected_request);
  Request no_cookie = signed_in(http::verb::get, "/api/screen");
  no_cookie.erase(http::field::cookie);
  EXPECT_EQ(status(no_cookie), http::status::unauthorized);
  Request wrong_key = request(http::verb::get, "/?key=" + std::string(64, '0'));
  wrong_key.set(http::field::host, "127.0.0.1:8787");
  EXPECT_EQ(status(wrong_key), http::status::unauthorized);
  EXPECT_EQ(status(signed_in(http::verb::patch, "/api/credentials/1")),
            http::status::method_not_allowed)
      << "a method the page never uses, before the CSRF check";
  EXPECT_EQ(status(signed_in(http::verb::options, "/")), http::status::method_not_allowed);
  EXPECT_EQ(status(signed_in(http::verb::post, "/api/credentials")), http::status::forbidden)
      << "no CSRF token";
  Request other_origin = change(http::verb::post, "/api/credentials");
  other_origin.set(http::field::origin, "http://evil.example");
  EXPECT_EQ(status(other_origin), http::status::forbidden);
  Request same_origin = change(http::verb::post, "/api/credentials");
  same_origin.set(http::field::origin, "http://127.0.0.1:8787");
  EXPECT_EQ(status(same_origin), http::status::ok);
  Request not_json = change(http::verb::put, "/api/credentials/1");
  not_json.set(http::field::content_type, "text/plain");
  EXPECT_EQ(status(not_json), http::status::unsupported_media_type);
  Request delete_request = change(http::verb::delete_, "/api/credentials/1");
  delete_request.erase(http::field::content_type);
  EXPECT_EQ(status(delete_request), http::status::ok) << "DELETE has no body to type";
}

}  // namespace
