#include "fetch_state_seal.hpp"

#include <initializer_list>

namespace host_sim {
namespace {

// Length-prefixed parts, so no two different lists give the same text.
std::string message_of(const char* version, std::initializer_list<std::string_view> parts) {
  std::string message = version;
  for (const std::string_view part : parts) {
    message += std::to_string(part.size());
    message += ':';
    message += part;
  }
  return message;
}

}  // namespace

std::string fetch_state_mac_message(std::string_view store_id, std::int64_t credential_id,
                                    std::string_view output, std::string_view state_json) {
  const std::string id = std::to_string(credential_id);
  return message_of("host_sim fetch state v2|", {store_id, id, output, state_json});
}

std::string fetch_state_mac_message_v1(std::string_view store_id, std::int64_t credential_id,
                                       std::string_view state_json) {
  const std::string id = std::to_string(credential_id);
  return message_of("host_sim fetch state v1|", {store_id, id, state_json});
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
