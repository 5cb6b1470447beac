#include "media_data.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <cstdio>

namespace zoom_sim {

namespace json = boost::json;
using namespace std::chrono;

namespace {

// A SplitMix of (seed, salt, index): each record's own draws.
std::uint64_t mix(std::uint64_t seed, std::uint64_t salt, std::uint64_t index) {
  util::Rng rng(seed ^ (salt * 0xD1B54A32D192ED03ULL) ^ (index * 0x9E3779B97F4A7C15ULL));
  return rng.next();
}

constexpr std::uint64_t k_phone_recording = 0x70686f6e65ULL;
constexpr std::uint64_t k_summary = 0x73756d6dULL;
constexpr std::uint64_t k_summary_gone = 0x676f6e65ULL;

std::string hex16(std::uint64_t v) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, v >>= 4) out[static_cast<std::size_t>(i)] = digits[v & 15];
  return out;
}

bool in_window(sys_seconds t, const MediaWindow& w) {
  const auto d = floor<days>(t);
  return d >= w.from && d <= w.to;
}

json::object summary_fields(const Dataset& ds, const Meeting& m) {
  const User* host = ds.user_ptr(m.host_index);
  const auto end = m.start_time + minutes(m.duration);
  json::object o;
  o["meeting_host_id"] = m.host_id;
  o["meeting_host_email"] = host ? host->email : std::string("host@sim.example.com");
  o["meeting_uuid"] = m.uuid;
  o["meeting_id"] = m.id;
  o["meeting_topic"] = m.topic;
  o["meeting_start_time"] = util::iso8601(m.start_time);
  o["meeting_end_time"] = util::iso8601(end);
  o["summary_start_time"] = util::iso8601(m.start_time);
  o["summary_end_time"] = util::iso8601(end);
  o["summary_created_time"] = util::iso8601(end + minutes(2));
  o["summary_last_modified_time"] = util::iso8601(end + minutes(2));
  return o;
}

}  // namespace

std::vector<std::string> phone_recording_rows(const Dataset& ds, const MediaWindow& win) {
  std::vector<std::string> rows;
  for (std::size_t i = 0; i < ds.call_logs.size(); ++i) {
    const CallLog& call = ds.call_logs[i];
    const std::uint64_t draw = mix(ds.seed, k_phone_recording, i);
    if (draw % 3 == 0 || !in_window(call.start_time, win)) continue;
    const PhoneUser& owner = ds.phone_users[call.phone_user_index];
    const int duration = static_cast<int>(20 + (draw >> 8) % 1200);
    const std::string id = hex16(draw) + hex16(i);  // unique: the index is in it
    json::object o;
    o["id"] = id;
    o["call_id"] = std::to_string(7100000000000000000ULL + i);
    o["call_log_id"] = call.id;
    o["caller_name"] = "Sim Caller " + std::to_string(i);
    o["caller_number"] = "+1555" + std::to_string(3000000 + i);
    o["caller_number_type"] = 2;
    o["callee_name"] = owner.email;
    o["callee_number"] = std::to_string(1000 + call.phone_user_index);
    o["callee_number_type"] = 1;
    o["direction"] = (draw >> 4) % 2 == 0 ? "inbound" : "outbound";
    o["date_time"] = util::iso8601(call.start_time);
    o["end_time"] = util::iso8601(call.start_time + seconds(duration));
    o["duration"] = duration;
    o["recording_type"] = (draw >> 5) % 2 == 0 ? "Automatic" : "OnDemand";
    o["download_url"] = "https://sim.zoom.example/v2/phone/recording/download/" + id;
    o["owner"] = json::object{{"type", "user"},
                              {"id", owner.id},
                              {"name", owner.email},
                              {"extension_number", 1000 + call.phone_user_index}};
    rows.push_back(json::serialize(o));
  }
  return rows;
}

bool has_summary(const Dataset& ds, const Meeting& m) {
  return m.past && mix(ds.seed, k_summary, static_cast<std::uint64_t>(m.id)) % 4 != 0;
}

bool summary_missing(const Dataset& ds, const Meeting& m) {
  return mix(ds.seed, k_summary_gone, static_cast<std::uint64_t>(m.id)) % 5 == 0;
}

std::vector<std::string> meeting_summary_rows(const Dataset& ds, const MediaWindow& win) {
  std::vector<std::string> rows;
  for (std::size_t i = 0; i < ds.user_count(); ++i) {
    ds.visit_meetings(
        i,
        [&](const Meeting& m) {
          if (has_summary(ds, m) && in_window(m.start_time, win))
            rows.push_back(json::serialize(summary_fields(ds, m)));
        },
        false);
  }
  return rows;
}

const Meeting* meeting_of_segment(const Dataset& ds, std::string_view raw, std::string& shown) {
  auto once = util::pct_decode(raw, false);
  if (!once) return nullptr;
  shown = *once;
  std::string id = *once;
  bool twice = false;
  if (util::has_pct_escape(id)) {
    auto again = util::pct_decode(id, false);
    if (!again) return nullptr;
    id = *again;
    twice = true;
  }
  // A UUID that starts with '/' or holds "//" must arrive encoded twice.
  if (!twice && (id.starts_with("/") || id.find("//") != std::string::npos)) return nullptr;
  if (!id.empty() && id.size() < 19 &&
      std::all_of(id.begin(), id.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return ds.find_meeting_by_id(std::stoll(id));
  return ds.find_meeting_by_uuid(id);
}

HttpResponse meeting_summary_answer(const Simulator::Impl& sim, std::string_view raw_segment) {
  std::string shown;
  const Meeting* m = meeting_of_segment(sim.ds, raw_segment, shown);
  if (m == nullptr || !m->past)
    return api_error(404, 3001, "Meeting does not exist: " + shown + ".");
  // 12702 for a meeting without a summary: status and wording are guesses.
  if (!has_summary(sim.ds, *m) || summary_missing(sim.ds, *m))
    return api_error(404, 12702, "Meeting summary does not exist.");
  json::object o = summary_fields(sim.ds, *m);
  o["summary_last_modified_user_id"] = m->host_id;
  const json::value host_email = o.at("meeting_host_email");  // a copy: o grows below
  o["summary_last_modified_user_email"] = host_email;
  o["summary_title"] = "Summary of " + m->topic;
  o["summary_content"] = "## Quick recap\nThe team discussed " + m->topic + ".\n## Next steps\n" +
                         "- Follow up on item " + std::to_string(m->id % 97) + ".";
  o["summary_doc_url"] =
      "https://docs.zoom.example/doc/" + hex16(static_cast<std::uint64_t>(m->id));
  return json_response(200, json::serialize(o));
}

HttpResponse paged_list(Simulator::Impl& sim, const HttpRequest& req, const util::Params& params,
                        const std::string& account_id, TimePoint now_tp,
                        const std::vector<std::string>& rows, std::string_view array_key,
                        const std::string& prefix) {
  std::size_t page_size = 30;
  if (const auto* ps = util::find_param(params, "page_size")) {
    const bool digits =
        !ps->empty() && ps->size() <= 9 &&
        std::all_of(ps->begin(), ps->end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!digits) return validation_error("page_size");
    const auto v = std::stoull(*ps);
    page_size = v < 1 ? 30 : std::min<std::size_t>(v, 300);
  }
  std::string binding = req.path + "?";
  {
    util::Params keep;
    for (const auto& kv : params)
      if (kv.first != "next_page_token" && kv.first != "page_size") keep.push_back(kv);
    std::sort(keep.begin(), keep.end());
    for (auto& [k, v] : keep) binding += util::pct_encode(k) + "=" + util::pct_encode(v) + "&";
  }
  std::size_t offset = 0;
  std::string next;
  {
    std::lock_guard lk(sim.mu);
    if (const auto* npt = util::find_param(params, "next_page_token"); npt && !npt->empty()) {
      const auto it = sim.page_tokens.find(*npt);
      if (it == sim.page_tokens.end() || it->second.expired ||
          it->second.account_id != account_id || it->second.binding != binding ||
          now_tp - it->second.created > sim.opt.page_token_ttl)
        return api_error(400, 300, "The next page token is invalid or expired.");
      offset = std::min(it->second.offset, rows.size());
    }
    if (offset + page_size < rows.size()) {
      next = sim.random_token(32);
      sim.page_tokens.emplace(
          next, Simulator::Impl::PageToken{account_id, binding, offset + page_size, now_tp, false});
    }
  }
  const std::size_t end = std::min(rows.size(), offset + page_size);
  std::string body = "{" + prefix + "\"page_size\":" + std::to_string(page_size) +
                     ",\"total_records\":" + std::to_string(rows.size()) +
                     ",\"next_page_token\":\"" + next + "\",\"" + std::string(array_key) + "\":[";
  for (std::size_t k = offset; k < end; ++k) {
    if (k != offset) body += ',';
    body += rows[k];
  }
  body += "]}";
  return json_response(200, std::move(body));
}

}  // namespace zoom_sim

namespace zoom_sim {

namespace {
constexpr std::uint64_t k_transcript = 0x767474ULL;
constexpr const char* k_speakers[] = {"Alice Martin", "Bob Chen", "Carla Diaz", "Dev Patel"};
}  // namespace

bool has_transcript(std::uint64_t seed, std::int64_t meeting_id) {
  return mix(seed, k_transcript, static_cast<std::uint64_t>(meeting_id)) % 3 != 0;
}

std::string transcript_file_id(std::string_view mp4_file_id) {
  return std::string(mp4_file_id) + "-vtt";
}

std::string transcript_vtt(std::uint64_t seed, std::string_view file_id, int cues) {
  std::uint64_t h = 1469598103934665603ULL;  // FNV-1a of the id: its own draws
  for (const char c : file_id) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  std::string out = "WEBVTT\n";
  std::int64_t at = static_cast<std::int64_t>(mix(seed, k_transcript, h) % 5000);
  auto stamp = [](std::int64_t ms) {
    char text[32];
    std::snprintf(text, sizeof text, "%02lld:%02lld:%02lld.%03lld",
                  static_cast<long long>(ms / 3600000), static_cast<long long>(ms / 60000 % 60),
                  static_cast<long long>(ms / 1000 % 60), static_cast<long long>(ms % 1000));
    return std::string(text);
  };
  for (int i = 0; i < cues; ++i) {
    const std::uint64_t draw = mix(seed ^ h, k_transcript, static_cast<std::uint64_t>(i));
    const std::int64_t length = 800 + static_cast<std::int64_t>(draw % 4000);
    const std::string speaker = k_speakers[(draw >> 12) % 4];
    out += "\n" + std::to_string(i + 1) + "\n" + stamp(at) + " --> " + stamp(at + length) + "\n";
    // Zoom writes "Name: text"; every fifth cue here uses a voice tag instead.
    const std::string text = "Point " + std::to_string(i + 1) + " of the discussion.";
    out += i % 5 == 4 ? "<v " + speaker + ">" + text + "</v>\n" : speaker + ": " + text + "\n";
    at += length + static_cast<std::int64_t>((draw >> 24) % 700);
  }
  return out;
}

}  // namespace zoom_sim
