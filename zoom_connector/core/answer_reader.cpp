#include "core/answer_reader.hpp"

#include <sys/mman.h>

#include <algorithm>
#include <charconv>
#include <cstring>

#include "core/ascii_text.hpp"

namespace zc {
namespace {

// "HTTP/1.1 404 Not Found" or "HTTP/2 200": the status code, or 0.
long status_of(std::string_view line) {
  const auto space = line.find(' ');
  if (space == std::string_view::npos) return 0;
  long code = 0;
  const char* begin = line.data() + space + 1;
  const char* end = line.data() + std::min(line.size(), space + 4);
  const auto [ptr, ec] = std::from_chars(begin, end, code);
  return ec == std::errc() && ptr == end ? code : 0;
}

}  // namespace

std::size_t answer_limit_for(std::string_view target) {
  constexpr std::size_t k_page_base = 1u << 20;
  constexpr std::size_t k_page_record = 16u << 10;
  constexpr std::size_t k_max_page_size = 2000;  // the largest any Zoom list takes
  const auto query = target.find('?');
  if (query == std::string_view::npos) return 0;
  std::string_view rest = target.substr(query + 1);
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    if (pair.starts_with("page_size=")) {
      std::size_t size = 0;
      const std::string_view digits = pair.substr(10);
      const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), size);
      if (ec != std::errc() || end != digits.data() + digits.size() || size == 0) return 0;
      return k_page_base + std::min(size, k_max_page_size) * k_page_record;
    }
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
  }
  return 0;
}

bool AnswerBudget::take(std::size_t bytes) {
  std::size_t used = used_.load();
  do {
    if (used > cap_ || bytes > cap_ - used) return false;
  } while (!used_.compare_exchange_weak(used, used + bytes));
  return true;
}

AnswerBuffer::~AnswerBuffer() {
  if (data_ != nullptr) munmap(data_, size_);
}

bool AnswerBuffer::reserve(std::size_t size) {
  if (size <= size_) return true;
  if (data_ != nullptr) munmap(data_, size_);
  data_ = nullptr;
  size_ = 0;
  // Address space only: the kernel backs a page when it is first written.
  void* at = mmap(nullptr, size, PROT_READ | PROT_WRITE,
                  MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (at == MAP_FAILED) return false;
  data_ = static_cast<char*>(at);
  size_ = size;
  return true;
}

void AnswerBuffer::done(std::size_t used) {
  if (data_ == nullptr || used <= k_kept) return;
  madvise(data_ + k_kept, std::min(used, size_) - k_kept, MADV_DONTNEED);
}

AnswerReader::~AnswerReader() {
  if (reserved_) buffer_.done(size_);
  budget_.give_back(size_);
}

bool AnswerReader::append(const char* data, std::size_t n) {
  if (!reserved_) {
    if (!buffer_.reserve(std::max<std::size_t>(body_limit(), 1))) return false;
    reserved_ = true;
  }
  if (size_ + n > body_limit() || !budget_.take(n)) return false;
  std::memcpy(buffer_.data() + size_, data, n);
  size_ += n;
  return true;
}

HttpResponse AnswerReader::take_response() {
  if (size_ > 0) response_.body.assign(buffer_.data(), size_);
  return std::move(response_);
}

void AnswerReader::on_content_length(std::string_view value) {
  std::size_t length = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), length);
  if (ec != std::errc() || end != value.data() + value.size()) return;
  if (ok_status() && length > limits_.max_ok_body) {
    stop_ = Stop::body_too_large;  // refused before a byte of it is read
  }
}

std::size_t AnswerReader::on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto* r = static_cast<AnswerReader*>(user);
  const std::size_t n = size * count;
  r->header_bytes_ += n;
  if (r->header_bytes_ > r->limits_.max_header_bytes) {
    r->stop_ = Stop::headers_too_large;
    return 0;  // aborts with CURLE_WRITE_ERROR
  }
  const std::string_view line(data, n);
  if (line.starts_with("HTTP/")) {
    r->response_.headers.clear();  // a new response (after a 100 or a proxy CONNECT)
    r->status_ = status_of(line);
  } else if (const auto colon = line.find(':'); colon != std::string_view::npos) {
    r->response_.headers.emplace_back(ascii_lower(trim_space(line.substr(0, colon))),
                                      std::string(trim_space(line.substr(colon + 1))));
    if (r->response_.headers.back().first == "content-length") {
      r->on_content_length(r->response_.headers.back().second);
    }
  }
  return r->stop_ == Stop::none ? n : 0;
}

std::size_t AnswerReader::on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* r = static_cast<AnswerReader*>(user);
  const std::size_t n = size * count;
  if (r->stop_ != Stop::none) return 0;
  const std::size_t limit = r->body_limit();
  if (r->size_ + n > limit) {
    if (r->ok_status()) {
      r->stop_ = Stop::body_too_large;
      return 0;
    }
    // An error answer: its first bytes say enough; stop reading here.
    r->stop_ = r->append(data, limit - r->size_) ? Stop::error_cut : Stop::over_budget;
    return 0;
  }
  if (!r->append(data, n)) {
    r->stop_ = Stop::over_budget;
    return 0;
  }
  return n;
}

std::optional<Error> AnswerReader::refusal(const std::string& from) const {
  switch (stop_) {
    case Stop::body_too_large:
      return Error::make(Status::remote_error,
                         from + " is larger than " + std::to_string(limits_.max_ok_body) +
                             " bytes, more than this request can need; refused (a server that "
                             "is not Zoom, or a broken one, may be answering)");
    case Stop::headers_too_large:
      return Error::make(Status::remote_error, from + " has more than " +
                                                   std::to_string(limits_.max_header_bytes) +
                                                   " bytes of headers; refused");
    case Stop::over_budget: {
      Error e = Error::make(Status::network,
                            from + " was cut off after " + std::to_string(received()) +
                                " bytes: the connector's " + std::to_string(budget_.cap() >> 20) +
                                " MiB for answers being read at once are in use by other "
                                "requests; try again");
      e.retryable = true;
      return e;
    }
    case Stop::none:
    case Stop::error_cut:
      return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace zc
