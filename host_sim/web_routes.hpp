// What the web screen answers once a request has passed the session checks
// (web_session.hpp): the page and its scripts, and the JSON API listed in
// web_server.hpp, as a route table (web_route_table.hpp).
#pragma once

#include <atomic>
#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>

#include "credential_service.hpp"
#include "credential_store.hpp"
#include "web_fetch_jobs.hpp"
#include "web_route_table.hpp"
#include "web_write_jobs.hpp"

namespace host_sim::web {

class WebRoutes {
 public:
  // `prefill`: field values for the first credential added; the page
  // carries `csrf_token`. The host and the store must outlive this.
  WebRoutes(const Host& host, CredentialStore& store, std::string csrf_token,
            boost::json::object prefill);

  Response dispatch(const Request& request) const { return table_.dispatch(request); }

  // Stops every web fetch and write; no new one starts.
  void stop_fetches() {
    jobs_.stop_all();
    writes_.stop_all();
  }

 private:
  void add_pages();
  void add_credentials();
  void add_fetches();
  void add_writes();

  Response page(unsigned version) const;
  boost::json::object screen(const std::string& direction) const;
  Response add_credential_route(const RouteCall& call);
  Response edit_credential_route(const RouteCall& call);
  Response saved(const SaveResult& result, boost::beast::http::status status,
                 unsigned version) const;
  Response start_fetch(const RouteCall& call);
  Response start_write(const RouteCall& call);
  Response use_for_writes_route(const RouteCall& call);
  // A destination credential, or the 400 that says a write needs one.
  std::optional<StoredCredential> destination(const RouteCall& call, Response& refused) const;
  std::optional<StoredCredential> owned(std::int64_t id) const;

  const Host& host_;
  CredentialStore& store_;
  std::string csrf_token_;
  boost::json::object prefill_;
  // The prefill is for the first credential added; later ones start clean.
  std::atomic<bool> prefill_used_{false};
  WebFetchJobs jobs_;
  WebWriteJobs writes_;
  RouteTable table_;
};

}  // namespace host_sim::web
