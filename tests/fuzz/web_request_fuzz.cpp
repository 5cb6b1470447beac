// host_sim's web screen reading a request: the same parser and limits as the
// server (web::RequestReader), fed the bytes in two pieces, then what the
// routes read from it (path, query values, the session cookie, the
// credential id and action). A refused read always has an answer with a
// 4xx status; what the routes read is always a piece of the request.
#include <boost/asio/buffer.hpp>
#include <string>

#include "fuzz_support.hpp"
#include "web_request.hpp"

namespace {

namespace http = boost::beast::http;

bool inside(std::string_view piece, std::string_view whole) {
  return piece.empty() || (piece.data() >= whole.data() &&
                           piece.data() + piece.size() <= whole.data() + whole.size());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  constexpr std::size_t k_body_limit = 4096;
  const std::string_view bytes = fuzz::as_text(data + 1, size - 1);
  const std::size_t first = std::min<std::size_t>(data[0], bytes.size());
  host_sim::web::RequestReader reader(k_body_limit);
  auto& parser = reader.parser;
  boost::system::error_code ec;
  // As http::read does: parse what arrived, keep the unconsumed rest, read
  // more on need_more, and end with put_eof when the peer closes.
  std::string pending(bytes.substr(0, first));
  std::string_view later = bytes.substr(first);
  bool got_some = false;
  for (std::size_t round = 0; !parser.is_done() && round <= bytes.size() + 2; ++round) {
    const std::size_t used = parser.put(boost::asio::buffer(pending), ec);
    got_some = got_some || used > 0;
    pending.erase(0, used);
    if (ec && ec != http::error::need_more) break;
    if (ec || used == 0) {
      ec = {};
      if (later.empty()) {
        if (got_some)
          parser.put_eof(ec);
        else
          ec = http::error::end_of_stream;
        break;
      }
      pending.append(later);
      later = {};
    }
  }
  if (!ec && !parser.is_done()) ec = http::error::partial_message;
  if (ec) {
    const auto refusal = host_sim::web::read_refusal(ec, k_body_limit);
    if (refusal) {
      const auto code = static_cast<unsigned>(refusal->status);
      FUZZ_CHECK(code >= 400 && code < 500);
      FUZZ_CHECK(!refusal->message.empty());
    }
    return 0;
  }
  const auto& request = parser.get();
  FUZZ_CHECK(request.body().size() <= k_body_limit);
  const std::string_view target = request.target();
  const std::string_view path = host_sim::web::path_of(target);
  FUZZ_CHECK(target.starts_with(path));
  FUZZ_CHECK(path.find('?') == std::string_view::npos);
  for (const std::string_view key : {"key", "direction"}) {
    const std::string value = host_sim::web::query_value(target, key);
    FUZZ_CHECK(value.empty() || target.find(value) != std::string_view::npos);
    FUZZ_CHECK(value.find('&') == std::string::npos);
  }
  const std::string_view cookies = request[http::field::cookie];
  const std::string_view session = host_sim::web::cookie_value(cookies, "host_sim_session");
  FUZZ_CHECK(inside(session, cookies));
  FUZZ_CHECK(session.find(';') == std::string_view::npos);
  if (const auto credential = host_sim::web::credential_path(path)) {
    FUZZ_CHECK(path.starts_with("/api/credentials/"));
    FUZZ_CHECK(inside(credential->second, path));
  }
  (void)request[http::field::host];
  (void)request[http::field::origin];
  (void)request["X-CSRF-Token"];
  return 0;
}
