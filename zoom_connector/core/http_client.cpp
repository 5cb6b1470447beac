#include "core/http_client.hpp"

#include <curl/curl.h>
#include <string.h>  // explicit_bzero

#include <algorithm>
#include <array>
#include <boost/url/parse.hpp>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <mutex>

#include "core/answer_reader.hpp"
#include "core/ascii_text.hpp"
#include "core/bounded_text.hpp"
#include "core/secret_wipe.hpp"
#include "core/url_policy.hpp"

namespace zc {
namespace {

// curl_global_init once per process, from whichever thread comes first.
// It is never undone: curl_global_cleanup is not safe while any other part
// of the host process might still use libcurl.
CURLcode global_init_once() {
  static const CURLcode code = curl_global_init(CURL_GLOBAL_DEFAULT);
  return code;
}

struct Transfer {
  bool clear_text = false;      // plain http: only loopback may see the request
  std::string refused_address;  // set when the connected address was not loopback
};

// Called once connected, before the request is sent.
int on_connected(void* user, char* primary_ip, char*, int, int) {
  auto* t = static_cast<Transfer*>(user);
  const std::string_view ip = primary_ip != nullptr ? primary_ip : "";
  if (!t->clear_text || is_loopback_address(ip)) return CURL_PREREQFUNC_OK;
  t->refused_address = ip.empty() ? "an unknown address" : loggable_url_text(ip);
  return CURL_PREREQFUNC_ABORT;
}

bool has_line_break_or_nul(std::string_view s) {
  return s.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos;
}

// "host:port" for messages; never the path or query.
std::string target_of(std::string_view url) {
  auto parsed = boost::urls::parse_uri(url);
  if (!parsed) return "the server";
  const Origin o = origin_of(*parsed);
  return (o.host.find(':') != std::string::npos ? "[" + o.host + "]" : o.host) + ":" +
         std::to_string(o.port);
}

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

}  // namespace

std::optional<std::string_view> HttpResponse::header(std::string_view name) const {
  const std::string wanted = ascii_lower(name);
  for (const auto& [key, value] : headers) {
    if (key == wanted) return std::string_view(value);
  }
  return std::nullopt;
}

std::string_view HttpResponse::content_type() const {
  return header("content-type").value_or(std::string_view());
}

bool HttpResponse::is_json() const {
  const std::string type = ascii_lower(content_type());
  if (type.find("json") != std::string::npos) return true;
  if (!type.empty()) return false;
  const std::string_view b = trim_space(body);
  return !b.empty() && (b.front() == '{' || b.front() == '[');
}

// ---- The slot pool and the share handle.
struct HttpClient::Impl {
  struct Slot {
    CURL* easy = nullptr;
    CURLM* multi = nullptr;
    ~Slot() {
      if (multi != nullptr) curl_multi_cleanup(multi);
      if (easy != nullptr) curl_easy_cleanup(easy);
    }
  };
  static constexpr std::size_t k_max_idle = 32;

  explicit Impl(std::size_t max_buffered) : budget(max_buffered) {}

  AnswerBudget budget;  // every answer body being read at once
  CURLSH* share = nullptr;
  std::array<std::mutex, CURL_LOCK_DATA_LAST> share_locks;
  std::mutex pool_mutex;
  std::vector<std::unique_ptr<Slot>> idle;

  ~Impl() {
    idle.clear();  // easy handles go before the share handle they use
    if (share != nullptr) curl_share_cleanup(share);
  }

  static void lock(CURL*, curl_lock_data data, curl_lock_access, void* user) {
    static_cast<Impl*>(user)->share_locks[static_cast<std::size_t>(data)].lock();
  }
  static void unlock(CURL*, curl_lock_data data, void* user) {
    static_cast<Impl*>(user)->share_locks[static_cast<std::size_t>(data)].unlock();
  }

  std::unique_ptr<Slot> acquire() {
    {
      std::lock_guard guard(pool_mutex);
      if (!idle.empty()) {
        auto slot = std::move(idle.back());
        idle.pop_back();
        return slot;
      }
    }
    auto slot = std::make_unique<Slot>();
    slot->easy = curl_easy_init();
    slot->multi = curl_multi_init();
    if (slot->easy == nullptr || slot->multi == nullptr) return nullptr;
    return slot;
  }

  void release(std::unique_ptr<Slot> slot) {
    std::lock_guard guard(pool_mutex);
    if (idle.size() < k_max_idle) idle.push_back(std::move(slot));
  }
};

std::string default_ca_file() {
  std::string path;
#if LIBCURL_VERSION_NUM >= 0x075400  // CURLINFO_CAINFO: 7.84.0
  if (global_init_once() != CURLE_OK) return path;
  CURL* h = curl_easy_init();
  if (h == nullptr) return path;
  char* found = nullptr;
  if (curl_easy_getinfo(h, CURLINFO_CAINFO, &found) == CURLE_OK && found != nullptr) path = found;
  curl_easy_cleanup(h);
#endif
  return path;
}

HttpClient::HttpClient(HttpClientOptions options)
    : options_(std::move(options)), impl_(std::make_unique<Impl>(options_.max_buffered_bytes)) {}

HttpClient::~HttpClient() = default;

Result<std::shared_ptr<HttpClient>> HttpClient::create(HttpClientOptions options) {
  if (global_init_once() != CURLE_OK) {
    return fail(Status::internal, "libcurl could not be initialised");
  }
  std::shared_ptr<HttpClient> client(new HttpClient(std::move(options)));
  Impl& impl = *client->impl_;
  impl.share = curl_share_init();
  if (impl.share == nullptr) return fail(Status::internal, "libcurl share handle: out of memory");
  curl_share_setopt(impl.share, CURLSHOPT_LOCKFUNC, &Impl::lock);
  curl_share_setopt(impl.share, CURLSHOPT_UNLOCKFUNC, &Impl::unlock);
  curl_share_setopt(impl.share, CURLSHOPT_USERDATA, &impl);
  curl_share_setopt(impl.share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
  curl_share_setopt(impl.share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
  return client;
}

Result<HttpResponse> HttpClient::perform(const HttpRequest& request,
                                         const std::atomic<bool>* cancel) const {
  if (cancel != nullptr && cancel->load()) return fail(Status::cancelled, "cancelled");
  auto slot = impl_->acquire();
  if (!slot) return fail(Status::internal, "libcurl handle: out of memory");
  CURL* h = slot->easy;
  curl_easy_reset(h);  // keeps the slot's live connections and the share

  Transfer transfer;
  AnswerReader answer(
      AnswerLimits{request.max_body_bytes != 0 ? request.max_body_bytes : options_.max_body_bytes,
                   options_.max_error_body_bytes},
      impl_->budget);
  transfer.clear_text =
      !ascii_lower(std::string_view(request.url).substr(0, 8)).starts_with("https://");
  if (has_line_break_or_nul(options_.user_agent)) {
    return fail(Status::invalid_argument, "the User-Agent contains a line break; refused");
  }
  for (const auto& [name, value] : request.headers) {
    if (has_line_break_or_nul(name) || has_line_break_or_nul(value)) {
      return fail(Status::internal, "a request header contains a line break; refused");
    }
  }
  char detail[CURL_ERROR_SIZE] = {0};

  struct SlistDeleter {
    void operator()(curl_slist* l) const {
      for (curl_slist* node = l; node != nullptr; node = node->next) {  // auth headers
        explicit_bzero(node->data, std::strlen(node->data));
      }
      curl_slist_free_all(l);
    }
  };
  std::unique_ptr<curl_slist, SlistDeleter> headers;
  for (const auto& [name, value] : request.headers) {
    std::string line = name + ": " + value;
    const WipeOnExit wipe_line(line);
    curl_slist* grown = curl_slist_append(headers.get(), line.c_str());
    if (grown == nullptr) return fail(Status::internal, "out of memory");
    (void)headers.release();
    headers.reset(grown);
  }

  std::unique_ptr<curl_slist, SlistDeleter> connect_to;
  for (const auto& entry : options_.connect_to) {
    curl_slist* grown = curl_slist_append(connect_to.get(), entry.c_str());
    if (grown == nullptr) return fail(Status::internal, "out of memory");
    (void)connect_to.release();
    connect_to.reset(grown);
  }

  curl_easy_setopt(h, CURLOPT_SHARE, impl_->share);
  curl_easy_setopt(h, CURLOPT_URL, request.url.c_str());
  // The path goes out as made: no dot segment resolved (ZoomApiClient checked it).
  curl_easy_setopt(h, CURLOPT_PATH_AS_IS, 1L);
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, detail);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &AnswerReader::on_body);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &answer);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, &AnswerReader::on_header);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &answer);
  curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, options_.connect_timeout_ms);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, options_.total_timeout_ms);
  curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, options_.low_speed_limit_bytes);
  curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, options_.low_speed_time_s);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);  // always; there is no switch
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt(h, CURLOPT_PROXY_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(h, CURLOPT_PROXY_SSL_VERIFYHOST, 2L);
  if (!options_.ca_bundle.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, options_.ca_bundle.c_str());
  if (!options_.proxy.empty()) curl_easy_setopt(h, CURLOPT_PROXY, options_.proxy.c_str());
  curl_easy_setopt(h, CURLOPT_PREREQFUNCTION, &on_connected);
  curl_easy_setopt(h, CURLOPT_PREREQDATA, &transfer);
  if (connect_to) curl_easy_setopt(h, CURLOPT_CONNECT_TO, connect_to.get());
  if (!options_.user_agent.empty()) {
    curl_easy_setopt(h, CURLOPT_USERAGENT, options_.user_agent.c_str());
  }
  if (headers) curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
  if (request.method == "POST" || request.method == "PATCH") {
    curl_easy_setopt(h, CURLOPT_POST, 1L);
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.c_str());
    if (request.method == "PATCH") curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, "PATCH");
  } else if (request.method == "DELETE") {
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, "DELETE");
  } else if (request.method != "GET") {
    return fail(Status::internal, "HttpClient supports GET, POST, PATCH and DELETE only");
  }

  CURLM* multi = slot->multi;
  if (curl_multi_add_handle(multi, h) != CURLM_OK) {
    return fail(Status::internal, "libcurl could not start the request");
  }
  CURLcode result = CURLE_OK;
  bool done = false;
  bool cancelled = false;
  bool multi_failed = false;
  while (!done) {
    int running = 0;
    if (curl_multi_perform(multi, &running) != CURLM_OK) {
      multi_failed = true;
      break;
    }
    int queued = 0;
    while (CURLMsg* message = curl_multi_info_read(multi, &queued)) {
      if (message->msg == CURLMSG_DONE && message->easy_handle == h) {
        result = message->data.result;
        done = true;
      }
    }
    if (done) break;
    if (cancel != nullptr && cancel->load()) {
      cancelled = true;
      break;
    }
    if (curl_multi_poll(multi, nullptr, 0, 50, nullptr) != CURLM_OK) {
      multi_failed = true;
      break;
    }
  }
  long status = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  Error error;
  if (!cancelled && !multi_failed && result != CURLE_OK) {
    error = transport_error(result, h, detail, options_, request);
  }
  curl_multi_remove_handle(multi, h);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, nullptr);
  impl_->release(std::move(slot));

  if (cancelled) return fail(Status::cancelled, "cancelled");
  if (!transfer.refused_address.empty()) {
    return fail(Status::network,
                "refused to send a plain http request to " + target_of(request.url) +
                    ": the connection went to " + transfer.refused_address +
                    ", which is not a loopback address. Plain http is allowed only to this "
                    "machine (127.0.0.0/8, ::1); use https.");
  }
  if (multi_failed) return fail(Status::internal, "libcurl's transfer loop failed");
  if (auto refused = answer.refusal("the answer from " + target_of(request.url))) {
    return std::unexpected(*refused);
  }
  if (result != CURLE_OK && answer.stop() != AnswerReader::Stop::error_cut) {
    return std::unexpected(std::move(error));
  }
  HttpResponse response = answer.take_response();
  response.status = status;
  // A cut error answer: reading stopped on purpose, the answer stands.
  response.body_cut = answer.stop() == AnswerReader::Stop::error_cut;
  return response;
}

}  // namespace zc
