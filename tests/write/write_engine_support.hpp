// Runs write sessions of a ZoomConnector against the simulator on 127.0.0.1.
#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <memory>
#include <string>
#include <vector>

#include "sim_connector.hpp"
#include "write/write_session.hpp"
#include "zoom_sim/simulator.hpp"

namespace write_test {

namespace json = boost::json;

// Short waits so faults and retries do not slow the tests.
inline zc::write::WriteSettings fast_settings() {
  zc::write::WriteSettings s;
  s.retry.base_delay = std::chrono::milliseconds(5);
  s.retry.max_delay = std::chrono::milliseconds(40);
  return s;
}

inline zoom_sim::Options sim_options(int users = 30) {
  zoom_sim::Options o;
  o.sizes.users = users;
  o.sizes.meetings_per_user = 4;
  o.rate_limit = false;
  return o;
}

struct Env {
  explicit Env(zoom_sim::Options opt = sim_options(),
               std::function<void(json::object&)> tune_options = {})
      : sim(std::make_unique<zoom_sim::Simulator>(std::move(opt))) {
    auto options = zc_test::sim_options(*sim);
    if (tune_options) tune_options(options);
    built = zc_test::build(zc_test::sim_credential(*sim), options);
  }
  zc::ZoomConnector& connector() { return *built.connector; }

  std::unique_ptr<zc::write::WriteSession> open(const std::string& request,
                                                zc::write::WriteSettings s = fast_settings()) {
    auto session = connector().write(request, s);
    EXPECT_TRUE(session) << (session ? "" : session.error().message);
    return session ? std::move(*session) : nullptr;
  }

  // Pushes `records` and returns the parsed answer.
  json::object push(zc::write::WriteSession& session, const json::array& records) {
    auto out = session.push(json::serialize(records));
    EXPECT_TRUE(out) << (out ? "" : out.error().message);
    return out ? json::parse(*out).as_object() : json::object{};
  }

  json::object write(const std::string& operation, const json::array& records,
                     zc::write::WriteSettings s = fast_settings()) {
    auto session = open(R"({"operation":")" + operation + R"("})", s);
    return session ? push(*session, records) : json::object{};
  }

  // An active licensed host (webinar licence too when asked), skipping `skip` of them.
  const zoom_sim::User& host(std::size_t skip = 0, bool webinar = false) const {
    for (const auto& u : sim->dataset().users) {
      if (u.status != "active" || u.type != 2 || u.role_id == "0") continue;
      if (webinar && !u.webinar_licensed) continue;
      if (skip-- == 0) return u;
    }
    throw std::runtime_error("no such host");
  }

  std::unique_ptr<zoom_sim::Simulator> sim;
  zc_test::Built built;
};

inline const json::array& results(const json::object& answer) {
  return answer.at("results").as_array();
}
inline std::string outcome(const json::object& answer, std::size_t i) {
  return std::string(results(answer).at(i).as_object().at("outcome").as_string());
}
inline std::string field(const json::object& answer, std::size_t i, const char* name) {
  const auto* v = results(answer).at(i).as_object().if_contains(name);
  if (v == nullptr) return {};
  return v->is_string() ? std::string(v->as_string()) : json::serialize(*v);
}

// Writes (non-GET requests under /v2) the simulator has seen.
inline std::size_t write_requests(const zoom_sim::Simulator& sim) {
  std::size_t n = 0;
  for (const auto& r : sim.request_log())
    if (r.method != "GET" && r.path.starts_with("/v2/")) ++n;
  return n;
}

inline std::string future_time(int day, int hour = 10) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "2031-01-%02dT%02d:00:00Z", day, hour);
  return buf;
}

}  // namespace write_test
