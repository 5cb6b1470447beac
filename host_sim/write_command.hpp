// `host_sim write`: hands the records of a JSON Lines file to the plugin's
// destination direction in batches and writes one result per input line to
// a results file (JSON Lines, in input order). A checkpoint next to the
// results file (write_checkpoint.hpp) is saved only once the results before
// it are fsync'ed, so a resume after a crash or Ctrl-C neither repeats a
// record that was written nor skips one: a batch that was in flight when the
// run died is sent again as the first batch of a resumed session, whose
// creates the plugin looks up by their key before sending. A retry
// (--retry-failed, write_retry.hpp) is such a write that passes over the
// lines it does not send again.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "credential_service.hpp"
#include "credential_store.hpp"
#include "write_checkpoint.hpp"
#include "write_input.hpp"
#include "write_options.hpp"
#include "write_results.hpp"
#include "write_retry.hpp"
#include "write_summary.hpp"

namespace host_sim {

class CancellableConnector;

// Who hears of a run besides its results file: the terminal (progress lines
// on stderr), or the web page's write job (web_write_job.hpp).
struct WriteObserver {
  std::ostream* log = &std::cerr;  // the lines for people
  // Each result line once it is stored (fsync'ed), in input order.
  std::function<void(const boost::json::object& result)> on_result;
};

// One write run: its options, input, results file, checkpoint and summary.
class WriteRun {
 public:
  WriteRun(const Host& host, const StoredCredential& credential, CredentialStore& store,
           const WriteOptions& options, WriteObserver observer = {});
  ~WriteRun();
  WriteRun(const WriteRun&) = delete;
  WriteRun& operator=(const WriteRun&) = delete;

  // Runs the write, telling progress on stderr; returns an exit code
  // (exit_codes.hpp). Ctrl-C cancels it.
  int run();
  // The same with a connector the caller cancels (CancellableConnector::cancel).
  int run(CancellableConnector& connector);

 private:
  // One input line of a batch: a record for the plugin, or a result host_sim
  // gives itself (the line is not a record).
  struct Pending {
    InputLine line;
    std::optional<std::size_t> index;  // into the batch's records
    boost::json::object own_result;    // when !index
  };
  struct Batch {
    std::vector<Pending> lines;
    std::string records = "[";  // the JSON array handed to write_push
    std::size_t count = 0;      // records in it
  };

  // Each returns an exit code when the run ends there.
  std::optional<int> check_arguments();
  std::optional<int> select_retry();
  std::optional<int> open_results();
  std::optional<int> resume(const WriteCheckpoint& saved);
  std::optional<int> start_afresh(bool had_checkpoint);
  std::optional<int> build_request();

  std::optional<int> write_batches(CancellableConnector& run);
  Batch next_batch(WriteInput& lines);
  boost::json::value push(pp::WriteSession& session, const Batch& batch);
  void store_results(const Batch& batch, const boost::json::value& answer);
  int finish(double seconds);

  const Host& host_;
  const StoredCredential& credential_;
  CredentialStore& store_;
  const WriteOptions& options_;
  WriteObserver observer_;
  std::ostream& log_;
  std::filesystem::path input_;
  std::filesystem::path results_path_;
  std::filesystem::path checkpoint_path_;
  WriteCheckpoint checkpoint_;
  std::optional<RetrySelection> retry_;  // --retry-failed: the only lines sent
  std::int64_t recheck_until_ = 0;       // > 0: the first batch ends at this line, looked up first
  std::unique_ptr<ResultsFile> results_;
  boost::json::object request_;
  std::optional<InputLine> carried_;  // a line that did not fit the last batch
  bool input_done_ = false;
  std::string stopped_by_;  // why the run stopped before the input's end
  WriteSummary summary_;
};

}  // namespace host_sim
