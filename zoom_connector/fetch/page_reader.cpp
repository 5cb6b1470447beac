#include "fetch/page_reader.hpp"

#include <simdjson.h>

#include <algorithm>
#include <charconv>
#include <deque>
#include <vector>

namespace zc::fetch {
namespace {

namespace dom = simdjson::dom;
namespace ondemand = simdjson::ondemand;

// As deep as Boost.JSON's default, which read these pages before.
constexpr std::size_t k_max_depth = 32;

bool is_json_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

// A validated slice may still hold line breaks or tabs between tokens (inside
// strings they cannot be: JSON escapes them), which would break a JSON line.
bool has_control_byte(std::string_view text) {
  unsigned char found = 0;
  for (const char c : text)
    found |= static_cast<unsigned char>(static_cast<unsigned char>(c) < 0x20);
  return found != 0;
}

}  // namespace

struct PageReader::Impl {
  dom::parser dom_parser;
  ondemand::parser slicer;
  std::string body;
  std::size_t length = 0;  // of the JSON in body; the rest is simdjson's padding
  dom::element document;
  dom::object root;
  std::vector<dom::element> records;
  std::vector<std::string_view> texts;
  std::deque<std::string> rewritten;  // records that could not be sliced as they were

  // Both parsers hold room for a page of `size` bytes. They grow in steps
  // and keep their memory, so a run of pages of about one size allocates
  // nothing (large buffers freed and taken again page after page fragment
  // the heap).
  bool ready(std::size_t size) {
    if (dom_parser.capacity() >= size && slicer.capacity() >= size &&
        dom_parser.max_depth() == k_max_depth) {
      return true;
    }
    const std::size_t room = std::max<std::size_t>(64 * 1024, size + size / 4);
    return dom_parser.allocate(room, k_max_depth) == simdjson::SUCCESS &&
           slicer.allocate(room, k_max_depth) == simdjson::SUCCESS;
  }

  std::optional<dom::element> find(std::string_view key) const {
    dom::element value;
    if (root.at_key(key).get(value) != simdjson::SUCCESS) return std::nullopt;
    return value;
  }

  // Slices every record out of the body; false when the slices cannot be
  // matched one to one with the parsed records (the list key written with
  // escapes, say): then each is written from its parsed form instead.
  bool slice(std::string_view key) {
    ondemand::document doc;
    if (slicer.iterate(body.data(), length, body.size()).get(doc) != simdjson::SUCCESS) {
      return false;
    }
    ondemand::object object;
    ondemand::array list;
    if (doc.get_object().get(object) != simdjson::SUCCESS ||
        object.find_field_unordered(key).get_array().get(list) != simdjson::SUCCESS) {
      return false;
    }
    std::size_t i = 0;
    for (auto element : list) {
      ondemand::object record;
      std::string_view raw;
      if (i >= records.size() || element.get_object().get(record) != simdjson::SUCCESS ||
          record.raw_json().get(raw) != simdjson::SUCCESS) {
        return false;
      }
      while (!raw.empty() && is_json_space(raw.back())) raw.remove_suffix(1);
      if (raw.size() < 2 || raw.front() != '{' || raw.back() != '}') return false;
      texts.push_back(raw);
      ++i;
    }
    return i == records.size();
  }
};

PageReader::PageReader() : impl_(std::make_unique<Impl>()) { (void)impl_->ready(0); }

PageReader::~PageReader() = default;

bool PageReader::parse(std::string body) {
  Impl& m = *impl_;
  m.records.clear();
  m.texts.clear();
  m.rewritten.clear();
  // Copied into the reader's own buffer, which grows in steps and stays: the
  // answer's buffer is freed at once, so no two pages' buffers live side by side.
  m.length = body.size();
  if (m.body.capacity() < m.length + simdjson::SIMDJSON_PADDING) {
    m.body.reserve(m.length + m.length / 4 + simdjson::SIMDJSON_PADDING);
  }
  m.body.assign(body);
  std::string().swap(body);
  m.body.resize(m.length + simdjson::SIMDJSON_PADDING, '\0');
  if (!m.ready(m.length)) return false;
  if (m.dom_parser.parse(m.body.data(), m.length, false).get(m.document) != simdjson::SUCCESS) {
    return false;
  }
  return m.document.get_object().get(m.root) == simdjson::SUCCESS;
}

std::string_view PageReader::body() const {
  return std::string_view(impl_->body.data(), impl_->length);
}

std::optional<std::string> PageReader::next_page_token() const {
  const auto value = impl_->find("next_page_token");
  if (!value || value->is_null()) return std::string();
  std::string_view text;
  if (value->get_string().get(text) != simdjson::SUCCESS) return std::nullopt;
  return std::string(text);
}

std::optional<std::uint64_t> PageReader::count(std::string_view key) const {
  const auto value = impl_->find(key);
  if (!value) return std::nullopt;
  std::uint64_t number = 0;
  if (value->get_uint64().get(number) == simdjson::SUCCESS) return number;
  std::string_view text;
  if (value->get_string().get(text) != simdjson::SUCCESS) return std::nullopt;
  const char* end = text.data() + text.size();
  if (auto [ptr, ec] = std::from_chars(text.data(), end, number);
      ec == std::errc() && ptr == end && !text.empty()) {
    return number;
  }
  return std::nullopt;
}

PageReader::List PageReader::select(std::string_view key) {
  Impl& m = *impl_;
  m.records.clear();
  m.texts.clear();
  m.rewritten.clear();
  std::optional<dom::element> list;
  for (const dom::key_value_pair field : m.root) {
    if (field.key != key) continue;
    if (list) return List::repeated;
    list = field.value;
  }
  if (!list) return List::absent;
  if (list->is_null()) return List::null;
  dom::array array;
  if (list->get_array().get(array) != simdjson::SUCCESS) return List::not_a_list;
  m.records.reserve(array.size());
  for (const dom::element element : array) {
    if (!element.is_object()) {
      m.records.clear();
      return List::not_records;
    }
    m.records.push_back(element);
  }
  m.texts.reserve(m.records.size());
  if (!m.slice(key)) m.texts.clear();
  const bool sliced = m.texts.size() == m.records.size();
  for (std::size_t i = 0; i < m.records.size(); ++i) {
    if (sliced && !has_control_byte(m.texts[i])) continue;
    std::string& minified = m.rewritten.emplace_back(simdjson::minify(m.records[i]));
    if (sliced) {
      m.texts[i] = minified;
    } else {
      m.texts.push_back(minified);
    }
  }
  return List::records;
}

void PageReader::select_whole() {
  Impl& m = *impl_;
  m.records.assign(1, m.document);
  m.rewritten.clear();
  m.texts.assign(1, m.rewritten.emplace_back(simdjson::minify(m.document)));
}

std::size_t PageReader::size() const { return impl_->records.size(); }

std::string_view PageReader::text(std::size_t i) const { return impl_->texts[i]; }

std::string PageReader::field_text(std::size_t i, std::string_view key) const {
  dom::element value;
  if (impl_->records[i].at_key(key).get(value) != simdjson::SUCCESS) return {};
  switch (value.type()) {
    case dom::element_type::STRING:
      return std::string(std::string_view(value));
    case dom::element_type::INT64:
      return std::to_string(std::int64_t(value));
    case dom::element_type::UINT64:
      return std::to_string(std::uint64_t(value));
    default:
      return {};
  }
}

bool PageReader::has_field(std::size_t i, std::string_view key) const {
  dom::element value;
  return impl_->records[i].at_key(key).get(value) == simdjson::SUCCESS;
}

bool PageReader::empty_object(std::size_t i) const {
  const dom::object object(impl_->records[i]);
  return object.begin() == object.end();
}

}  // namespace zc::fetch
