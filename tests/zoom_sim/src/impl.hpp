// Internal: the simulator's state and request processing, shared by the
// HTTP-agnostic logic (api.cpp, oauth.cpp) and the Beast server (server.cpp).
#pragma once

#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <variant>
#include <vector>

#include "util.hpp"
#include "zoom_sim/simulator.hpp"

namespace zoom_sim {

using TimePoint = std::chrono::system_clock::time_point;

struct HttpRequest {
  std::string method;
  std::string path;   // raw, percent-encoded
  std::string query;  // raw, without '?'
  std::string authorization;
  std::string content_type;
  std::string user_agent;
  std::string body;
  // Made by the simulator itself (truth()): any scope, no rate limit, no token.
  bool internal = false;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json;charset=UTF-8";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

enum class Delivery { normal, reset, delayed };

struct Outcome {
  HttpResponse response;
  Delivery delivery = Delivery::normal;
  std::chrono::milliseconds delay{0};
};

class Server;      // server.cpp
class WriteStore;  // write_store.hpp: what the write routes changed
class TrafficLog;  // traffic_log.hpp: requests and answers as JSON Lines
struct EventSystem;  // event_system.hpp: events, their delivery, the activity generator

struct Simulator::Impl {
  explicit Impl(Options o);
  ~Impl();

  Outcome process(const HttpRequest& req);  // thread-safe

  // ---- configuration (immutable after construction unless noted)
  Options opt;
  Dataset ds;
  std::string base_url;

  // ---- mutable state, guarded by mu
  mutable std::mutex mu;
  Clock clock;
  bool rate_limit = true;

  struct TokenInfo {
    std::string account_id;
    std::string client_id;
    std::unordered_set<std::string> scopes;
    TimePoint expires;
  };
  std::unordered_map<std::string, TokenInfo> tokens;

  struct PageToken {
    std::string account_id;
    std::string binding;  // raw path + canonical query (without paging params)
    std::size_t offset = 0;
    TimePoint created;
    bool expired = false;
  };
  std::unordered_map<std::string, PageToken> page_tokens;
  util::Rng secret_rng;  // tokens: random-looking, not reproducible on purpose

  struct Bucket {
    double tokens = 0;
    TimePoint last;
  };
  std::unordered_map<std::string, Bucket> buckets;
  struct DailyCount {
    std::int64_t day = 0;
    std::uint64_t count = 0;
  };
  std::unordered_map<std::string, DailyCount> daily;

  FaultPlan faults;
  util::Rng fault_rng{1};
  std::vector<std::uint64_t> fault_counters;
  std::map<std::size_t, unsigned> burst_left;           // rule index -> 429s still to send
  std::chrono::system_clock::duration clock_jumped{0};  // sum of clock_jump faults

  Stats stats;
  std::deque<LoggedRequest> log;
  std::uint64_t seq = 0;

  std::unique_ptr<Server> server;
  std::unique_ptr<WriteStore> writes;
  std::unique_ptr<TrafficLog> traffic;
  std::unique_ptr<EventSystem> events;

  // ---- helpers (called with mu held unless noted)
  TimePoint now() const {
    return (clock ? clock() : std::chrono::system_clock::now()) + clock_jumped;
  }
  std::string random_token(std::size_t n);
  void set_faults_locked(FaultPlan p);

  // ---- shared by the read and the write routes (called without mu held)
  struct Caller {
    std::string account_id;
    std::unordered_set<std::string> scopes;
  };
  // The bearer token's caller, or the 124 answer.
  std::variant<Caller, HttpResponse> authenticate(const HttpRequest& req, TimePoint now_tp);
  // Takes one request from the account's bucket of `category` (and its daily cap),
  // or answers 429; on success appends the X-RateLimit-* headers to `rl_headers`.
  std::optional<HttpResponse> admit(const std::string& account_id, Category category, bool phone,
                                    TimePoint now_tp,
                                    std::vector<std::pair<std::string, std::string>>& rl_headers);

  // ---- request handlers (called without mu held)
  HttpResponse handle_oauth(const HttpRequest& req);
  HttpResponse handle_api(const HttpRequest& req, LoggedRequest& entry);
  // POST/PATCH/DELETE routes and the reads that only written data needs
  // (write_api.cpp); nullopt when no such route matches.
  std::optional<HttpResponse> handle_write_api(const HttpRequest& req, LoggedRequest& entry);
  // Phone recordings and meeting summaries (media_api.cpp); nullopt: no such route.
  std::optional<HttpResponse> handle_media_api(const HttpRequest& req, LoggedRequest& entry);
  // GET /rec/download/<file id>: a recording's TRANSCRIPT file (media_api.cpp).
  HttpResponse handle_download(const HttpRequest& req, LoggedRequest& entry);
  HttpResponse handle_control(const HttpRequest& req);
};

// Shared response builders.
HttpResponse json_response(int status, std::string body);
HttpResponse api_error(int status, int code, std::string_view message);
HttpResponse validation_error(std::string_view field, std::string_view message = "Invalid field.");
std::string json_str(std::string_view s);  // a JSON string literal, quoted and escaped

}  // namespace zoom_sim
