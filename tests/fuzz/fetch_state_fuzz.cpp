// The checkpoint a host hands back: a state that loads, serialised and
// loaded again, serialises to the same text (nothing lost, nothing made up);
// a refused one is an INVALID_ARGUMENT.
#include <string>

#include "core/json_input.hpp"
#include "fetch/fetch_state.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string fingerprint = zc::fetch::credential_fingerprint("acct", "client");
  const auto blob = zc::parse_json_object(fuzz::as_text(data, size), "state");
  if (!blob) return 0;
  auto state = zc::fetch::FetchState::load(*blob, fingerprint);
  if (!state) {
    FUZZ_CHECK(state.error().status == zc::Status::invalid_argument);
    FUZZ_CHECK(fuzz::bounded_problems(state.error().message));
    return 0;
  }
  const std::string text = state->to_json();
  const auto reparsed = zc::parse_json_object(text, "state");
  FUZZ_CHECK(reparsed.has_value());
  const auto again = zc::fetch::FetchState::load(*reparsed, fingerprint);
  FUZZ_CHECK(again.has_value());
  FUZZ_CHECK(again->to_json() == text);
  FUZZ_CHECK(again->size() == state->size());
  // Another credential's state is refused.
  FUZZ_CHECK(!zc::fetch::FetchState::load(*reparsed, "another").has_value());
  return 0;
}
