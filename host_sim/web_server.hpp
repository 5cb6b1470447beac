// The web Authenticate screen: a small Boost.Beast HTTP server on loopback
// serving one embedded page (HTML/CSS/JS, no CDN) and a JSON API.
//
// Three parts, each in its own file: the connections and their limits
// (web_transport.hpp), who may ask (web_session.hpp: launch key, session
// cookie, Host, CSRF token, Origin) and what is answered (web_routes.hpp, a
// route table). Bound to 127.0.0.1 by default; bodies are capped; responses
// carry a strict CSP and nosniff (web_response.hpp); secret fields are never
// sent to the browser (the API says {"set": true}).
//
// API (all JSON):
//   GET    /api/screen?direction=D       connector, directions, form, credentials
//   POST   /api/credentials              {"direction", "fields"} -> 201 {credential, verdict}
//                                        422 {"errors": {field: message}}
//   PUT    /api/credentials/ID           {"fields"}: blank secret keeps the stored one
//   POST   /api/credentials/ID/validate  validate again -> 200 {credential, verdict};
//                                        422 {"errors", "credential"} when the
//                                        input is refused (a field, an option):
//                                        the stored verdict is unchanged
//   DELETE /api/credentials/ID           -> {"deleted": ID, "name"}
//   GET    /api/credentials/ID/streams   the streams it may read (marked by the
//                                        plugin: allowed, missing scopes), the
//                                        saved checkpoint in words, the CLI command
//   POST   /api/credentials/ID/fetch     {"streams", "from", "to", "mode": "resume"
//                                        | "full_refresh"} -> 202 {"fetch"}: a
//                                        background web fetch (web_fetch_job.hpp)
//   GET    /api/credentials/ID/fetch     {"fetch": progress, preview, summary | null}
//   POST   /api/credentials/ID/fetch/stop
//   POST   /api/credentials/ID/use-for-writes  a source credential saved for
//                                        writes (its secret copied in the
//                                        store) -> 201 {credential, verdict}
//   GET    /api/credentials/ID/write/operations  the write operations (marked
//                                        by the plugin) with their record
//                                        fields, the bounds, the CLI command
//   POST   /api/credentials/ID/write     {"operation", "lines", "dry_run",
//                                        "start_over"} -> 202 {"write"}: a
//                                        background write (web_write_job.hpp);
//                                        422 {"error", "lines": [{line, reason}]};
//                                        its body may take records_body_limit
//   GET    /api/credentials/ID/write     {"write": progress, result rows | null}
//   POST   /api/credentials/ID/write/stop
//   GET    /api/credentials/ID/write/results  the results file (JSON Lines) as
//                                        an attachment
// The first credential added uses up the --prefill values: the next
// "Add Credential" starts clean.
#pragma once

#include <memory>
#include <string>

#include "credential_service.hpp"
#include "credential_store.hpp"
#include "web_options.hpp"

namespace host_sim {

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
