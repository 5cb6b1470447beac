#include "web_server.hpp"

#include <sodium.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <condition_variable>
#include <iostream>
#include <map>
#include <memory_resource>
#include <mutex>
#include <thread>

#include "exit_codes.hpp"
#include "fetch_command.hpp"
#include "json_line.hpp"
#include "secret_box.hpp"
#include "secure_memory.hpp"
#include "signal_watcher.hpp"
#include "terminal_text.hpp"
#include "web_fetch_job.hpp"
#include "web_request.hpp"
#include "web_streams.hpp"

namespace zc::embedded {
extern const std::string_view host_sim_index_html;
extern const std::string_view host_sim_app_js;
extern const std::string_view host_sim_app_css;
}  // namespace zc::embedded

namespace host_sim {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace json = boost::json;
using tcp = net::ip::tcp;
using web::cookie_value;
using web::credential_path;
using web::path_of;
using web::query_value;
using web::Request;
using Response = http::response<http::string_body>;
using Clock = std::chrono::steady_clock;

constexpr const char* k_open_the_printed_url =
    "this page needs the key host_sim printed when it started: open the URL it printed "
    "(http://127.0.0.1:PORT/?key=...)";

const char* k_security_policy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

Response make_response(http::status status, std::string body, const char* content_type,
                       unsigned version = 11) {
  Response response(status, version);
  response.set(http::field::content_type, content_type);
  response.set(http::field::cache_control, "no-store");
  response.set("X-Content-Type-Options", "nosniff");
  response.set("X-Frame-Options", "DENY");
  response.set("Referrer-Policy", "no-referrer");
  response.set("Content-Security-Policy", k_security_policy);
  response.set(http::field::server, "host_sim");
  response.body() = std::move(body);
  return response;
}

// JSON with <, > and & escaped as \u00XX (those characters only occur
// inside strings, so the text stays the same JSON and can never be read as
// markup), and controls too, as in every JSON line a host prints.
std::string safe_json(const json::value& body) {
  return host_support::printable_json(json::serialize(body), true);
}

Response json_response(http::status status, const json::value& body, unsigned version = 11) {
  return make_response(status, safe_json(body), "application/json; charset=utf-8", version);
}

Response error_response(http::status status, const std::string& message, unsigned version = 11) {
  return json_response(status, json::object{{"error", message}}, version);
}

bool same_token(std::string_view a, std::string_view b) {
  return !a.empty() && a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

json::object errors_object(const std::vector<FieldError>& errors) {
  json::object out;
  for (const auto& error : errors) {
    if (!out.contains(error.key)) out[error.key] = error.message;
  }
  return out;
}

json::value verdict_value(const CheckResult& check) {
  boost::system::error_code ec;
  auto verdict = json::parse(check.verdict_json, ec);
  if (ec) return json::object{{"ok", false}, {"message", check.message}};
  if (verdict.is_object()) verdict.as_object()["state"] = state_word(check.state);
  return verdict;
}

}  // namespace

struct WebServer::Impl {
  const Host& host;
  CredentialStore& store;
  ServeOptions options;
  std::string token = random_hex(32);
  // The launch key is printed in the URL; it is exchanged for the session
  // cookie, which every request must then carry.
  std::string launch_key = random_hex(32);
  std::string session = random_hex(32);
  std::string cookie_name;
  json::object prefill;
  net::io_context io;
  tcp::acceptor acceptor{io};
  std::atomic<bool> stopping{false};
  std::mutex mutex;
  std::condition_variable idle;
  std::condition_variable stopped;

  // Open connections by socket handle. `receiving` until the whole request
  // is read: only those are cut at the deadline or evicted for newcomers.
  struct Connection {
    std::string peer;
    Clock::time_point started;
    bool receiving = true;
    bool evicted = false;
  };
  std::map<int, Connection> connections;
  int evicted_count = 0;
  std::vector<std::string> allowed_hosts;
  // The prefill is for the first credential added; later ones start clean.
  std::atomic<bool> prefill_used{false};

  // The latest web fetch per credential (finished ones stay for the page,
  // up to k_kept_fetches credentials).
  static constexpr std::size_t k_max_running_fetches = 2;
  static constexpr std::size_t k_kept_fetches = 8;
  std::mutex jobs_mutex;
  std::map<std::int64_t, std::unique_ptr<WebFetchJob>> jobs;

  Impl(const Host& h, CredentialStore& s, ServeOptions o)
      : host(h), store(s), options(std::move(o)) {}

  // ---- request checks ------------------------------------------------

  bool host_allowed(const Request& request) const {
    const auto value = request[http::field::host];
    return std::ranges::find(allowed_hosts, std::string(value)) != allowed_hosts.end();
  }

  // Why a state-changing request is refused, or "".
  std::string refuse_change(const Request& request) const {
    const auto sent = request["X-CSRF-Token"];
    if (sent.empty()) return "missing CSRF token (X-CSRF-Token header)";
    if (!same_token(sent, token)) return "wrong CSRF token";
    const auto origin = request[http::field::origin];
    if (!origin.empty()) {
      const std::string origin_text(origin);
      const bool same = std::ranges::any_of(allowed_hosts, [&](const std::string& allowed) {
        return origin_text == "http://" + allowed;
      });
      if (!same) return "cross-origin request refused (Origin " + origin_text + ")";
    }
    return {};
  }

  bool has_session(const Request& request) const {
    return same_token(cookie_value(request[http::field::cookie], cookie_name), session);
  }

  Response unauthorized(std::string_view path, unsigned version) const {
    if (path.starts_with("/api/")) {
      return error_response(http::status::unauthorized, k_open_the_printed_url, version);
    }
    std::string page =
        "<!doctype html><meta charset=\"utf-8\"><title>host_sim: open the printed URL</title>"
        "<p>This page needs the key that <code>host_sim serve</code> printed when it started. "
        "Open the URL it printed (<code>http://127.0.0.1:PORT/?key=&hellip;</code>) in this "
        "browser.</p>\n";
    return make_response(http::status::unauthorized, std::move(page), "text/html; charset=utf-8",
                         version);
  }

  // The printed URL: trade its key for the session cookie, then drop the key
  // from the address bar.
  Response sign_in(std::string_view target, unsigned version) const {
    if (!same_token(query_value(target, "key"), launch_key)) return unauthorized("/", version);
    Response response = make_response(http::status::see_other, "", "text/plain", version);
    response.set(http::field::location, "/");
    response.set(http::field::set_cookie,
                 cookie_name + "=" + session + "; Path=/; HttpOnly; SameSite=Strict");
    return response;
  }

  // ---- routes --------------------------------------------------------

  Response page(unsigned version) const {
    std::string html(zc::embedded::host_sim_index_html);
    const std::string marker = "{{CSRF_TOKEN}}";
    if (const auto at = html.find(marker); at != std::string::npos)
      html.replace(at, marker.size(), token);
    return make_response(http::status::ok, std::move(html), "text/html; charset=utf-8", version);
  }

  json::object screen(const std::string& direction) const {
    json::array directions;
    for (const auto& d : host.info.directions) directions.emplace_back(d);
    json::array tiles;
    for (const auto& row : store.list(host.info.name, direction)) {
      tiles.emplace_back(credential_view(host, row));
    }
    return {{"connector",
             {{"name", host.info.name},
              {"display_name", host.info.display_name},
              {"version", host.info.version}}},
            {"directions", std::move(directions)},
            {"direction", direction},
            {"form", form_to_json(host.form)},
            {"prefill", prefill_used.load() ? json::object() : prefill},
            {"credentials", std::move(tiles)}};
  }

  static std::optional<json::object> body_object(const Request& request) {
    boost::system::error_code ec;
    auto body = json::parse(std::string_view(request.body()), ec, secret_json_storage());
    if (ec || !body.is_object()) return std::nullopt;
    return std::move(body.as_object());
  }

  static std::optional<json::object> fields_of(const json::object& body) {
    const auto* fields = body.if_contains("fields");
    if (fields == nullptr || !fields->is_object()) return std::nullopt;
    return fields->as_object();
  }

  Response saved(const SaveResult& result, http::status status, unsigned version) const {
    if (!result.errors.empty()) {
      return json_response(http::status::unprocessable_entity,
                           json::object{{"errors", errors_object(result.errors)}}, version);
    }
    const auto row = store.get(*result.id);
    return json_response(status,
                         json::object{{"credential", row ? json::value(credential_view(host, *row))
                                                         : json::value(nullptr)},
                                      {"verdict", verdict_value(*result.check)}},
                         version);
  }

  std::optional<StoredCredential> owned(std::int64_t id) const {
    auto row = store.get(id);
    if (!row || row->connector != host.info.name) return std::nullopt;
    return row;
  }

  Response start_fetch(std::int64_t id, const Request& request, unsigned version) {
    const auto body = body_object(request);
    if (!body)
      return error_response(http::status::bad_request, "the body must be a JSON object", version);
    std::string refused;
    auto wanted =
        parse_web_fetch_request(*body, catalog_stream_names(host.plugin.catalog_json()), refused);
    if (!wanted) return error_response(http::status::unprocessable_entity, refused, version);
    std::unique_ptr<WebFetchJob> finished;  // destroyed outside the lock
    const std::lock_guard lock(jobs_mutex);
    if (stopping.load()) {
      return error_response(http::status::service_unavailable, "host_sim is stopping", version);
    }
    const auto it = jobs.find(id);
    if (it != jobs.end() && it->second->running()) {
      return error_response(http::status::conflict,
                            "a fetch is already running for this credential: stop it first",
                            version);
    }
    const auto running =
        std::ranges::count_if(jobs, [](const auto& job) { return job.second->running(); });
    if (static_cast<std::size_t>(running) >= k_max_running_fetches) {
      return error_response(http::status::too_many_requests,
                            "two fetches are running already: wait for one to end or stop it",
                            version);
    }
    if (it != jobs.end()) {
      finished = std::move(it->second);
      jobs.erase(it);
    } else if (jobs.size() >= k_kept_fetches) {
      const auto old =
          std::ranges::find_if(jobs, [](const auto& j) { return !j.second->running(); });
      if (old != jobs.end()) {
        finished = std::move(old->second);
        jobs.erase(old);
      }
    }
    auto& job = jobs[id];
    job = std::make_unique<WebFetchJob>(host, store, id, std::move(*wanted));
    return json_response(http::status::accepted, json::object{{"fetch", job->snapshot()}}, version);
  }

  void drop_job(std::int64_t id) {
    std::unique_ptr<WebFetchJob> job;
    {
      const std::lock_guard lock(jobs_mutex);
      const auto it = jobs.find(id);
      if (it == jobs.end()) return;
      job = std::move(it->second);
      jobs.erase(it);
    }
    job->stop();
  }

  Response route(const Request& request) {
    const unsigned version = request.version();
    const std::string_view target = request.target();
    const std::string_view path = path_of(target);
    const auto method = request.method();
    if (!host_allowed(request)) {
      return error_response(http::status::misdirected_request,
                            "unexpected Host header: this server answers only for its own address",
                            version);
    }
    if (method == http::verb::get && path == "/" && target.find('?') != std::string_view::npos &&
        !query_value(target, "key").empty()) {
      return sign_in(target, version);
    }
    if (!has_session(request)) return unauthorized(path, version);
    if (method == http::verb::get || method == http::verb::head) {
      if (path == "/" || path == "/index.html") return page(version);
      if (path == "/app.js") {
        return make_response(http::status::ok, std::string(zc::embedded::host_sim_app_js),
                             "text/javascript; charset=utf-8", version);
      }
      if (path == "/app.css") {
        return make_response(http::status::ok, std::string(zc::embedded::host_sim_app_css),
                             "text/css; charset=utf-8", version);
      }
      if (path == "/api/screen") {
        std::string direction = query_value(target, "direction");
        if (direction.empty()) direction = host.info.directions.front();
        if (!host.has_direction(direction)) {
          return error_response(http::status::bad_request, "unknown direction", version);
        }
        return json_response(http::status::ok, screen(direction), version);
      }
      if (const auto target_of = credential_path(path)) {
        const auto [id, action] = *target_of;
        const auto row = owned(id);
        if (!row) return error_response(http::status::not_found, "no such credential", version);
        if (action == "streams")
          return json_response(http::status::ok, credential_streams(host, store, *row), version);
        if (action == "fetch") {
          const std::lock_guard lock(jobs_mutex);
          const auto it = jobs.find(id);
          return json_response(
              http::status::ok,
              json::object{{"fetch", it == jobs.end() ? json::value(nullptr)
                                                      : json::value(it->second->snapshot())}},
              version);
        }
      }
      return error_response(http::status::not_found, "not found", version);
    }
    if (method != http::verb::post && method != http::verb::put && method != http::verb::delete_) {
      return error_response(http::status::method_not_allowed, "method not allowed", version);
    }
    if (const std::string why = refuse_change(request); !why.empty()) {
      return error_response(http::status::forbidden, why, version);
    }
    if (method != http::verb::delete_) {
      const auto type = request[http::field::content_type];
      if (type.substr(0, 16) != "application/json") {
        return error_response(http::status::unsupported_media_type,
                              "send JSON (Content-Type: application/json)", version);
      }
    }
    const std::string prefix = "/api/credentials";
    if (path == prefix && method == http::verb::post) {
      const auto body = body_object(request);
      const auto fields = body ? fields_of(*body) : std::nullopt;
      if (!fields) {
        return error_response(http::status::bad_request,
                              "the body must be a JSON object with a \"fields\" object", version);
      }
      std::string direction = host.info.directions.front();
      if (const auto* d = body->if_contains("direction"); d != nullptr && d->is_string()) {
        direction = std::string(d->as_string());
      }
      if (!host.has_direction(direction)) {
        return error_response(http::status::bad_request, "unknown direction", version);
      }
      const SaveResult result = add_credential(host, store, direction, *fields);
      if (result.id) prefill_used.store(true);
      return saved(result, http::status::created, version);
    }
    if (const auto target_of = credential_path(path)) {
      const auto [id, action] = *target_of;
      if (!owned(id)) return error_response(http::status::not_found, "no such credential", version);
      if (action == "validate" && method == http::verb::post) {
        const CheckResult check = revalidate(host, store, id);
        const auto row = store.get(id);
        return json_response(http::status::ok,
                             json::object{{"credential", credential_view(host, *row)},
                                          {"verdict", verdict_value(check)}},
                             version);
      }
      if (action.empty() && method == http::verb::put) {
        const auto body = body_object(request);
        const auto fields = body ? fields_of(*body) : std::nullopt;
        if (!fields) {
          return error_response(http::status::bad_request,
                                "the body must be a JSON object with a \"fields\" object", version);
        }
        return saved(edit_credential(host, store, id, *fields), http::status::ok, version);
      }
      if (action.empty() && method == http::verb::delete_) {
        const auto row = store.get(id);
        drop_job(id);
        store.remove(id);
        return json_response(
            http::status::ok,
            json::object{{"deleted", id}, {"name", row ? row->name : std::string()}}, version);
      }
      if (action == "fetch" && method == http::verb::post) return start_fetch(id, request, version);
      if (action == "fetch/stop" && method == http::verb::post) {
        const std::lock_guard lock(jobs_mutex);
        const auto it = jobs.find(id);
        if (it == jobs.end())
          return error_response(http::status::not_found, "no fetch to stop", version);
        it->second->stop();
        return json_response(http::status::ok, json::object{{"fetch", it->second->snapshot()}},
                             version);
      }
    }
    return error_response(http::status::not_found, "not found", version);
  }

  Response handle(const Request& request) {
    try {
      return route(request);
    } catch (const StoreError& e) {
      const auto status = e.kind() == StoreError::Kind::not_found   ? http::status::not_found
                          : e.kind() == StoreError::Kind::duplicate ? http::status::conflict
                          : e.kind() == StoreError::Kind::locked
                              ? http::status::service_unavailable
                              : http::status::internal_server_error;
      return error_response(status, e.what(), request.version());
    } catch (const std::exception& e) {
      return error_response(http::status::internal_server_error, e.what(), request.version());
    }
  }

  // ---- connections ---------------------------------------------------

  void serve_connection(tcp::socket& socket) {
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(options.request_deadline);
    timeval timeout{static_cast<time_t>(std::max<std::int64_t>(1, seconds.count() + 1)), 0};
    ::setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    ::setsockopt(socket.native_handle(), SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
    web::RequestReader reader(options.body_limit);
    auto& parser = reader.parser;
    boost::system::error_code ec;
    http::read(socket, reader.buffer, parser, ec);
    {
      const std::lock_guard lock(mutex);
      connections[socket.native_handle()].receiving = false;
    }
    Response response;
    if (ec) {
      const auto refusal = web::read_refusal(ec, options.body_limit);
      if (!refusal) return;
      response = error_response(refusal->status, refusal->message);
    } else {
      response = handle(parser.get());
      if (parser.get().method() == http::verb::head) response.body().clear();
    }
    response.keep_alive(false);
    response.prepare_payload();
    http::write(socket, response, ec);
    socket.shutdown(tcp::socket::shutdown_send, ec);
  }

  // Cuts the oldest connection still sending its request (of `peer`, or of
  // anyone when `peer` is empty). False when there is none to cut.
  bool evict_oldest_receiving(const std::string& peer) {
    auto oldest = connections.end();
    for (auto it = connections.begin(); it != connections.end(); ++it) {
      const Connection& c = it->second;
      if (!c.receiving || c.evicted || (!peer.empty() && c.peer != peer)) continue;
      if (oldest == connections.end() || c.started < oldest->second.started) oldest = it;
    }
    if (oldest == connections.end()) return false;
    ::shutdown(oldest->first, SHUT_RDWR);
    oldest->second.evicted = true;
    ++evicted_count;
    return true;
  }

  // Whether a new connection from `peer` gets a slot. A peer at its limit,
  // or a full server, makes room by cutting the oldest unfinished request:
  // a slow client cannot hold slots against one that sends its request.
  bool admit(const std::string& peer) {
    const int live = static_cast<int>(connections.size()) - evicted_count;
    const auto from_peer = std::ranges::count_if(connections, [&](const auto& item) {
      return item.second.peer == peer && !item.second.evicted;
    });
    if (static_cast<int>(connections.size()) >= 2 * options.max_connections) return false;
    if (from_peer >= options.max_connections_per_peer) return evict_oldest_receiving(peer);
    if (live >= options.max_connections) return evict_oldest_receiving({});
    return true;
  }

  // Cuts requests that are not complete by the deadline, however slowly
  // their bytes keep coming.
  void enforce_deadlines() {
    std::unique_lock lock(mutex);
    while (!stopping.load()) {
      stopped.wait_for(lock, std::chrono::milliseconds(100));
      const auto now = Clock::now();
      for (auto& [handle, c] : connections) {
        if (c.receiving && !c.evicted && now - c.started > options.request_deadline) {
          ::shutdown(handle, SHUT_RDWR);
          c.evicted = true;
          ++evicted_count;
        }
      }
    }
  }

  void run() {
    std::thread deadlines([this] { enforce_deadlines(); });
    while (!stopping.load()) {
      tcp::socket socket(io);
      boost::system::error_code ec;
      acceptor.accept(socket, ec);
      if (stopping.load()) break;
      if (ec) continue;
      const auto remote = socket.remote_endpoint(ec);
      if (ec) continue;
      const std::string peer = remote.address().to_string();
      std::unique_lock lock(mutex);
      if (!admit(peer)) {
        socket.close(ec);
        continue;
      }
      connections[socket.native_handle()] = Connection{peer, Clock::now()};
      lock.unlock();
      auto owned_socket = std::make_unique<tcp::socket>(std::move(socket));
      std::thread([this, s = std::move(owned_socket)]() mutable {
        const int handle = s->native_handle();
        try {
          serve_connection(*s);
        } catch (...) {
        }
        const std::lock_guard done(mutex);
        if (const auto it = connections.find(handle); it != connections.end()) {
          if (it->second.evicted) --evicted_count;
          connections.erase(it);
        }
        s.reset();  // closes the socket (under the lock: the handle is not reused meanwhile)
        idle.notify_all();
      }).detach();
    }
    {
      const std::lock_guard lock(mutex);
      stopped.notify_all();
    }
    deadlines.join();
    std::unique_lock lock(mutex);
    idle.wait(lock, [this] { return connections.empty(); });
  }

  void stop() {
    stopping.store(true);
    {
      const std::lock_guard lock(jobs_mutex);
      for (const auto& job : jobs) job.second->stop();
    }
    ::shutdown(acceptor.native_handle(), SHUT_RDWR);
    const std::lock_guard lock(mutex);
    for (const auto& item : connections) ::shutdown(item.first, SHUT_RDWR);
    stopped.notify_all();
  }
};

WebServer::WebServer(const Host& host, CredentialStore& store, ServeOptions options)
    : impl_(std::make_unique<Impl>(host, store, std::move(options))) {
  auto& o = impl_->options;
  boost::system::error_code ec;
  const auto address = net::ip::make_address(o.bind, ec);
  if (ec) throw std::runtime_error("--bind: not an IP address: " + o.bind);
  if (!address.is_loopback() && !o.allow_remote) {
    throw std::runtime_error("refusing to serve the credential screen on " + o.bind +
                             ": it is an admin page; bind to 127.0.0.1 (or pass --allow-remote)");
  }
  for (const auto& assignment : o.prefill) {
    const auto equals = assignment.find('=');
    if (equals == std::string::npos) throw std::runtime_error("--prefill wants KEY=VALUE");
    const std::string key = assignment.substr(0, equals);
    const FormField* field = host.form.find(key);
    if (field == nullptr)
      throw std::runtime_error("--prefill: the form has no field \"" + key + "\"");
    if (field->secret) {
      throw std::runtime_error("--prefill: \"" + key +
                               "\" is a secret field; secrets are never sent to the browser");
    }
    impl_->prefill[key] = assignment.substr(equals + 1);
  }
  const tcp::endpoint endpoint(address, o.port);
  impl_->acceptor.open(endpoint.protocol());
  impl_->acceptor.set_option(net::socket_base::reuse_address(true));
  impl_->acceptor.bind(endpoint, ec);
  if (ec) {
    throw std::runtime_error("cannot listen on " + o.bind + ":" + std::to_string(o.port) + ": " +
                             ec.message());
  }
  impl_->acceptor.listen();
  const std::string port_text = std::to_string(port());
  impl_->cookie_name = "host_sim_session_" + port_text;
  impl_->allowed_hosts = {"127.0.0.1:" + port_text, "localhost:" + port_text};
  if (address.is_v6()) impl_->allowed_hosts.push_back("[" + o.bind + "]:" + port_text);
  if (o.bind != "127.0.0.1") impl_->allowed_hosts.push_back(o.bind + ":" + port_text);
}

WebServer::~WebServer() { stop(); }

unsigned short WebServer::port() const { return impl_->acceptor.local_endpoint().port(); }

std::string WebServer::base_url() const {
  const std::string address = impl_->options.bind == "0.0.0.0" ? "127.0.0.1" : impl_->options.bind;
  return "http://" + address + ":" + std::to_string(port()) + "/";
}

std::string WebServer::url() const { return base_url() + "?key=" + impl_->launch_key; }

const std::string& WebServer::launch_key() const { return impl_->launch_key; }

const std::string& WebServer::csrf_token() const { return impl_->token; }

void WebServer::run() { impl_->run(); }

void WebServer::stop() { impl_->stop(); }

int run_web_server(const Host& host, CredentialStore& store, const ServeOptions& options) {
  WebServer* running = nullptr;
  std::mutex guard;
  SignalWatcher watcher([&](int) {
    const std::lock_guard lock(guard);
    if (running != nullptr) running->stop();
  });
  WebServer server(host, store, options);
  {
    const std::lock_guard lock(guard);
    running = &server;
  }
  if (watcher.fired()) server.stop();
  std::cout << server.url() << std::endl;
  std::cerr << "host_sim: the " << printable(host.info.display_name)
            << " Authenticate screen is at " << server.url() << " (store "
            << printable(store.path().string())
            << "); open that URL: without its key the page refuses you. Ctrl-C stops it\n";
  server.run();
  {
    const std::lock_guard lock(guard);
    running = nullptr;
  }
  std::cerr << "host_sim: stopped\n";
  return exit_code::ok;
}

}  // namespace host_sim
