// Builds connectors that talk to a zoom_sim::Simulator on 127.0.0.1.
#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <memory>
#include <string>

#include "capture_log.hpp"
#include "core/connector_config.hpp"
#include "connector/zoom_connector.hpp"
#include "zoom_sim/simulator.hpp"

namespace zc_test {

inline boost::json::object sim_credential(const zoom_sim::Simulator& sim,
                                          const zoom_sim::App& app = zoom_sim::default_app()) {
  return boost::json::object{{"credential_name", "sim"},
                             {"account_id", app.account_id},
                             {"client_id", app.client_id},
                             {"client_secret", app.client_secret},
                             {"validation_url", sim.base_url() + "/v2/users/me"}};
}

inline boost::json::object sim_options(const zoom_sim::Simulator& sim) {
  return boost::json::object{{"oauth_url", sim.base_url() + "/oauth/token"},
                             {"api_base_url", sim.base_url() + "/v2"},
                             {"allow_insecure_loopback", true},
                             {"connect_timeout_ms", 2000},
                             {"total_timeout_ms", 5000}};
}

struct Built {
  std::shared_ptr<CaptureLog> log = std::make_shared<CaptureLog>();
  std::unique_ptr<zc::ZoomConnector> connector;
};

inline Built build(const boost::json::object& credential, const boost::json::object& options) {
  Built b;
  auto config = zc::parse_connector_config(credential, options);
  EXPECT_TRUE(config) << (config ? "" : config.error().message);
  if (!config) return b;
  auto made = zc::ZoomConnector::create(std::move(*config), b.log);
  EXPECT_TRUE(made) << (made ? "" : made.error().message);
  if (made) b.connector = std::move(*made);
  return b;
}

inline boost::json::object parse(const std::string& json) {
  return boost::json::parse(json).as_object();
}

}  // namespace zc_test
