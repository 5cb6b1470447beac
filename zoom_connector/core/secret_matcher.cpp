#include "core/secret_matcher.hpp"

#include <algorithm>
#include <deque>

#include "core/bounded_text.hpp"

namespace zc {
namespace {

bool is_word_byte(char c) {
  const auto u = static_cast<unsigned char>(c);
  return (u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || u == '_' ||
         u >= 0x80;
}

struct Span {
  std::size_t begin = 0;
  std::size_t end = 0;
};

}  // namespace

SecretMatcher::SecretMatcher(const std::vector<std::string>& patterns) {
  nodes_.emplace_back();
  for (const auto& full : patterns) {
    if (full.empty()) continue;
    const std::string_view p = std::string_view(full).substr(0, k_max_pattern);
    std::int32_t node = 0;
    for (const char c : p) {
      const auto byte = static_cast<unsigned char>(c);
      std::int32_t next = child(node, byte);
      if (next < 0) {
        next = static_cast<std::int32_t>(nodes_.size());
        auto& edges = nodes_[static_cast<std::size_t>(node)].next;
        edges.insert(std::ranges::lower_bound(edges, std::pair{byte, std::int32_t{-1}}),
                     {byte, next});
        nodes_.emplace_back();
      }
      node = next;
    }
    auto& end = nodes_[static_cast<std::size_t>(node)];
    if (end.pattern >= 0) {
      // The same bytes twice: keep the stricter reading only if both agree.
      auto& known = patterns_[static_cast<std::size_t>(end.pattern)];
      known.truncated = known.truncated || full.size() > p.size();
      continue;
    }
    end.pattern = static_cast<std::int32_t>(patterns_.size());
    patterns_.push_back(
        Pattern{p.size(), is_word_byte(p.front()), is_word_byte(p.back()), full.size() > p.size()});
    longest_ = std::max(longest_, p.size());
    any_truncated_ = any_truncated_ || full.size() > p.size();
  }
  for (const auto& [byte, next] : nodes_[0].next) root_next_[byte] = next;
  // Breadth first: fail links and output links.
  std::deque<std::int32_t> queue;
  for (const auto& [byte, next] : nodes_[0].next) queue.push_back(next);
  while (!queue.empty()) {
    const std::int32_t node = queue.front();
    queue.pop_front();
    for (const auto& [byte, next] : nodes_[static_cast<std::size_t>(node)].next) {
      std::int32_t f = nodes_[static_cast<std::size_t>(node)].fail;
      while (f > 0 && child(f, byte) < 0) f = nodes_[static_cast<std::size_t>(f)].fail;
      const std::int32_t target = child(f, byte);
      auto& n = nodes_[static_cast<std::size_t>(next)];
      n.fail = target >= 0 && target != next ? target : 0;
      const auto& fail_node = nodes_[static_cast<std::size_t>(n.fail)];
      n.output = fail_node.pattern >= 0 ? n.fail : fail_node.output;
      queue.push_back(next);
    }
  }
}

std::int32_t SecretMatcher::child(std::int32_t node, unsigned char byte) const {
  const auto& edges = nodes_[static_cast<std::size_t>(node)].next;
  const auto it = std::ranges::lower_bound(edges, std::pair{byte, std::int32_t{-1}});
  return it != edges.end() && it->first == byte ? it->second : -1;
}

std::int32_t SecretMatcher::step(std::int32_t node, unsigned char byte) const {
  while (true) {
    if (node == 0) return root_next_[byte];
    if (const std::int32_t next = child(node, byte); next >= 0) return next;
    if (node == 0) return 0;
    node = nodes_[static_cast<std::size_t>(node)].fail;
  }
}

std::string SecretMatcher::mask(std::string_view text, std::string_view mask) const {
  if (patterns_.empty()) return std::string(text);
  std::string out;
  out.reserve(text.size());
  std::size_t copied = 0;    // text before this is in `out`
  std::deque<Span> pending;  // disjoint, in order; may still grow
  auto flush = [&](std::size_t up_to) {
    while (!pending.empty() && pending.front().end <= up_to) {
      out.append(text.substr(copied, pending.front().begin - copied));
      out.append(mask);
      copied = pending.front().end;
      pending.pop_front();
    }
  };
  auto add = [&](Span span) {
    while (!pending.empty() && pending.back().begin >= span.begin) {
      span.end = std::max(span.end, pending.back().end);
      pending.pop_back();
    }
    if (!pending.empty() && pending.back().end >= span.begin) {
      pending.back().end = std::max(pending.back().end, span.end);
    } else {
      pending.push_back(span);
    }
  };
  std::size_t run_end = 0;  // how far a truncated match's token run was followed
  const auto byte_at = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  std::int32_t node = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (node == 0) {
      // Most text starts no pattern: pass over it quickly.
      while (i < text.size() && root_next_[byte_at(i)] == 0) ++i;
      if (i == text.size()) break;
      node = root_next_[byte_at(i)];
    } else {
      node = step(node, byte_at(i));
    }
    const Node& here = nodes_[static_cast<std::size_t>(node)];
    const std::int32_t first = here.pattern >= 0 ? node : here.output;
    if (first > 0) {
      const bool word_after = i + 1 < text.size() && is_word_byte(text[i + 1]);
      const bool end_ok = !word_after || !is_word_byte(text[i]);
      // Longest first: the first whole-token match covers the shorter ones.
      for (std::int32_t n = first; n > 0 && (end_ok || any_truncated_);
           n = nodes_[static_cast<std::size_t>(n)].output) {
        const Pattern& p =
            patterns_[static_cast<std::size_t>(nodes_[static_cast<std::size_t>(n)].pattern)];
        const std::size_t begin = i + 1 - p.size;
        const bool start_ok = !p.word_start || begin == 0 || !is_word_byte(text[begin - 1]);
        if (!start_ok || !(end_ok || p.truncated)) continue;
        std::size_t end = i + 1;
        if (p.truncated) {
          run_end = std::max(run_end, end);
          while (run_end < text.size() && is_token_char(text[run_end])) ++run_end;
          end = run_end;
        }
        add(Span{begin, end});
        break;
      }
    }
    if (!pending.empty() && i + 1 >= longest_) flush(i + 1 - longest_);
  }
  flush(text.size());
  out.append(text.substr(copied));
  return out;
}

}  // namespace zc
