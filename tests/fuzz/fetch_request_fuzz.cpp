// The fetch request: any text either parses into a request inside its
// documented bounds, or is refused with one INVALID_ARGUMENT. The dates of
// an accepted request format and parse back to themselves.
#include <chrono>

#include "core/stream_table.hpp"
#include "fetch/fetch_request.hpp"
#include "fuzz_support.hpp"

namespace {

// An unknown stream's problem lists every stream of the catalog: our own
// words, as long as the catalog makes them; what the input adds stays bounded.
std::size_t longest_problem() {
  std::size_t names = 0;
  for (const zc::StreamDef& def : zc::stream_table()) names += def.name.size() + 2;
  return 600 + names;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace std::chrono;
  const sys_days today = sys_days{2026y / 11 / 29};
  const auto request = zc::fetch::parse_fetch_request(fuzz::as_text(data, size), today);
  if (!request) {
    FUZZ_CHECK(request.error().status == zc::Status::invalid_argument);
    static const std::size_t bound = longest_problem();
    FUZZ_CHECK(fuzz::bounded_problems(request.error().message, bound));
    return 0;
  }
  FUZZ_CHECK(!request->streams.empty());
  FUZZ_CHECK(request->max_concurrency >= 1 && request->max_concurrency <= 16);
  FUZZ_CHECK(request->rate_share > 0.0 && request->rate_share <= 1.0);
  if (request->page_size) FUZZ_CHECK(*request->page_size >= 1);
  FUZZ_CHECK(request->default_range.from <= request->default_range.to);
  for (const auto& stream : request->streams) {
    const zc::StreamDef* def = zc::find_stream(stream.name);
    FUZZ_CHECK(def != nullptr);
    FUZZ_CHECK(request->wants(stream.name));
    if (stream.range) {
      FUZZ_CHECK(def->windowed);
      FUZZ_CHECK(stream.range->from <= stream.range->to);
      const auto text = zc::format_date(stream.range->from);
      FUZZ_CHECK(zc::parse_date(text) == stream.range->from);
    }
  }
  return 0;
}
