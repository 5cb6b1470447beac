// A write started from the web screen's destination panel: the JSON Lines
// the page sent are written by `host_sim write`'s own run (WriteRun,
// write_command.hpp) on a background thread, so the page's write keeps every
// rule the command keeps: each record checked before any call, results
// fsync'ed before the checkpoint that covers them, a batch that may have
// been written never sent again blindly, a finished write not repeated.
//
// Its files live in a private folder per credential beside the store
// (web-writes/credential-ID, 0700, never through a symbolic link): the input,
// the results (served to the page as a download) and their checkpoint. A
// dry run uses files of its own and leaves the write's as they were.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "credential_service.hpp"
#include "credential_store.hpp"

namespace host_sim {

struct WebWriteRequest {
  std::string operation;     // a name from the plugin's write catalog
  bool dry_run = false;      // show the calls; change nothing
  bool start_over = false;   // drop a stopped write's checkpoint (its creates may be repeated)
  std::string lines;         // JSON Lines, one record a line
  std::int64_t records = 0;  // its non-blank lines
};

// The page's {"operation", "dry_run", "start_over", "lines"}. Nullopt with
// `refused` (one sentence) and, for lines that are not records, one
// {"line", "reason"} each in `line_errors` (at most k_max_line_errors; a
// reason never repeats the line, which may hold a secret).
std::optional<WebWriteRequest> parse_web_write_request(const boost::json::object& body,
                                                       const std::vector<std::string>& operations,
                                                       std::string& refused,
                                                       boost::json::array& line_errors);

class WebWriteJob {
 public:
  static constexpr std::size_t k_max_input_bytes = 2 * 1024 * 1024;
  static constexpr std::size_t k_max_lines = 10000;
  static constexpr std::size_t k_max_line_errors = 50;
  static constexpr std::size_t k_rows = 1000;  // result rows the page is shown
  static constexpr std::size_t k_max_results_bytes = 64 * 1024 * 1024;

  // The folder of a credential's web writes. Made 0700 when absent; one that
  // is a symbolic link, not ours, or open to others is refused (OutputError).
  static std::filesystem::path folder_for(const CredentialStore& store, std::int64_t credential);

  // Why a write of `request` must not start (a stopped write of other lines
  // would be dropped: its creates could be repeated), or nullopt.
  static std::optional<std::string> blocked_by_stopped_write(const CredentialStore& store,
                                                             std::int64_t credential,
                                                             const WebWriteRequest& request);

  // Writes the input file, then starts. The host and the store must outlive
  // the job. Throws OutputError when its files cannot be written.
  WebWriteJob(const Host& host, CredentialStore& store, std::int64_t credential,
              WebWriteRequest request);
  ~WebWriteJob();  // stops the write and waits for its thread
  WebWriteJob(const WebWriteJob&) = delete;
  WebWriteJob& operator=(const WebWriteJob&) = delete;

  void stop();  // from any thread: cancels the plugin's write
  bool running() const;
  // The results file (JSON Lines), once the run has made it.
  std::filesystem::path results_path() const;

  // What the page shows: state, lines stored of all, counts per outcome, the
  // first k_rows results (field errors, the dry run's calls) and the run's
  // closing lines. No secret; every text from outside bounded.
  boost::json::object snapshot() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace host_sim
