// One Zoom list page, read with simdjson. The whole body is validated as
// JSON (every value, not only the ones read: simdjson's DOM parser), then
// each record of the list is sliced out of the body as its own text, so a
// record reaches the host without being built into a tree and serialised
// again. A slice is exactly one JSON object on one line: a record whose text
// holds a line break or tab between its tokens is re-written minified
// instead. One reader per worker thread: it keeps its parsers' memory from
// page to page.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace zc::fetch {

class PageReader {
 public:
  PageReader();
  ~PageReader();
  PageReader(const PageReader&) = delete;
  PageReader& operator=(const PageReader&) = delete;

  // Takes and validates `body`. False: it is not one JSON object (not JSON,
  // empty, an array, or nested deeper than 32 levels).
  bool parse(std::string body);

  // The rest is about the last page parse() accepted.

  // The whole page as JSON text (for the few pages read as a tree).
  std::string_view body() const;

  // "next_page_token": its text; "" when absent, null or empty; nullopt when
  // it is something else (a number, an object).
  std::optional<std::string> next_page_token() const;
  // A count such as "total_records", as a number or as a string of digits
  // ("12"); nullopt when absent or neither.
  std::optional<std::uint64_t> count(std::string_view key) const;

  enum class List {
    records,      // an array of objects: the records
    absent,       // no such key
    null,         // the key holds null
    not_a_list,   // the key holds something that is not an array
    not_records,  // an array with something in it that is not an object
    repeated,     // the key appears more than once
  };
  // Selects the list under `key`; the records below are its elements.
  List select(std::string_view key);
  // Selects the whole answer as the one record (a detail, not a list).
  void select_whole();

  std::size_t size() const;
  // Record `i` as JSON text (one object, no line break), valid until the next parse().
  std::string_view text(std::size_t i) const;
  // Record `i`'s `key` as text (a string, or an integer written in decimal); "" otherwise.
  std::string field_text(std::size_t i, std::string_view key) const;
  bool has_field(std::size_t i, std::string_view key) const;
  bool empty_object(std::size_t i) const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace zc::fetch
