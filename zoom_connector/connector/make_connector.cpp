// Builds the Zoom connector from the credential and options JSON.
#include <memory>

#include "connector/connector.hpp"
#include "core/connector_config.hpp"
#include "core/json_input.hpp"
#include "connector/zoom_connector.hpp"

namespace zc {

Result<std::unique_ptr<Connector>> make_connector(std::string_view credential_json,
                                                  std::string_view options_json,
                                                  std::shared_ptr<const HostLog> log) {
  auto credential = parse_json_object(credential_json, "credential JSON");
  if (!credential) return std::unexpected(credential.error());
  auto options = parse_json_object(options_json, "options JSON");
  if (!options) return std::unexpected(options.error());
  auto config = parse_connector_config(*credential, *options);
  if (!config) return std::unexpected(config.error());
  auto connector = ZoomConnector::create(std::move(*config), std::move(log));
  if (!connector) return std::unexpected(connector.error());
  return std::unique_ptr<Connector>(std::move(*connector));
}

}  // namespace zc
