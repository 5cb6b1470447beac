#include "zoom_sim/dataset.hpp"
#include "zoom_sim/media.hpp"

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <cstdio>
#include <cstring>
#include <deque>

#include "util.hpp"

namespace zoom_sim {

using namespace std::chrono;
namespace json = boost::json;
using util::iso8601;

bool user_hosts(std::uint64_t seed, const DataSizes& sizes, std::size_t index) {
  if (index == 0) return true;
  const int pct = std::clamp(sizes.hosting_percent, 0, 100);
  util::Rng r(seed ^ 0x4057'0000'0000'0000ULL ^
              (static_cast<std::uint64_t>(index) * 0x9E37'79B9ULL));
  return static_cast<int>(r.below(100)) < pct;
}

namespace {

constexpr std::array kFirst = {"Ada",     "Grace",   "Linus",  "Barbara", "Ken",  "Margaret",
                               "Dennis",  "Frances", "Edsger", "Radia",   "Alan", "Hedy",
                               "Niklaus", "Karen",   "Donald", "Sophie",  "Tim",  "Shafi"};
constexpr std::array kLast = {"Lovelace", "Hopper",  "Torvalds",  "Liskov",   "Thompson",
                              "Hamilton", "Ritchie", "Allen",     "Dijkstra", "Perlman",
                              "Turing",   "Lamarr",  "Wirth",     "Jones",    "Knuth",
                              "Wilson",   "Berners", "Goldwasser"};
constexpr std::array kDepts = {"Engineering", "Sales", "Support", "Finance", "Marketing", "HR"};
constexpr std::array kZones = {"America/New_York",    "Europe/Berlin", "Asia/Tokyo",
                               "America/Los_Angeles", "Europe/London", "Australia/Sydney"};
constexpr std::array kTopics = {"Weekly sync",     "Design review", "Customer call",
                                "Sprint planning", "1:1",           "All hands",
                                "Incident review", "Interview",     "Roadmap"};
constexpr std::array kLangs = {"en-US", "de-DE", "ja-JP", "fr-FR"};

// Every account sees the same generated data (see docs/zoom_sim.md).
constexpr const char* kAccountIdForData = "sim-account-id";
constexpr std::int64_t kMeetingIdBase = 81000000000LL;
constexpr std::int64_t kIdStride = 7919;
constexpr std::int64_t kPmiBase = 3000000000LL;
constexpr std::uint64_t kParticipantBase = 16778240;

// What each record's identity and RNG derive from.
enum Domain : std::uint64_t {
  d_user = 1,
  d_group,
  d_phone_user,
  d_meeting_uuid,
  d_webinar_uuid,
  d_file,
  d_call_log,
  d_participants,
  d_meeting,
  d_webinar,
  d_phone_rng,
  d_call_rng,
};

std::uint64_t hash64(std::uint64_t z) {
  z += 0x9E3779B97F4A7C15ULL;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

util::Rng rng_for(std::uint64_t seed, Domain d, std::uint64_t index) {
  return util::Rng(hash64(seed ^ hash64((static_cast<std::uint64_t>(d) << 56) ^ hash64(index))));
}

// A seed-keyed bijection on 64 bits: ids carry (domain, index) through it, so they
// are unique by construction and decode back to the index.
constexpr std::uint64_t kM1 = 0xBF58476D1CE4E5B9ULL, kM2 = 0x94D049BB133111EBULL;
std::uint64_t inverse_odd(std::uint64_t a) {
  std::uint64_t x = a;
  for (int i = 0; i < 6; ++i) x *= 2 - a * x;
  return x;
}
std::uint64_t unxorshift(std::uint64_t y, int s) {
  std::uint64_t x = y;
  for (int k = 0; k < 64 / s + 1; ++k) x = y ^ (x >> s);
  return x;
}
std::uint64_t mix(std::uint64_t seed, std::uint64_t x) {
  x ^= hash64(seed);
  x *= kM1;
  x ^= x >> 31;
  x *= kM2;
  return x ^ (x >> 29);
}
std::uint64_t unmix(std::uint64_t seed, std::uint64_t x) {
  x = unxorshift(x, 29);
  x *= inverse_odd(kM2);
  x = unxorshift(x, 31);
  x *= inverse_odd(kM1);
  return x ^ hash64(seed);
}
std::uint64_t key_of(Domain d, std::uint64_t index) {
  return (static_cast<std::uint64_t>(d) << 56) | (index & ((1ULL << 56) - 1));
}
std::optional<std::uint64_t> index_of(std::uint64_t seed, Domain d, std::uint64_t mixed) {
  const auto k = unmix(seed, mixed);
  if ((k >> 56) != d) return std::nullopt;
  return k & ((1ULL << 56) - 1);
}

constexpr char kB64Url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

// base64url-like Zoom user ids ("KDcuGIm1QgePTO8WbOqwIQ"): 11 chars of key, 11 random.
std::string id22(std::uint64_t seed, Domain d, std::uint64_t index, util::Rng& rng) {
  std::string s(22, 'A');
  const auto v = mix(seed, key_of(d, index));
  for (int i = 0; i < 11; ++i) s[static_cast<std::size_t>(i)] = kB64Url[(v >> (6 * (10 - i))) & 63];
  for (std::size_t i = 11; i < 22; ++i) s[i] = kB64Url[rng.below(64)];
  return s;
}
std::optional<std::uint64_t> id22_index(std::uint64_t seed, Domain d, std::string_view s) {
  if (s.size() != 22) return std::nullopt;
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < 11; ++i) {
    const char* p = std::strchr(kB64Url, s[i]);
    if (!p || !*p) return std::nullopt;
    v = (v << 6) | static_cast<std::uint64_t>(p - kB64Url);
  }
  return index_of(seed, d, v);
}

// 24 chars ending "==": 8 random bytes, then 8 bytes of key.
std::string uuid24(std::uint64_t seed, Domain d, std::uint64_t index, util::Rng& rng) {
  std::string bytes(16, '\0');
  for (std::size_t i = 0; i < 8; ++i) bytes[i] = static_cast<char>(rng.below(256));
  const auto v = mix(seed, key_of(d, index));
  for (std::size_t i = 0; i < 8; ++i) bytes[8 + i] = static_cast<char>((v >> (8 * (7 - i))) & 255);
  return util::base64_encode(bytes);
}
std::optional<std::uint64_t> uuid_index(std::uint64_t seed, Domain d, std::string_view s) {
  if (s.size() != 24) return std::nullopt;
  const auto bytes = util::base64_decode(s);
  if (!bytes || bytes->size() != 16) return std::nullopt;
  std::uint64_t v = 0;
  for (std::size_t i = 8; i < 16; ++i) v = (v << 8) | static_cast<unsigned char>((*bytes)[i]);
  return index_of(seed, d, v);
}

std::string hex_id(util::Rng& rng, int n) {
  static constexpr char h[] = "0123456789abcdef";
  std::string s(static_cast<std::size_t>(n), '0');
  for (auto& c : s) c = h[rng.below(16)];
  return s;
}
// 8-4-4-4-12 hex; the first 16 digits carry the key.
std::string hex_uuid(std::uint64_t seed, Domain d, std::uint64_t index, util::Rng& rng) {
  static constexpr char h[] = "0123456789abcdef";
  const auto v = mix(seed, key_of(d, index));
  std::string k(16, '0');
  for (int i = 0; i < 16; ++i) k[static_cast<std::size_t>(i)] = h[(v >> (4 * (15 - i))) & 15];
  const std::string r = hex_id(rng, 16);
  return k.substr(0, 8) + "-" + k.substr(8, 4) + "-" + k.substr(12, 4) + "-" + r.substr(0, 4) +
         "-" + r.substr(4, 12);
}

std::string ser(const json::object& o) { return json::serialize(o); }

const char* status_at(std::size_t i) {
  return i % 10 == 9 ? "inactive" : (i % 10 == 8 ? "pending" : "active");
}

// The generator: pure functions of (seed, sizes, today, index).
struct Gen {
  std::uint64_t seed;
  const DataSizes& sz;
  sys_seconds now_s;
  std::size_t n;
  int hist, mpu, wpu, np, recs;
  const std::vector<Group>& groups;

  Gen(const Dataset& ds)
      : seed(ds.seed),
        sz(ds.sizes),
        now_s(sys_seconds{ds.today}),
        n(static_cast<std::size_t>(std::max(1, ds.sizes.users))),
        hist(std::max(2, ds.sizes.history_days)),
        mpu(std::max(0, ds.sizes.meetings_per_user)),
        wpu(std::max(0, ds.sizes.webinars_per_user)),
        np(std::max(0, ds.sizes.participants_per_meeting)),
        recs(std::max(0, ds.sizes.recordings_per_user)),
        groups(ds.groups) {}

  std::uint64_t slots() const { return static_cast<std::uint64_t>(mpu + wpu); }

  // json_out: 0 none, 1 json_list only, 2 both.
  User user(std::size_t i, int json_out = 2) const {
    auto rng = rng_for(seed, d_user, i);
    User u;
    u.index = i;
    u.id = id22(seed, d_user, i, rng);
    u.first_name = kFirst[rng.below(kFirst.size())];
    u.last_name = kLast[rng.below(kLast.size())];
    u.display_name = u.first_name + " " + u.last_name;
    u.email = util::lower(u.first_name + "." + u.last_name + "." + std::to_string(i)) +
              "@sim.example.com";
    u.type = (i % 4 == 3) ? 1 : 2;
    u.status = status_at(i);
    u.role_id = i == 0 ? "0" : (i % 7 == 1 ? "1" : "2");
    u.dept = kDepts[rng.below(kDepts.size())];
    const auto every = static_cast<std::size_t>(std::max(0, sz.unlicensed_webinar_every));
    u.webinar_licensed = !(i > 0 && every > 0 && i % every == every - 1);
    u.hosts = user_hosts(seed, sz, i);
    u.pmi = kPmiBase + static_cast<std::int64_t>(i) * kIdStride +
            static_cast<std::int64_t>(rng.below(kIdStride));
    u.created_at = now_s - days(400 + rng.below(1000)) + seconds(rng.below(86400));
    u.last_login_time = now_s - days(1 + rng.below(30)) + seconds(rng.below(86400));
    if (!groups.empty()) u.group_ids.push_back(groups[i % groups.size()].id);
    const char* tz = kZones[rng.below(kZones.size())];
    const char* lang = kLangs[rng.below(kLangs.size())];
    if (json_out == 0) return u;

    json::object o;
    o["id"] = u.id;
    o["first_name"] = u.first_name;
    o["last_name"] = u.last_name;
    o["display_name"] = u.display_name;
    o["email"] = u.email;
    o["type"] = u.type;
    o["pmi"] = u.pmi;
    o["timezone"] = tz;
    o["verified"] = u.status == "pending" ? 0 : 1;
    o["dept"] = u.dept;
    o["created_at"] = iso8601(u.created_at);
    o["user_created_at"] = iso8601(u.created_at);
    if (u.status != "pending") o["last_login_time"] = iso8601(u.last_login_time);
    o["last_client_version"] = "5.17.11.34827(mac)";
    o["language"] = lang;
    o["status"] = u.status;
    o["role_id"] = u.role_id;
    json::array gids;
    for (auto& g : u.group_ids) gids.emplace_back(g);
    o["group_ids"] = gids;
    u.json_list = ser(o);
    if (json_out == 1) return u;
    o["account_id"] = kAccountIdForData;
    o["account_number"] = 10000001;
    o["role_name"] = u.role_id == "0" ? "Owner" : (u.role_id == "1" ? "Admin" : "Member");
    o["use_pmi"] = false;
    o["personal_meeting_url"] = "https://sim.zoom.example/j/" + std::to_string(u.pmi);
    o["jid"] = util::lower(u.id) + "@xmpp.zoom.us";
    o["login_types"] = json::array{100};
    o["cluster"] = "us05";
    u.json_detail = ser(o);
    return u;
  }

  // Meeting k of user ui; none for a past slot of a user outside the hosting share.
  std::optional<Meeting> meeting(std::size_t ui, int k, bool json_out = true) const {
    const bool hosts = user_hosts(seed, sz, ui);
    const bool past = (k % 4) != 3;
    if (!hosts && past) return std::nullopt;
    const std::uint64_t slot = ui * slots() + static_cast<std::uint64_t>(k);
    auto rng = rng_for(seed, d_meeting, slot);
    const User u = user(ui, 0);
    Meeting m;
    m.id = kMeetingIdBase + static_cast<std::int64_t>(slot) * kIdStride +
           static_cast<std::int64_t>(rng.below(kIdStride));
    m.uuid = uuid24(seed, d_meeting_uuid, slot, rng);
    // Some UUIDs need double encoding in a path (docs/zoom_api_facts.md §5).
    if (slot % 9 == 0) m.uuid[0] = '/';
    if (slot % 9 == 4) m.uuid[5] = m.uuid[6] = '/';
    m.host_index = ui;
    m.host_id = u.id;
    m.topic = std::string(kTopics[rng.below(kTopics.size())]) + " #" + std::to_string(slot + 1);
    // Some past ones were instant meetings (type 1), which have no registration.
    m.type = (past && k % 3 == 2) ? 1 : (k % 5 == 4) ? 8 : 2;
    m.slot = slot;
    m.past = past;
    if (m.past)
      m.start_time = now_s - days(1 + rng.below(static_cast<std::uint64_t>(hist - 1))) +
                     minutes(15 * rng.below(96));
    else
      m.start_time = now_s + days(1 + rng.below(30)) + minutes(15 * rng.below(96));
    m.duration = static_cast<int>(15 + 15 * rng.below(8));
    const char* tz = kZones[rng.below(kZones.size())];
    const auto created = m.start_time - days(1 + rng.below(20));
    m.has_recording = m.past && (k - k / 4) < recs;
    if (!json_out) return m;

    json::object o;
    o["uuid"] = m.uuid;
    o["id"] = m.id;
    o["host_id"] = m.host_id;
    o["topic"] = m.topic;
    o["type"] = m.type;
    o["start_time"] = iso8601(m.start_time);
    o["duration"] = m.duration;
    o["timezone"] = tz;
    o["created_at"] = iso8601(created);
    o["join_url"] = "https://sim.zoom.example/j/" + std::to_string(m.id);
    o["agenda"] = "";
    m.json_list = ser(o);
    if (!m.past) return m;

    const auto end = m.start_time + minutes(m.duration);
    json::object r;
    r["uuid"] = m.uuid;
    r["id"] = m.id;
    r["host_id"] = m.host_id;
    r["type"] = m.type;
    r["topic"] = m.topic;
    r["user_name"] = u.display_name;
    r["user_email"] = u.email;
    r["start_time"] = iso8601(m.start_time);
    r["end_time"] = iso8601(end);
    r["duration"] = m.duration;
    r["total_minutes"] = m.duration * np;
    r["participants_count"] = np;
    r["source"] = "Zoom";
    m.json_report = ser(r);

    json::object d;
    d["uuid"] = m.uuid;
    d["id"] = m.id;
    d["topic"] = m.topic;
    d["host"] = u.display_name;
    d["email"] = u.email;
    d["user_type"] = u.type == 2 ? "Licensed" : "Basic";
    d["start_time"] = iso8601(m.start_time);
    d["end_time"] = iso8601(end);
    d["duration"] = [&] {
      char b[40];
      std::snprintf(b, sizeof b, "%02d:%02d:00", m.duration / 60, m.duration % 60);
      return std::string(b);
    }();
    d["participants"] = np;
    d["has_pstn"] = false;
    d["has_voip"] = true;
    d["has_3rd_party_audio"] = false;
    d["has_video"] = true;
    d["has_screen_share"] = (slot % 2) == 0;
    d["has_recording"] = m.has_recording;
    d["has_sip"] = false;
    d["has_archiving"] = false;
    d["dept"] = u.dept;
    m.json_metrics = ser(d);

    if (m.has_recording) {
      json::object rec;
      rec["uuid"] = m.uuid;
      rec["id"] = m.id;
      rec["account_id"] = kAccountIdForData;
      rec["host_id"] = m.host_id;
      rec["topic"] = m.topic;
      rec["type"] = m.type;
      rec["start_time"] = iso8601(m.start_time);
      rec["timezone"] = tz;
      rec["duration"] = m.duration;
      json::array files;
      std::int64_t total = 0;
      std::uint64_t f_no = 0;
      for (const char* ft : {"MP4", "M4A"}) {
        const std::int64_t size = static_cast<std::int64_t>(1000000 + rng.below(50000000));
        total += size;
        const std::string fid = hex_uuid(seed, d_file, slot * 2 + f_no++, rng);
        json::object f;
        f["id"] = fid;
        f["meeting_id"] = m.uuid;
        f["recording_start"] = iso8601(m.start_time);
        f["recording_end"] = iso8601(end);
        f["file_type"] = ft;
        f["file_extension"] = ft;
        f["file_size"] = size;
        f["play_url"] = "https://sim.zoom.example/rec/play/" + fid;
        f["download_url"] = "https://sim.zoom.example/rec/download/" + fid;
        f["status"] = "completed";
        f["recording_type"] =
            std::string_view(ft) == "MP4" ? "shared_screen_with_speaker_view" : "audio_only";
        files.push_back(std::move(f));
      }
      if (has_transcript(seed, m.id)) {  // media_data.cpp serves its WebVTT
        const std::string tid = transcript_file_id(files[0].as_object().at("id").as_string());
        json::object f{{"id", tid},
                       {"meeting_id", m.uuid},
                       {"recording_start", iso8601(m.start_time)},
                       {"recording_end", iso8601(end)},
                       {"file_type", "TRANSCRIPT"},
                       {"file_extension", "VTT"},
                       {"status", "completed"},
                       {"recording_type", "audio_transcript"}};
        const std::string vtt = transcript_vtt(seed, tid, sz.transcript_cues);
        f["file_size"] = static_cast<std::int64_t>(vtt.size());
        f["download_url"] = std::string(k_transcript_url_prefix) + tid + "?access_token=" +
                            std::string(k_download_token_marker) + tid.substr(0, 8);
        total += f["file_size"].as_int64();
        files.push_back(std::move(f));
      }
      rec["total_size"] = total;
      rec["recording_count"] = static_cast<int>(files.size());
      rec["share_url"] = "https://sim.zoom.example/rec/share/" + std::to_string(m.id);
      rec["recording_files"] = std::move(files);
      m.json_recording = ser(rec);
    }
    return m;
  }

  std::optional<std::uint64_t> slot_of(std::int64_t id) const {
    if (id < kMeetingIdBase || slots() == 0) return std::nullopt;
    const auto slot = static_cast<std::uint64_t>((id - kMeetingIdBase) / kIdStride);
    if (slot / slots() >= n) return std::nullopt;
    return slot;
  }

  std::vector<Participant> participants(const Meeting& m) const {
    std::vector<Participant> out;
    const auto slot = slot_of(m.id);
    if (!m.past || !slot) return out;
    auto rng = rng_for(seed, d_participants, *slot);
    for (int p = 0; p < np; ++p) {
      Participant pt;
      const auto uid =
          kParticipantBase + *slot * static_cast<std::uint64_t>(np) + static_cast<std::uint64_t>(p);
      pt.user_id = std::to_string(uid);
      const bool guest = (p % 3 == 2);
      if (guest) {
        pt.name = "Guest " + std::to_string((uid + 1) % 1000);
      } else {
        const auto pu = user((m.host_index + static_cast<std::size_t>(p)) % n, 0);
        pt.id = pu.id;
        pt.name = pu.display_name;
        pt.user_email = pu.email;
      }
      pt.join_time = m.start_time + seconds(rng.below(300));
      pt.leave_time = pt.join_time + minutes(m.duration) - seconds(rng.below(300));
      if (pt.leave_time <= pt.join_time) pt.leave_time = pt.join_time + seconds(60);
      const auto dur = (pt.leave_time - pt.join_time).count();
      json::object po;
      po["id"] = pt.id;
      po["name"] = pt.name;
      po["user_id"] = pt.user_id;
      po["registrant_id"] = "";
      po["user_email"] = pt.user_email;
      po["join_time"] = iso8601(pt.join_time);
      po["leave_time"] = iso8601(pt.leave_time);
      po["duration"] = dur;
      po["failover"] = false;
      po["status"] = "in_meeting";
      po["internal_user"] = !guest;
      pt.json_past = ser(po);
      po.erase("internal_user");
      po["participant_user_id"] = pt.id;
      po["customer_key"] = "";
      po["attentiveness_score"] = "";
      pt.json_report = ser(po);
      out.push_back(std::move(pt));
    }
    return out;
  }

  // Webinar k of user ui (licensed users only).
  std::optional<Webinar> webinar(std::size_t ui, int k) const {
    const auto every = static_cast<std::size_t>(std::max(0, sz.unlicensed_webinar_every));
    if (ui > 0 && every > 0 && ui % every == every - 1) return std::nullopt;
    const std::uint64_t slot = ui * slots() + static_cast<std::uint64_t>(mpu + k);
    auto rng = rng_for(seed, d_webinar, slot);
    Webinar w;
    w.id = kMeetingIdBase + static_cast<std::int64_t>(slot) * kIdStride +
           static_cast<std::int64_t>(rng.below(kIdStride));
    w.uuid = uuid24(seed, d_webinar_uuid, slot, rng);
    w.host_index = ui;
    w.slot = slot;
    // Every 4th, from the second, is recurring with no fixed time (type 6: no
    // registration); every 4th, from the fourth, recurring with a fixed time (9).
    w.type = k % 4 == 1 ? 6 : k % 4 == 3 ? 9 : 5;
    w.start_time = now_s + days(rng.below(60)) - days(30) + minutes(15 * rng.below(96));
    json::object o;
    o["uuid"] = w.uuid;
    o["id"] = w.id;
    o["host_id"] = user(ui, 0).id;
    o["topic"] = "Webinar " + std::to_string(slot + 1);
    o["type"] = w.type;
    o["start_time"] = iso8601(w.start_time);
    o["duration"] = 60;
    o["timezone"] = "UTC";
    o["created_at"] = iso8601(w.start_time - days(10));
    o["join_url"] = "https://sim.zoom.example/w/" + std::to_string(w.id);
    o["agenda"] = "";
    o["is_simulive"] = false;
    w.json_list = ser(o);
    return w;
  }
};

template <class T>
const T* keep(T v) {
  thread_local std::deque<T> ring;
  ring.push_back(std::move(v));
  if (ring.size() > 512) ring.pop_front();
  return &ring.back();
}

}  // namespace

std::size_t Dataset::user_count() const {
  return static_cast<std::size_t>(std::max(1, sizes.users));
}

const char* Dataset::status_of(std::size_t i) const { return status_at(i); }

namespace {
// status_at() repeats every 10 indices: these residues hold each status.
std::string_view residues(std::string_view status) {
  if (status == "active") return {"\x00\x01\x02\x03\x04\x05\x06\x07", 8};
  if (status == "pending") return {"\x08", 1};
  if (status == "inactive") return {"\x09", 1};
  return {};
}
}  // namespace

std::size_t Dataset::count_with_status(std::string_view status) const {
  const auto r = residues(status);
  const auto n = user_count();
  std::size_t c = (n / 10) * r.size();
  for (char x : r) c += static_cast<std::size_t>(x) < n % 10;
  return c;
}

std::size_t Dataset::index_with_status(std::string_view status, std::size_t position) const {
  const auto r = residues(status);
  return (position / r.size()) * 10 + static_cast<std::size_t>(r[position % r.size()]);
}

std::string Dataset::user_list_json(std::size_t i) const {
  return lazy ? Gen(*this).user(i, 1).json_list : users.at(i).json_list;
}

User Dataset::user_at(std::size_t i) const { return lazy ? Gen(*this).user(i) : users.at(i); }

const User* Dataset::user_ptr(std::size_t i) const {
  if (i >= user_count()) return nullptr;
  return lazy ? keep(Gen(*this).user(i)) : &users[i];
}

void Dataset::visit_meetings(std::size_t ui, const std::function<void(const Meeting&)>& f,
                             bool with_json) const {
  if (!lazy) {
    for (auto mi : users.at(ui).meetings) f(meetings[mi]);
    return;
  }
  const Gen g(*this);
  for (int k = 0; k < g.mpu; ++k)
    if (auto m = g.meeting(ui, k, with_json)) f(*m);
}

std::vector<Meeting> Dataset::meetings_of(std::size_t ui) const {
  std::vector<Meeting> out;
  visit_meetings(ui, [&](const Meeting& m) { out.push_back(m); });
  return out;
}

std::vector<Webinar> Dataset::webinars_of(std::size_t ui) const {
  std::vector<Webinar> out;
  if (!lazy) {
    for (auto wi : users.at(ui).webinars) out.push_back(webinars[wi]);
    return out;
  }
  const Gen g(*this);
  for (int k = 0; k < g.wpu; ++k)
    if (auto w = g.webinar(ui, k)) out.push_back(std::move(*w));
  return out;
}

std::vector<Participant> Dataset::participants_of(const Meeting& m) const {
  if (lazy) return Gen(*this).participants(m);
  std::vector<Participant> out;
  for (auto pi : m.participants) out.push_back(participants[pi]);
  return out;
}

const User* Dataset::find_user(std::string_view id_or_email) const {
  if (!lazy) {
    auto it = user_by_key.find(std::string(id_or_email));
    if (it == user_by_key.end()) it = user_by_key.find(util::lower(id_or_email));
    return it == user_by_key.end() ? nullptr : &users[it->second];
  }
  const std::string low = util::lower(id_or_email);
  for (const std::string_view key : {id_or_email, std::string_view(low)}) {
    if (const auto i = id22_index(seed, d_user, key); i && *i < user_count()) {
      const User* u = user_ptr(*i);
      if (u->id == key) return u;
    }
  }
  // e-mails end ".<index>@sim.example.com"
  const auto at = low.rfind('@');
  const auto dot = at == std::string::npos ? std::string::npos : low.rfind('.', at);
  if (dot == std::string::npos || at - dot < 2 || at - dot > 12) return nullptr;
  std::size_t i = 0;
  for (auto c : std::string_view(low).substr(dot + 1, at - dot - 1)) {
    if (c < '0' || c > '9') return nullptr;
    i = i * 10 + static_cast<std::size_t>(c - '0');
  }
  if (i >= user_count()) return nullptr;
  const User* u = user_ptr(i);
  return u->email == low ? u : nullptr;
}

const User* Dataset::find_user_by_pmi(std::int64_t pmi) const {
  if (pmi < kPmiBase) return nullptr;
  const User* u = user_ptr(static_cast<std::size_t>((pmi - kPmiBase) / kIdStride));
  return u && u->pmi == pmi ? u : nullptr;
}

const Meeting* Dataset::find_meeting_by_uuid(std::string_view uuid) const {
  if (!lazy) {
    const auto it = meeting_by_uuid.find(std::string(uuid));
    return it == meeting_by_uuid.end() ? nullptr : &meetings[it->second];
  }
  const Gen g(*this);
  const auto slot = uuid_index(seed, d_meeting_uuid, uuid);
  if (!slot || g.slots() == 0 || *slot / g.slots() >= g.n) return nullptr;
  const auto k = static_cast<int>(*slot % g.slots());
  if (k >= g.mpu) return nullptr;
  auto m = g.meeting(static_cast<std::size_t>(*slot / g.slots()), k);
  return m && m->uuid == uuid ? keep(std::move(*m)) : nullptr;
}

const Meeting* Dataset::find_meeting_by_id(std::int64_t id) const {
  if (!lazy) {
    const auto it = meeting_by_id.find(id);
    return it == meeting_by_id.end() ? nullptr : &meetings[it->second];
  }
  const Gen g(*this);
  const auto slot = g.slot_of(id);
  if (!slot) return nullptr;
  const auto k = static_cast<int>(*slot % g.slots());
  if (k >= g.mpu) return nullptr;
  auto m = g.meeting(static_cast<std::size_t>(*slot / g.slots()), k);
  return m && m->id == id ? keep(std::move(*m)) : nullptr;
}

const Webinar* Dataset::find_webinar_by_id(std::int64_t id) const {
  if (!lazy) {
    const auto it = webinar_by_id.find(id);
    return it == webinar_by_id.end() ? nullptr : &webinars[it->second];
  }
  const Gen g(*this);
  const auto slot = g.slot_of(id);
  if (!slot) return nullptr;
  const auto k = static_cast<int>(*slot % g.slots());
  if (k < g.mpu) return nullptr;
  auto w = g.webinar(static_cast<std::size_t>(*slot / g.slots()), k - g.mpu);
  return w && w->id == id ? keep(std::move(*w)) : nullptr;
}

const Webinar* Dataset::find_webinar_by_uuid(std::string_view uuid) const {
  const Gen g(*this);
  const auto slot = uuid_index(seed, d_webinar_uuid, uuid);
  if (!slot || g.slots() == 0 || *slot / g.slots() >= g.n) return nullptr;
  const auto k = static_cast<int>(*slot % g.slots());
  if (k < g.mpu) return nullptr;
  auto w = g.webinar(static_cast<std::size_t>(*slot / g.slots()), k - g.mpu);
  return w && w->uuid == uuid ? keep(std::move(*w)) : nullptr;
}

Dataset generate_dataset(std::uint64_t seed, const DataSizes& sz, sys_days today,
                         std::optional<bool> lazy) {
  Dataset ds;
  ds.today = today;
  ds.seed = seed;
  ds.sizes = sz;
  const auto nusers = ds.user_count();
  ds.lazy = lazy.value_or(static_cast<long long>(nusers) > sz.eager_max_users);

  // ---- groups (always stored; users are spread over them round-robin)
  const auto ngroups = static_cast<std::size_t>(std::max(0, sz.groups));
  for (std::size_t g = 0; g < ngroups; ++g) {
    auto rng = rng_for(seed, d_group, g);
    Group grp;
    grp.id = id22(seed, d_group, g, rng);
    grp.name = std::string(kDepts[g % kDepts.size()]) + " " + std::to_string(g + 1);
    grp.total_members = static_cast<int>(g < nusers ? (nusers - g + ngroups - 1) / ngroups : 0);
    json::object o;
    o["id"] = grp.id;
    o["name"] = grp.name;
    o["total_members"] = grp.total_members;
    grp.json_list = ser(o);
    ds.groups.push_back(std::move(grp));
  }
  const Gen gen(ds);

  if (!ds.lazy) {
    ds.users.reserve(nusers);
    for (std::size_t i = 0; i < nusers; ++i) {
      ds.users.push_back(gen.user(i));
      ds.user_by_key.emplace(ds.users[i].id, i);
      ds.user_by_key.emplace(util::lower(ds.users[i].email), i);
    }
    for (std::size_t ui = 0; ui < nusers; ++ui) {
      User& u = ds.users[ui];
      for (int k = 0; k < gen.mpu; ++k) {
        auto m = gen.meeting(ui, k);
        if (!m) continue;
        const std::size_t mi = ds.meetings.size();
        for (auto& p : gen.participants(*m)) {
          p.meeting_index = mi;
          m->participants.push_back(ds.participants.size());
          ds.participants.push_back(std::move(p));
        }
        u.meetings.push_back(mi);
        ds.meeting_by_uuid.emplace(m->uuid, mi);
        ds.meeting_by_id.emplace(m->id, mi);
        ds.meetings.push_back(std::move(*m));
      }
      for (int k = 0; k < gen.wpu; ++k) {
        auto w = gen.webinar(ui, k);
        if (!w) continue;
        u.webinars.push_back(ds.webinars.size());
        ds.webinar_by_id.emplace(w->id, ds.webinars.size());
        ds.webinars.push_back(std::move(*w));
      }
    }
  }

  // ---- phone users (the first N active users) and call logs (always stored)
  int phone_left = std::max(0, sz.phone_users);
  const auto ncalls = static_cast<std::size_t>(std::max(0, sz.call_logs_per_phone_user));
  for (std::size_t ui = 0; ui < nusers && phone_left > 0; ++ui) {
    if (std::string_view(status_at(ui)) != "active") continue;
    --phone_left;
    const User u = gen.user(ui, 0);
    const std::size_t pi = ds.phone_users.size();
    auto rng = rng_for(seed, d_phone_rng, pi);
    PhoneUser pu;
    pu.id = id22(seed, d_phone_user, pi, rng);
    pu.user_index = ui;
    pu.email = u.email;
    const int ext = 1000 + static_cast<int>(pi);
    json::object o;
    o["id"] = pu.id;
    o["phone_user_id"] = pu.id;
    o["user_id"] = u.id;
    o["name"] = u.display_name;
    o["email"] = u.email;
    o["extension_number"] = ext;
    o["status"] = "activate";
    o["department"] = u.dept;
    o["cost_center"] = "";
    o["site"] = json::object{{"id", "site-main"}, {"name", "Main Site"}};
    o["calling_plans"] = json::array{json::object{{"type", 200}, {"name", "US/CA Unlimited"}}};
    o["phone_numbers"] = json::array{
        json::object{{"id", hex_id(rng, 22)}, {"number", "+1555" + std::to_string(1000000 + ext)}}};
    pu.json_list = ser(o);
    ds.phone_users.push_back(std::move(pu));

    for (std::size_t c = 0; c < ncalls; ++c) {
      const std::uint64_t ci = pi * ncalls + c;
      auto crng = rng_for(seed, d_call_rng, ci);
      CallLog cl;
      cl.phone_user_index = pi;
      cl.id = hex_uuid(seed, d_call_log, ci, crng);
      cl.start_time = gen.now_s - days(1 + crng.below(static_cast<std::uint64_t>(gen.hist - 1))) +
                      seconds(crng.below(86400));
      const auto dur = static_cast<int>(crng.below(1800));
      const bool outbound = crng.below(2) == 0;
      json::object o2;
      o2["id"] = cl.id;
      o2["call_id"] = std::to_string(7000000000000000000ULL + crng.below(1000000000000ULL));
      o2["direction"] = outbound ? "outbound" : "inbound";
      o2["international"] = false;
      o2["start_time"] = iso8601(cl.start_time);
      o2["answer_time"] = iso8601(cl.start_time + seconds(5));
      o2["end_time"] = iso8601(cl.start_time + seconds(5 + dur));
      o2["duration"] = dur;
      o2["connect_type"] = "internal";
      o2["call_type"] = "general";
      o2["call_result"] = "answered";
      o2["caller_ext_number"] = std::to_string(ext);
      o2["caller_name"] = u.display_name;
      o2["caller_email"] = u.email;
      o2["callee_did_number"] = "+1555" + std::to_string(2000000 + crng.below(999999));
      o2["callee_name"] = "External";
      o2["user_id"] = u.id;
      cl.json_list = ser(o2);
      ds.call_logs.push_back(std::move(cl));
    }
  }
  return ds;
}

}  // namespace zoom_sim
