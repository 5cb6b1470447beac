// How much of an answer the HTTP client keeps: a hostile or broken server
// decides how long its bodies are, so every read is bounded
// (docs/security.md, "A hostile server cannot exhaust memory").
//
// - A 2xx body: at most the request's limit (a list page: what its page size
//   can need, answer_limit_for); longer is refused, before any of it is read
//   when Content-Length says so.
// - A non-2xx body: its first 64 KiB are kept, then reading stops and the
//   answer is returned cut (Zoom's error JSON is well under 1 KiB).
// - Every body being read at once through one HttpClient (one connector:
//   all its fetch workers and write sessions) books a shared AnswerBudget;
//   an answer that does not fit is cut off and fails, retryable.
// - Headers: at most 64 KiB.
// A body is read into an AnswerBuffer: an anonymous mapping as large as its
// limit, whose pages the kernel backs only as they are written: no growth by
// copying. A whole answer is then copied once into the response.
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/http_client.hpp"

namespace zc {

// The most a 2xx answer to `target` (a path and query) may hold when it is a
// list page ("page_size=N" in its query): 1 MiB + N x 16 KiB, 5.7 MiB at
// Zoom's 300 records (its largest records, a recording with its files, take
// a few KiB). 0 for any other target: the client's max_body_bytes (4 MiB).
std::size_t answer_limit_for(std::string_view target);

// Bytes of answer bodies being read at once, shared by a client's transfers.
class AnswerBudget {
 public:
  explicit AnswerBudget(std::size_t cap) : cap_(cap) {}
  bool take(std::size_t bytes);
  void give_back(std::size_t bytes) { used_.fetch_sub(bytes); }
  std::size_t cap() const { return cap_; }
  std::size_t used() const { return used_.load(); }

 private:
  const std::size_t cap_;
  std::atomic<std::size_t> used_{0};
};

// Where a transfer slot's answers are read, one after another: address space
// for the largest limit seen, backed by the kernel only where written. After
// each answer, the pages past the first k_kept bytes go back to the system
// (a huge answer's memory does not stay); those below stay backed, so the
// next ordinary page lands on memory already there (a mapping per answer
// faulted every page in anew: 40% more CPU per record).
class AnswerBuffer {
 public:
  static constexpr std::size_t k_kept = 256u << 10;

  AnswerBuffer() = default;
  ~AnswerBuffer();
  AnswerBuffer(const AnswerBuffer&) = delete;
  AnswerBuffer& operator=(const AnswerBuffer&) = delete;

  // At least `size` bytes to write; false when they cannot be mapped.
  bool reserve(std::size_t size);
  char* data() const { return data_; }
  // The answer that used the first `used` bytes is done with.
  void done(std::size_t used);

 private:
  char* data_ = nullptr;
  std::size_t size_ = 0;
};

struct AnswerLimits {
  std::size_t max_ok_body = 0;
  std::size_t max_error_body = 64u << 10;
  std::size_t max_header_bytes = 64u << 10;
};

// One answer being received, fed by libcurl's header and write callbacks
// (pass the reader as CURLOPT_HEADERDATA and CURLOPT_WRITEDATA).
class AnswerReader {
 public:
  enum class Stop {
    none,
    body_too_large,     // a 2xx body over its limit: refused
    headers_too_large,  // refused
    over_budget,        // the client's budget is in use: cut off, retryable
    error_cut,          // a non-2xx body at its limit: kept cut, reading stopped
  };

  // Reads into `buffer`, which must outlive the reader.
  AnswerReader(AnswerLimits limits, AnswerBudget& budget, AnswerBuffer& buffer)
      : limits_(limits), budget_(budget), buffer_(buffer) {}
  // Reads into a buffer of its own.
  AnswerReader(AnswerLimits limits, AnswerBudget& budget)
      : limits_(limits),
        budget_(budget),
        own_buffer_(std::make_unique<AnswerBuffer>()),
        buffer_(*own_buffer_) {}
  ~AnswerReader();
  AnswerReader(const AnswerReader&) = delete;
  AnswerReader& operator=(const AnswerReader&) = delete;

  static std::size_t on_header(char* data, std::size_t size, std::size_t count, void* reader);
  static std::size_t on_body(char* data, std::size_t size, std::size_t count, void* reader);

  Stop stop() const { return stop_; }
  // The call's error when the answer was refused or cut off for the budget;
  // nullopt otherwise (error_cut answers stand). `from` names the answer.
  std::optional<Error> refusal(const std::string& from) const;
  const AnswerLimits& limits() const { return limits_; }
  std::size_t received() const { return size_; }
  // The answer, its body copied out of the mapping (once, after the transfer).
  HttpResponse take_response();

 private:
  bool ok_status() const { return status_ >= 200 && status_ < 300; }
  std::size_t body_limit() const {
    return ok_status() ? limits_.max_ok_body : limits_.max_error_body;
  }
  // Appends to the body (room made at its first byte), booked against the budget.
  bool append(const char* data, std::size_t n);
  void on_content_length(std::string_view value);

  AnswerLimits limits_;
  AnswerBudget& budget_;
  HttpResponse response_;  // status line and headers; the body is in the mapping
  long status_ = 0;        // of the latest status line
  std::size_t header_bytes_ = 0;
  std::unique_ptr<AnswerBuffer> own_buffer_;
  AnswerBuffer& buffer_;
  bool reserved_ = false;  // the buffer holds room for this body's limit
  std::size_t size_ = 0;   // body bytes received, each booked in the budget
  Stop stop_ = Stop::none;
};

}  // namespace zc
