#include "fetch_state_seal.hpp"

namespace host_sim {

std::string fetch_state_mac_message(std::string_view store_id, std::int64_t credential_id,
                                    std::string_view state_json) {
  // Length-prefixed parts, so no two different lists give the same text.
  const std::string id = std::to_string(credential_id);
  std::string message = "host_sim fetch state v1|";
  for (const std::string_view part : {store_id, std::string_view(id), state_json}) {
    message += std::to_string(part.size());
    message += ':';
    message += part;
  }
  return message;
}

std::string unauthentic_state_message(std::int64_t credential_id,
                                      const std::filesystem::path& store) {
  return "the fetch checkpoint saved for the credential with id " + std::to_string(credential_id) +
         " in " + store.string() +
         " fails its integrity check: it was changed outside host_sim, or saved by a host_sim "
         "older than that check. It is not used: a fetch with --full-refresh starts over and "
         "replaces it";
}

}  // namespace host_sim
