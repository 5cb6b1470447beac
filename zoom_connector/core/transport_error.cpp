#include "core/transport_error.hpp"

#include <boost/url/parse.hpp>
#include <cstdlib>
#include <optional>

#include "core/ascii_text.hpp"
#include "core/bounded_text.hpp"
#include "core/url_policy.hpp"

namespace zc {
namespace {

// The proxy for messages, without any "user:password@".
std::string display_proxy(std::string_view proxy) {
  const auto at = proxy.rfind('@');
  if (at == std::string_view::npos) return std::string(proxy);
  const auto scheme_end = proxy.find("://");
  const std::string scheme = scheme_end != std::string_view::npos && scheme_end < at
                                 ? std::string(proxy.substr(0, scheme_end + 3))
                                 : std::string();
  return scheme + std::string(proxy.substr(at + 1));
}

const char* env(const char* name) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? v : nullptr;
}

// The proxy libcurl will use for `url`: the option, else the environment
// (the same variables libcurl reads; NO_PROXY matched by host suffix, which
// is close to libcurl's rule). Only used to word error messages.
std::optional<std::string> proxy_in_effect(const HttpClientOptions& options, std::string_view url) {
  if (!options.proxy.empty()) return display_proxy(options.proxy);
  auto parsed = boost::urls::parse_uri(url);
  if (!parsed) return std::nullopt;
  const Origin o = origin_of(*parsed);
  const char* found = nullptr;
  if (o.scheme == "https") {
    for (const char* name : {"https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"}) {
      if ((found = env(name)) != nullptr) break;
    }
  } else {
    for (const char* name : {"http_proxy", "all_proxy", "ALL_PROXY"}) {
      if ((found = env(name)) != nullptr) break;
    }
  }
  if (found == nullptr) return std::nullopt;
  const char* no_proxy = env("no_proxy") != nullptr ? env("no_proxy") : env("NO_PROXY");
  if (no_proxy != nullptr) {
    std::string_view list(no_proxy);
    while (!list.empty()) {
      const auto comma = list.find(',');
      std::string entry = ascii_lower(trim_space(list.substr(0, comma)));
      list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
      if (entry == "*") return std::nullopt;
      if (!entry.empty() && entry.front() == '.') entry.erase(0, 1);
      if (!entry.empty() &&
          (o.host == entry || (o.host.size() > entry.size() && o.host.ends_with("." + entry)))) {
        return std::nullopt;
      }
    }
  }
  return display_proxy(found);
}

bool is_tls_error(CURLcode code) {
  switch (code) {
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_SSL_SHUTDOWN_FAILED:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CLIENTCERT:
    case CURLE_USE_SSL_FAILED:
      return true;
    default:
      return false;
  }
}

}  // namespace

// "host:port" for messages; never the path or query.
std::string target_of(std::string_view url) {
  auto parsed = boost::urls::parse_uri(url);
  if (!parsed) return "the server";
  const Origin o = origin_of(*parsed);
  return (o.host.find(':') != std::string::npos ? "[" + o.host + "]" : o.host) + ":" +
         std::to_string(o.port);
}

Error transport_error(CURLcode code, CURL* easy, const char* detail_buffer,
                      const HttpClientOptions& options, const HttpRequest& request) {
  const std::string target = target_of(request.url);
  // curl's detail can quote the server (a proxy's status line): bounded.
  std::string detail = bounded_text(detail_buffer != nullptr && *detail_buffer != '\0'
                                        ? std::string_view(detail_buffer)
                                        : std::string_view(curl_easy_strerror(code)));
  while (!detail.empty() && detail.back() == ' ') detail.pop_back();
  const auto proxy = proxy_in_effect(options, request.url);
  long connect_code = 0;
  curl_easy_getinfo(easy, CURLINFO_HTTP_CONNECTCODE, &connect_code);

  Error e;
  e.retryable = true;
  if (code == CURLE_OPERATION_TIMEDOUT) {
    e.status = Status::timeout;
    e.message = "timeout: no complete answer from " + target + " in time (" + detail + ")" +
                (proxy ? ", through the proxy " + *proxy : std::string()) +
                ". Zoom or the network is slow or unreachable; try again, or raise the "
                "connect_timeout_ms / total_timeout_ms options.";
    return e;
  }
  e.status = Status::network;
  const bool proxy_failed =
      proxy && (code == CURLE_COULDNT_RESOLVE_PROXY || code == CURLE_COULDNT_CONNECT ||
                code == CURLE_PROXY || (connect_code != 0 && (connect_code / 100) != 2));
  if (proxy_failed) {
    e.message = "proxy failure: could not reach " + target + " through the proxy " + *proxy + " (" +
                detail +
                "). Check the proxy option or the https_proxy / HTTPS_PROXY / ALL_PROXY "
                "environment variables, and that the proxy allows connections to Zoom.";
    return e;
  }
  if (is_tls_error(code)) {
    e.retryable = false;
    e.message = "TLS failure: the secure (https) connection to " + target + " failed (" + detail +
                "). Check that the address serves https and that no proxy or firewall "
                "intercepts TLS; if one does, add its CA certificate with the ca_bundle option. "
                "Certificate verification cannot be turned off.";
    return e;
  }
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
      e.message = "network failure: the host name of " + target + " could not be resolved (" +
                  detail + "). Check DNS and the network connection.";
      return e;
    case CURLE_COULDNT_CONNECT:
      if (const auto parsed = boost::urls::parse_uri(request.url);
          parsed && is_loopback_host(*parsed)) {
        e.message = "network failure: could not connect to " + target + " (" + detail +
                    "). Nothing is listening there on this machine: is the server (e.g. the "
                    "simulator) running, and is the port right?";
        return e;
      }
      e.message = "network failure: could not connect to " + target + " (" + detail +
                  "). The server is down, the network is unreachable, or a firewall blocks "
                  "the connection.";
      return e;
    case CURLE_ABORTED_BY_CALLBACK:
      e.status = Status::cancelled;
      e.retryable = false;
      e.message = "cancelled";
      return e;
    default:
      e.message = "network failure while talking to " + target + " (" + detail + ")";
      return e;
  }
}

}  // namespace zc
