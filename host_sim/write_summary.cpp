#include "write_summary.hpp"

#include <algorithm>
#include <cstdio>
#include <functional>
#include <ostream>
#include <utility>
#include <vector>

#include "exit_codes.hpp"
#include "terminal_text.hpp"

namespace host_sim {
namespace {

// Why a record failed, in a few words, for the summary: Zoom's code, the
// first refused field, or the message.
std::string reason_of(const boost::json::object& result) {
  std::string reason;
  if (const auto* code = result.if_contains("zoom_code"); code != nullptr && code->is_int64()) {
    reason = "code " + std::to_string(code->as_int64()) + ": ";
  }
  const auto* fields = result.if_contains("field_errors");
  if (fields != nullptr && fields->is_array() && !fields->as_array().empty() &&
      fields->as_array().front().is_object()) {
    const auto& first = fields->as_array().front().as_object();
    for (const char* key : {"field", "message"}) {
      if (const auto* v = first.if_contains(key); v != nullptr && v->is_string()) {
        reason += std::string(v->as_string()) + (std::string_view(key) == "field" ? " " : "");
      }
    }
  } else if (const auto* message = result.if_contains("message");
             message != nullptr && message->is_string()) {
    reason += std::string(message->as_string());
  }
  constexpr std::size_t k_max_reason = 120;
  if (reason.size() > k_max_reason) reason = reason.substr(0, k_max_reason) + "...";
  return reason.empty() ? "no reason given" : reason;
}

}  // namespace

std::string counts_text(const OutcomeCounts& counts) {
  std::string out;
  for (const auto& [name, count] : counts) {
    out += (out.empty() ? "" : ", ") + std::to_string(count) + " " + name;
  }
  return out.empty() ? "nothing" : out;
}

void WriteSummary::count(const std::string& outcome, const boost::json::object& result) {
  if (outcome == "failed") ++failed_reasons_[reason_of(result)];
  ++counts_[outcome];
}

void WriteSummary::print(std::ostream& out, bool dry_run, double seconds,
                         const OutcomeCounts& overall) const {
  char elapsed[32];
  std::snprintf(elapsed, sizeof elapsed, "%.1f", seconds);
  out << (dry_run ? "Dry run: " : "Written: ") << counts_text(counts_) << " in " << elapsed << " s";
  if (!dry_run) out << " (over every run: " << counts_text(overall) << ")";
  out << "\n";
  std::vector<std::pair<std::int64_t, std::string>> reasons;
  for (const auto& [reason, count] : failed_reasons_) reasons.emplace_back(count, reason);
  std::ranges::sort(reasons, std::greater{});
  constexpr std::size_t k_reasons_shown = 5;
  for (std::size_t i = 0; i < reasons.size() && i < k_reasons_shown; ++i) {
    out << "  failed: " << reasons[i].first << " x " << printable(reasons[i].second) << "\n";
  }
  if (reasons.size() > k_reasons_shown) {
    out << "  failed: " << reasons.size() - k_reasons_shown
        << " more reasons; every one is in the results file\n";
  }
}

int WriteSummary::exit_status() const {
  for (const auto& [name, count] : counts_) {
    if (count > 0 && name != "done" && name != "already_done" && name != "would_do") {
      return exit_code::not_all_written;
    }
  }
  return exit_code::ok;
}

}  // namespace host_sim
