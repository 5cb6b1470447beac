#include "fetch/webvtt.hpp"

#include <algorithm>

namespace zc::fetch {
namespace {

using Failure = std::unexpected<std::string>;

bool is_blank(char c) { return c == ' ' || c == '\t'; }

// Valid UTF-8 (no overlong form, surrogate or value past U+10FFFF) without a NUL.
bool clean_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == 0) return false;
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t extra = 0;
    std::uint32_t value = 0;
    if (c >= 0xC2 && c <= 0xDF) {
      extra = 1;
      value = c & 0x1Fu;
    } else if (c >= 0xE0 && c <= 0xEF) {
      extra = 2;
      value = c & 0x0Fu;
    } else if (c >= 0xF0 && c <= 0xF4) {
      extra = 3;
      value = c & 0x07u;
    } else {
      return false;
    }
    if (text.size() - i <= extra) return false;
    for (std::size_t k = 1; k <= extra; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0u) != 0x80u) return false;
      value = (value << 6) | (next & 0x3Fu);
    }
    const bool overlong = (extra == 2 && value < 0x800) || (extra == 3 && value < 0x10000);
    if (overlong || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return false;
    i += extra + 1;
  }
  return true;
}

// The file's lines; "\r\n", "\r" and "\n" each end one.
class Lines {
 public:
  explicit Lines(std::string_view text) : text_(text) {}
  bool next(std::string_view& line) {
    if (at_ > text_.size() || (at_ == text_.size() && !pending_empty_)) return false;
    std::size_t end = at_;
    while (end < text_.size() && text_[end] != '\n' && text_[end] != '\r') ++end;
    line = text_.substr(at_, end - at_);
    if (end < text_.size() && text_[end] == '\r' && end + 1 < text_.size() &&
        text_[end + 1] == '\n')
      ++end;
    at_ = end + 1;
    pending_empty_ = false;
    ++number_;
    return true;
  }
  std::size_t number() const { return number_; }

 private:
  std::string_view text_;
  std::size_t at_ = 0;
  bool pending_empty_ = true;  // an empty file still has one (empty) line
  std::size_t number_ = 0;
};

// "n" digits at `at` as a number (at most 9 digits: no overflow).
bool digits(std::string_view text, std::size_t& at, std::size_t least, std::size_t most,
            std::int64_t& value) {
  std::size_t count = 0;
  value = 0;
  while (at < text.size() && text[at] >= '0' && text[at] <= '9' && count < most) {
    value = value * 10 + (text[at] - '0');
    ++at;
    ++count;
  }
  return count >= least && (at >= text.size() || text[at] < '0' || text[at] > '9');
}

// [hh:]mm:ss.ttt, hours of two digits or more.
bool timestamp(std::string_view text, std::size_t& at, std::int64_t& ms) {
  std::int64_t first = 0, second = 0, third = 0, millis = 0;
  if (!digits(text, at, 2, 9, first) || at >= text.size() || text[at] != ':') return false;
  ++at;
  if (!digits(text, at, 2, 2, second)) return false;
  std::int64_t hours = 0, minutes = first, seconds = second;
  if (at < text.size() && text[at] == ':') {
    ++at;
    if (!digits(text, at, 2, 2, third)) return false;
    hours = first;
    minutes = second;
    seconds = third;
  } else if (first > 99) {
    return false;  // minutes take two digits
  }
  if (at >= text.size() || text[at] != '.') return false;
  ++at;
  if (!digits(text, at, 3, 3, millis) || minutes > 59 || seconds > 59) return false;
  ms = ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis;
  return true;
}

// "start --> end[ settings]".
bool timing_line(std::string_view line, std::int64_t& start, std::int64_t& end) {
  std::size_t at = 0;
  if (!timestamp(line, at, start)) return false;
  const std::size_t blanks = at;
  while (at < line.size() && is_blank(line[at])) ++at;
  if (at == blanks || line.substr(at, 3) != "-->") return false;
  at += 3;
  const std::size_t after = at;
  while (at < line.size() && is_blank(line[at])) ++at;
  if (at == after || !timestamp(line, at, end)) return false;
  return at == line.size() || is_blank(line[at]);
}

bool starts_block(std::string_view line, std::string_view word) {
  return line.substr(0, word.size()) == word &&
         (line.size() == word.size() || is_blank(line[word.size()]));
}

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && is_blank(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_blank(text.back())) text.remove_suffix(1);
  return text;
}

// Takes the speaker out of `text`: a leading voice tag, or a "Name: " prefix.
std::string take_speaker(std::string& text) {
  if (text.starts_with("<v") && text.size() > 2 && (text[2] == ' ' || text[2] == '.')) {
    const std::size_t close = text.find('>');
    if (close == std::string::npos || close > k_max_speaker + 64 || close > text.find('\n')) {
      return {};
    }
    const std::string_view tag = std::string_view(text).substr(2, close - 2);
    const std::size_t space = tag.find_first_of(" \t");
    std::string name(trimmed(space == std::string_view::npos ? "" : tag.substr(space)));
    if (name.empty()) return {};  // a tag that names no one stays text
    text.erase(0, close + 1);
    for (std::size_t end_tag; (end_tag = text.find("</v>")) != std::string::npos;)
      text.erase(end_tag, 4);
    return name;
  }
  const std::size_t colon = text.find(": ");
  if (colon == std::string::npos || colon == 0 || colon > k_max_speaker) return {};
  const std::string_view name = std::string_view(text).substr(0, colon);
  if (name.find_first_of("<>:\n") != std::string_view::npos || is_blank(name.front())) return {};
  std::string speaker(trimmed(name));
  text.erase(0, colon + 2);
  return speaker;
}

// A tag or prefix taken out may leave a line empty: it goes, so a cue's
// text never holds an empty line (which would end a cue in a file).
void drop_empty_lines(std::string& text) {
  std::string kept;
  std::size_t at = 0;
  while (at <= text.size()) {
    const std::size_t end = std::min(text.find('\n', at), text.size());
    if (end > at) {
      if (!kept.empty()) kept += '\n';
      kept.append(text, at, end - at);
    }
    at = end + 1;
  }
  text = std::move(kept);
}

}  // namespace

std::expected<std::vector<VttCue>, std::string> parse_webvtt(std::string_view file) {
  if (file.starts_with("\xEF\xBB\xBF")) file.remove_prefix(3);
  if (!clean_utf8(file)) return Failure("the file is not UTF-8 text (or holds a NUL byte)");
  Lines lines(file);
  std::string_view line;
  if (!lines.next(line) || !starts_block(line, "WEBVTT")) {
    return Failure("line 1: no WEBVTT header");
  }
  while (lines.next(line) && !line.empty()) {
  }  // the header block
  std::vector<VttCue> cues;
  std::vector<std::string_view> block;
  bool more = true;
  while (more) {
    block.clear();
    std::size_t first_line = 0;
    while ((more = lines.next(line)) && !line.empty()) {
      if (block.empty()) first_line = lines.number();
      block.push_back(line);
    }
    if (block.empty()) continue;
    if (starts_block(block[0], "NOTE") || starts_block(block[0], "STYLE") ||
        starts_block(block[0], "REGION")) {
      continue;
    }
    const std::size_t timing = block[0].find("-->") != std::string_view::npos ? 0 : 1;
    const std::string where = "line " + std::to_string(first_line + timing);
    VttCue cue;
    if (timing >= block.size() || !timing_line(block[timing], cue.start_ms, cue.end_ms)) {
      return Failure(where + ": a cue without a valid timing line ([hh:]mm:ss.ttt --> ...)");
    }
    if (cue.end_ms < cue.start_ms) return Failure(where + ": a cue that ends before it starts");
    if (cues.size() == k_max_cues) {
      return Failure("more than " + std::to_string(k_max_cues) + " cues");
    }
    for (std::size_t i = timing + 1; i < block.size(); ++i) {
      if (cue.text.size() + block[i].size() + 1 > k_max_cue_text) {
        return Failure(where + ": a cue longer than " + std::to_string(k_max_cue_text) + " bytes");
      }
      if (i > timing + 1) cue.text += '\n';
      cue.text += block[i];
    }
    cue.speaker = take_speaker(cue.text);
    drop_empty_lines(cue.text);
    cue.index = cues.size();
    cues.push_back(std::move(cue));
  }
  return cues;
}

}  // namespace zc::fetch
