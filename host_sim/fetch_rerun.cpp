#include "fetch_rerun.hpp"

#include <sodium.h>
#include <unistd.h>

#include <array>
#include <boost/json.hpp>
#include <cerrno>
#include <cstring>
#include <map>

#include "catalog_view.hpp"

namespace host_sim {
namespace {

namespace json = boost::json;

constexpr int k_max_depth = 16;  // a parent chain longer than this is not the catalog's

using CatalogEntry = CatalogStream;

// Incremental itself, or under an incremental parent (only the new
// parents' children are fetched again).
bool appends(const std::map<std::string, CatalogEntry>& entries, std::string name) {
  for (int depth = 0; depth < k_max_depth; ++depth) {
    const auto it = entries.find(name);
    if (it == entries.end()) return false;
    if (it->second.incremental) return true;
    if (it->second.parent.empty()) return false;
    name = it->second.parent;
  }
  return false;
}

// The plugin state's "cursors": stream -> yyyy-mm-dd; anything else is left out.
std::map<std::string, std::string> cursors_of(const std::string& plugin_state_json) {
  std::map<std::string, std::string> cursors;
  boost::system::error_code ec;
  const auto state = json::parse(plugin_state_json, ec);
  if (ec || !state.is_object()) return cursors;
  const auto* found = state.as_object().if_contains("cursors");
  if (found == nullptr || !found->is_object()) return cursors;
  for (const auto& [stream, day] : found->as_object()) {
    if (!day.is_string()) continue;
    const std::string text(day.as_string());
    bool date = text.size() == 10;
    for (std::size_t i = 0; date && i < text.size(); ++i) {
      date = (i == 4 || i == 7) ? text[i] == '-' : (text[i] >= '0' && text[i] <= '9');
    }
    if (date) cursors[std::string(stream)] = text;
  }
  return cursors;
}

std::string joined(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& part : parts) out += (out.empty() ? "" : ", ") + part;
  return out;
}

// The "stream" of one output line ({"stream":...,"record":...}); nothing
// when the line is not one.
std::optional<std::string> stream_of(std::string_view line) {
  boost::system::error_code ec;
  const auto parsed = json::parse(line, ec);
  if (ec || !parsed.is_object()) return std::nullopt;
  const auto* stream = parsed.as_object().if_contains("stream");
  if (stream == nullptr || !stream->is_string()) return std::nullopt;
  return std::string(stream->as_string());
}

}  // namespace

RerunPlan plan_rerun(const std::string& catalog_json, const std::vector<std::string>& streams,
                     const std::string& plugin_state_json, bool rewritable) {
  const auto entries = catalog_by_name(catalog_json);
  const auto cursors = cursors_of(plugin_state_json);
  RerunPlan plan;
  std::vector<std::string> replaced;
  std::vector<std::string> appended;
  for (const auto& stream : streams) {
    if (appends(entries, stream)) {
      plan.appended.insert(stream);
      const auto cursor = cursors.find(stream);
      const auto entry = entries.find(stream);
      if (cursor != cursors.end()) {
        appended.push_back(stream + " from " + cursor->second);
      } else if (entry != entries.end() && !entry->second.incremental) {
        appended.push_back(stream + " of new " + entry->second.parent);
      } else {
        appended.push_back(stream + " from its cursor");
      }
    } else {
      plan.replaced.insert(stream);
      replaced.push_back(stream);
    }
  }
  plan.line = "Rerun after a complete fetch: ";
  plan.line += replaced.empty() ? std::string("nothing replaced")
                                : joined(replaced) + (rewritable ? " replaced"
                                                                 : " sent again in full (the "
                                                                   "output cannot be rewritten)");
  plan.line +=
      "; " + (appended.empty() ? std::string("nothing appended") : joined(appended) + " appended") +
      ".";
  return plan;
}

std::string line_digest(std::string_view line) {
  std::array<unsigned char, 16> digest{};
  crypto_generichash(digest.data(), digest.size(),
                     reinterpret_cast<const unsigned char*>(line.data()), line.size(), nullptr, 0);
  return std::string(reinterpret_cast<const char*>(digest.data()), digest.size());
}

RerunOutput rewrite_for_rerun(const std::filesystem::path& path, std::int64_t keep_bytes,
                              std::optional<FileId> expected, const RerunPlan& plan) {
  const std::string name = path.string();
  const FileDescriptor old = open_for_reading(path, "the output file");
  if (!old) {
    throw OutputError(name +
                          " is gone: the records of the complete fetch were in it. Restore it, "
                          "or start over with --full-refresh.",
                      0);
  }
  if (expected && file_id_of(old.get()) != *expected) {
    throw OutputError(name +
                          " is not the file the checkpoint was saved with (another file has "
                          "taken its name since): restore it, or start over with --full-refresh",
                      0);
  }
  if (const std::int64_t size = size_of(old.get()); size < keep_bytes) {
    throw OutputError(name + " has " + std::to_string(size) + " bytes, fewer than the " +
                          std::to_string(keep_bytes) +
                          " it had at the saved checkpoint: it was changed since. Restore it, "
                          "or start over with --full-refresh.",
                      0);
  }
  RerunOutput out;
  out.file = replace_file_with(path, "the output file", [&](int fd, const std::string& temporary) {
    std::string pending;
    std::string kept;
    std::vector<char> buffer(64 * 1024);
    std::int64_t left = keep_bytes;
    const auto take_line = [&](std::string_view line) {
      const auto stream = stream_of(line);
      if (stream && plan.replaced.contains(*stream)) {
        ++out.dropped;
        return;
      }
      if (stream && plan.appended.contains(*stream)) out.kept_lines.insert(line_digest(line));
      kept.append(line);
    };
    while (left > 0) {
      const auto want = static_cast<std::size_t>(
          std::min<std::int64_t>(left, static_cast<std::int64_t>(buffer.size())));
      const ssize_t n = ::read(old.get(), buffer.data(), want);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        throw OutputError("cannot read " + name + ": " +
                              (n == 0 ? std::string("it ended early") : std::strerror(errno)),
                          n == 0 ? 0 : errno);
      }
      left -= n;
      pending.append(buffer.data(), static_cast<std::size_t>(n));
      std::size_t start = 0;
      for (std::size_t end; (end = pending.find('\n', start)) != std::string::npos;
           start = end + 1) {
        take_line(std::string_view(pending).substr(start, end + 1 - start));
      }
      pending.erase(0, start);
      write_fully(fd, kept, temporary);
      out.bytes += static_cast<std::int64_t>(kept.size());
      kept.clear();
    }
    if (!pending.empty()) take_line(pending);
    write_fully(fd, kept, temporary);
    out.bytes += static_cast<std::int64_t>(kept.size());
  });
  return out;
}

}  // namespace host_sim
