#include "credential_options.hpp"

#include <boost/json/parse.hpp>

namespace host_sim {

std::optional<std::string> usable_saved_options(const CredentialStore& store, std::int64_t id,
                                                bool& unusable) {
  constexpr std::size_t k_max_options = 64 * 1024;
  unusable = false;
  auto saved = store.load_options(id);
  if (!saved) return std::nullopt;
  boost::system::error_code error;
  const auto parsed = boost::json::parse(*saved, error);
  if (saved->size() > k_max_options || error || !parsed.is_object()) {
    unusable = true;
    return std::nullopt;
  }
  if (parsed.as_object().empty()) return std::nullopt;
  return saved;
}

std::string options_for(const Host& host, const CredentialStore& store, std::int64_t id) {
  if (host.options_given) return host.options_json;
  bool unusable = false;
  return usable_saved_options(store, id, unusable).value_or(host.options_json);
}

}  // namespace host_sim
