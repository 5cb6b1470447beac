// A fetch started from the web screen. It runs the plugin's fetch on a
// background thread of host_sim and keeps, per stream, only the first
// records (a preview) and counters, so its memory stays bounded whatever the
// size of the fetch; the other records are counted and dropped.
//
// Where records go: nowhere but that preview. A checkpoint may only cover
// records that reached their destination, so a web fetch saves none and
// leaves the saved ones as they were: "resume" starts from the newest saved
// checkpoint (there is one per output; a look at what the next `host_sim
// fetch` to that output would read), "full refresh" from the beginning. `host_sim fetch --output
// FILE` is the fetch that keeps records and checkpoints; the page shows that command.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "credential_service.hpp"
#include "credential_store.hpp"

namespace host_sim {

struct WebFetchRequest {
  std::vector<std::string> streams;  // names from the plugin's catalog
  std::string from, to;              // yyyy-mm-dd, or empty
  bool resume = true;                // false: full refresh
};

// The page's {"streams": [...], "from", "to", "mode": "resume" | "full_refresh"},
// checked against the catalog's stream names. Nullopt with `refused` set
// (one sentence for the page) when something is wrong.
std::optional<WebFetchRequest> parse_web_fetch_request(const boost::json::object& body,
                                                       const std::vector<std::string>& known,
                                                       std::string& refused);

class WebFetchJob {
 public:
  static constexpr std::size_t k_preview_rows = 20;
  static constexpr std::size_t k_preview_columns = 12;
  static constexpr std::size_t k_cell_bytes = 160;

  // Starts at once. The host and the store must outlive the job.
  WebFetchJob(const Host& host, CredentialStore& store, std::int64_t credential_id,
              WebFetchRequest request);
  ~WebFetchJob();  // stops the fetch and waits for its thread
  WebFetchJob(const WebFetchJob&) = delete;
  WebFetchJob& operator=(const WebFetchJob&) = delete;

  // From any thread: cancels the plugin's fetch.
  void stop();
  bool running() const;

  // What the page shows: state, per-stream progress with an ETA once one is
  // knowable, the preview tables, the summary in words. No secret, every
  // text from outside bounded.
  boost::json::object snapshot() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Outside text for the page: controls escaped, at most `limit` bytes, cut on
// a character boundary and marked with "...".
std::string page_text(std::string_view text, std::size_t limit);

}  // namespace host_sim
