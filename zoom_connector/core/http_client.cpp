#include "core/http_client.hpp"

#include <curl/curl.h>
#include <string.h>  // explicit_bzero

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <mutex>

#include "core/answer_reader.hpp"
#include "core/ascii_text.hpp"
#include "core/bounded_text.hpp"
#include "core/secret_wipe.hpp"
#include "core/transport_error.hpp"
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

// A curl_slist that wipes its lines (they may hold the Authorization header).
struct SlistDeleter {
  void operator()(curl_slist* l) const {
    for (curl_slist* node = l; node != nullptr; node = node->next) {
      explicit_bzero(node->data, std::strlen(node->data));
    }
    curl_slist_free_all(l);
  }
};
using Slist = std::unique_ptr<curl_slist, SlistDeleter>;

bool append_line(Slist& list, const std::string& line) {
  curl_slist* grown = curl_slist_append(list.get(), line.c_str());
  if (grown == nullptr) return false;
  (void)list.release();
  list.reset(grown);
  return true;
}

// What one request's transfer is tied to while it runs.
struct TransferParts {
  CURLSH* share = nullptr;
  char* detail = nullptr;  // CURL_ERROR_SIZE bytes
  AnswerReader* answer = nullptr;
  Transfer* transfer = nullptr;
  curl_slist* headers = nullptr;
  curl_slist* connect_to = nullptr;
};

void set_transfer_options(CURL* h, const HttpClientOptions& o, const HttpRequest& request,
                          const TransferParts& parts) {
  curl_easy_setopt(h, CURLOPT_SHARE, parts.share);
  curl_easy_setopt(h, CURLOPT_URL, request.url.c_str());
  // The path goes out as made: no dot segment resolved (ZoomApiClient checked it).
  curl_easy_setopt(h, CURLOPT_PATH_AS_IS, 1L);
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, parts.detail);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &AnswerReader::on_body);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, parts.answer);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, &AnswerReader::on_header);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, parts.answer);
  curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, o.connect_timeout_ms);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, o.total_timeout_ms);
  curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, o.low_speed_limit_bytes);
  curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, o.low_speed_time_s);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);  // always; there is no switch
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt(h, CURLOPT_PROXY_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(h, CURLOPT_PROXY_SSL_VERIFYHOST, 2L);
  if (!o.ca_bundle.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, o.ca_bundle.c_str());
  if (!o.proxy.empty()) curl_easy_setopt(h, CURLOPT_PROXY, o.proxy.c_str());
  curl_easy_setopt(h, CURLOPT_PREREQFUNCTION, &on_connected);
  curl_easy_setopt(h, CURLOPT_PREREQDATA, parts.transfer);
  if (parts.connect_to != nullptr) curl_easy_setopt(h, CURLOPT_CONNECT_TO, parts.connect_to);
  if (!o.user_agent.empty()) curl_easy_setopt(h, CURLOPT_USERAGENT, o.user_agent.c_str());
  if (parts.headers != nullptr) curl_easy_setopt(h, CURLOPT_HTTPHEADER, parts.headers);
}

// False for a method the client does not send.
bool set_method(CURL* h, const HttpRequest& request) {
  if (request.method == "POST" || request.method == "PATCH") {
    curl_easy_setopt(h, CURLOPT_POST, 1L);
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.c_str());
    if (request.method == "PATCH") curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, "PATCH");
    return true;
  }
  if (request.method == "DELETE") {
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, "DELETE");
    return true;
  }
  return request.method == "GET";
}

struct TransferEnd {
  CURLcode result = CURLE_OK;
  bool cancelled = false;
  bool multi_failed = false;
};

// Drives the transfer of `h` (already added to `multi`) to its end, looking
// at `cancel` every 50 ms.
TransferEnd run_transfer(CURLM* multi, CURL* h, const std::atomic<bool>* cancel) {
  TransferEnd end;
  for (;;) {
    int running = 0;
    if (curl_multi_perform(multi, &running) != CURLM_OK) {
      end.multi_failed = true;
      return end;
    }
    int queued = 0;
    bool done = false;
    while (CURLMsg* message = curl_multi_info_read(multi, &queued)) {
      if (message->msg == CURLMSG_DONE && message->easy_handle == h) {
        end.result = message->data.result;
        done = true;
      }
    }
    if (done) return end;
    if (cancel != nullptr && cancel->load()) {
      end.cancelled = true;
      return end;
    }
    if (curl_multi_poll(multi, nullptr, 0, 50, nullptr) != CURLM_OK) {
      end.multi_failed = true;
      return end;
    }
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
    AnswerBuffer buffer;  // where its answers are read
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

  // A slot lent to one request; it goes back to the pool when the lease ends.
  struct SlotReturn {
    Impl* impl;
    void operator()(Slot* slot) const { impl->give_back(std::unique_ptr<Slot>(slot)); }
  };
  using Lease = std::unique_ptr<Slot, SlotReturn>;

  // An idle slot, or a new one; empty when libcurl has no memory for one.
  Lease lend() {
    std::unique_ptr<Slot> slot;
    {
      std::lock_guard guard(pool_mutex);
      if (!idle.empty()) {
        slot = std::move(idle.back());
        idle.pop_back();
      }
    }
    if (!slot) {
      slot = std::make_unique<Slot>();
      slot->easy = curl_easy_init();
      slot->multi = curl_multi_init();
      if (slot->easy == nullptr || slot->multi == nullptr) return Lease(nullptr, {this});
    }
    return Lease(slot.release(), {this});
  }

 private:
  void give_back(std::unique_ptr<Slot> slot) {
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
  // Declared first, so the slot goes back to the pool after the answer read
  // into its buffer is done with.
  const Impl::Lease lease = impl_->lend();
  if (!lease) return fail(Status::internal, "libcurl handle: out of memory");
  CURL* h = lease->easy;
  curl_easy_reset(h);  // keeps the slot's live connections and the share

  Transfer transfer;
  AnswerReader answer(
      AnswerLimits{request.max_body_bytes != 0 ? request.max_body_bytes : options_.max_body_bytes,
                   options_.max_error_body_bytes},
      impl_->budget, lease->buffer);
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
  Slist headers;
  for (const auto& [name, value] : request.headers) {
    std::string line = name + ": " + value;
    const WipeOnExit wipe_line(line);
    if (!append_line(headers, line)) return fail(Status::internal, "out of memory");
  }
  Slist connect_to;
  for (const auto& entry : options_.connect_to) {
    if (!append_line(connect_to, entry)) return fail(Status::internal, "out of memory");
  }
  set_transfer_options(h, options_, request,
                       {impl_->share, detail, &answer, &transfer, headers.get(), connect_to.get()});
  if (!set_method(h, request)) {
    return fail(Status::internal, "HttpClient supports GET, POST, PATCH and DELETE only");
  }

  CURLM* multi = lease->multi;
  if (curl_multi_add_handle(multi, h) != CURLM_OK) {
    return fail(Status::internal, "libcurl could not start the request");
  }
  const TransferEnd end = run_transfer(multi, h, cancel);
  long status = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  Error error;
  if (!end.cancelled && !end.multi_failed && end.result != CURLE_OK) {
    error = transport_error(end.result, h, detail, options_, request);
  }
  curl_multi_remove_handle(multi, h);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, nullptr);

  if (end.cancelled) return fail(Status::cancelled, "cancelled");
  if (!transfer.refused_address.empty()) {
    return fail(Status::network,
                "refused to send a plain http request to " + target_of(request.url) +
                    ": the connection went to " + transfer.refused_address +
                    ", which is not a loopback address. Plain http is allowed only to this "
                    "machine (127.0.0.0/8, ::1); use https.");
  }
  if (end.multi_failed) return fail(Status::internal, "libcurl's transfer loop failed");
  if (auto refused = answer.refusal("the answer from " + target_of(request.url))) {
    return std::unexpected(*refused);
  }
  if (end.result != CURLE_OK && answer.stop() != AnswerReader::Stop::error_cut) {
    return std::unexpected(std::move(error));
  }
  HttpResponse response = answer.take_response();
  response.status = status;
  // A cut error answer: reading stopped on purpose, the answer stands.
  response.body_cut = answer.stop() == AnswerReader::Stop::error_cut;
  return response;
}

}  // namespace zc
