#include "message_output.hpp"

#include <boost/json/serialize.hpp>
#include <stdexcept>

#include "json_line.hpp"

namespace airbyte_source {

namespace {

// The length of the UTF-8 sequence starting at text[at], or 0 when invalid.
std::size_t utf8_sequence(std::string_view text, std::size_t at) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(at);
  std::size_t length = 0;
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF)
    length = 2;
  else if (lead >= 0xE0 && lead <= 0xEF)
    length = 3;
  else if (lead >= 0xF0 && lead <= 0xF4)
    length = 4;
  else
    return 0;
  if (at + length > text.size()) return 0;
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(at + i) & 0xC0) != 0x80) return 0;
  }
  // Overlong three- and four-byte forms, surrogates and values past U+10FFFF.
  if (lead == 0xE0 && byte(at + 1) < 0xA0) return 0;
  if (lead == 0xED && byte(at + 1) > 0x9F) return 0;
  if (lead == 0xF0 && byte(at + 1) < 0x90) return 0;
  if (lead == 0xF4 && byte(at + 1) > 0x8F) return 0;
  return length;
}

}  // namespace

std::string bounded_text(std::string_view text, std::size_t max_bytes) {
  std::string out;
  out.reserve(std::min(text.size(), max_bytes) + 3);
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t length = utf8_sequence(text, at);
    if (out.size() + std::max<std::size_t>(length, 1) > max_bytes) {
      out += "...";
      break;
    }
    if (length == 0) {
      out += '?';
      ++at;
    } else {
      out.append(text.substr(at, length));
      at += length;
    }
  }
  return out;
}

MessageOutput::MessageOutput(std::FILE* out) : out_(out) {
  // Records are many and small: one big buffer, flushed at each state.
  std::setvbuf(out_, nullptr, _IOFBF, 1 << 20);
}

MessageOutput::~MessageOutput() { std::fflush(out_); }

void MessageOutput::write(const boost::json::value& message) {
  write_raw(boost::json::serialize(message));
}

void MessageOutput::write_raw(std::string_view line) {
  const std::lock_guard lock(mutex_);
  line_.clear();
  host_support::append_printable_json(line_, line);
  line_ += '\n';
  if (std::fwrite(line_.data(), 1, line_.size(), out_) != line_.size()) {
    throw std::runtime_error("cannot write to standard output");
  }
}

void MessageOutput::flush() {
  const std::lock_guard lock(mutex_);
  if (std::fflush(out_) != 0) throw std::runtime_error("cannot write to standard output");
}

}  // namespace airbyte_source
