// Placeholder connector: checks its inputs, and answers NOT_IMPLEMENTED for
// the operations that the authenticate/validate and fetch issues implement.
#include <memory>

#include "core/connector.hpp"
#include "core/json_input.hpp"

namespace zc {
namespace {

class UnimplementedConnector final : public Connector {
 public:
  Result<void> authenticate() override { return not_yet("authenticate"); }
  Result<std::string> validate() override { return not_yet("validate"); }
  Result<std::unique_ptr<FetchStream>> fetch(std::string_view request_json) override {
    if (auto request = parse_json_object(request_json, "fetch request JSON"); !request) {
      return std::unexpected(request.error());
    }
    return not_yet("fetch");
  }
  void cancel() noexcept override {}

 private:
  static std::unexpected<Error> not_yet(const char* operation) {
    return fail(Status::not_implemented,
                std::string("the Zoom connector does not implement ") + operation + " yet");
  }
};

}  // namespace

Result<std::unique_ptr<Connector>> make_connector(std::string_view credential_json,
                                                  std::string_view options_json,
                                                  std::shared_ptr<const HostLog> /*log*/) {
  if (auto credential = parse_json_object(credential_json, "credential JSON"); !credential) {
    return std::unexpected(credential.error());
  }
  if (auto options = parse_json_object(options_json, "options JSON"); !options) {
    return std::unexpected(options.error());
  }
  return std::make_unique<UnimplementedConnector>();
}

}  // namespace zc
