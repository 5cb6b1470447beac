// The web Authenticate screen: a small Boost.Beast HTTP server on loopback
// serving one embedded page (HTML/CSS/JS, no CDN) and a JSON API.
//
// Protection, as for any admin page: bound to 127.0.0.1 by default; every
// request needs the session cookie (HttpOnly, SameSite=Strict), which only
// the URL printed at start (it carries a random per-launch key) hands out,
// so another local user who can reach the port gets 401; the Host
// header must name the server (DNS rebinding); every POST/PUT/DELETE needs
// the per-server random CSRF token (embedded in the page) in X-CSRF-Token,
// a same-origin Origin when the browser sends one, and a JSON content type;
// bodies are capped; responses carry a strict CSP and nosniff; secret fields
// are never sent to the browser (the API says {"set": true}).
//
// Slow clients: a request must arrive whole within request_deadline, however
// slowly its bytes trickle; a peer holding max_connections_per_peer, or a
// full server, makes room for a newcomer by cutting its oldest unfinished
// request, so slow connections cannot lock the page.
//
// API (all JSON):
//   GET    /api/screen?direction=D       connector, directions, form, credentials
//   POST   /api/credentials              {"direction", "fields"} -> 201 {credential, verdict}
//                                        422 {"errors": {field: message}}
//   PUT    /api/credentials/ID           {"fields"}: blank secret keeps the stored one
//   POST   /api/credentials/ID/validate  validate again
//   DELETE /api/credentials/ID           -> {"deleted": ID, "name"}
//   GET    /api/credentials/ID/streams   the streams it may read (marked by the
//                                        plugin: allowed, missing scopes), the
//                                        saved checkpoint in words, the CLI command
//   POST   /api/credentials/ID/fetch     {"streams", "from", "to", "mode": "resume"
//                                        | "full_refresh"} -> 202 {"fetch"}: a
//                                        background web fetch (web_fetch_job.hpp)
//   GET    /api/credentials/ID/fetch     {"fetch": progress, preview, summary | null}
//   POST   /api/credentials/ID/fetch/stop
// The first credential added uses up the --prefill values: the next
// "Add Credential" starts clean.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "credential_service.hpp"
#include "credential_store.hpp"

namespace host_sim {

struct ServeOptions {
  std::string bind = "127.0.0.1";
  unsigned short port = 8787;        // 0: any free port
  bool allow_remote = false;         // allow a non-loopback bind address
  std::vector<std::string> prefill;  // KEY=VALUE shown in the empty form (not secrets)
  std::size_t body_limit = 64 * 1024;
  std::chrono::milliseconds request_deadline{10000};  // to receive one whole request
  int max_connections = 32;
  int max_connections_per_peer = 16;
};

class WebServer {
 public:
  // Listens at once; throws std::runtime_error when it cannot.
  WebServer(const Host& host, CredentialStore& store, ServeOptions options);
  ~WebServer();
  WebServer(const WebServer&) = delete;
  WebServer& operator=(const WebServer&) = delete;

  unsigned short port() const;
  std::string base_url() const;  // http://127.0.0.1:PORT/
  std::string url() const;       // http://127.0.0.1:PORT/?key=LAUNCH_KEY (what to open)
  const std::string& launch_key() const;
  const std::string& csrf_token() const;

  // Serves until stop() (from any thread).
  void run();
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// `host_sim serve`: prints the URL, serves until Ctrl-C.
int run_web_server(const Host& host, CredentialStore& store, const ServeOptions& options);

}  // namespace host_sim
