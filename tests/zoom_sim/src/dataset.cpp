#include "zoom_sim/dataset.hpp"

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <cstdio>
#include <unordered_set>

#include "util.hpp"

namespace zoom_sim {

using namespace std::chrono;
namespace json = boost::json;
using util::iso8601;

const User* Dataset::find_user(std::string_view id_or_email) const {
  auto it = user_by_key.find(std::string(id_or_email));
  if (it == user_by_key.end()) it = user_by_key.find(util::lower(id_or_email));
  return it == user_by_key.end() ? nullptr : &users[it->second];
}

const Meeting* Dataset::find_meeting_by_uuid(std::string_view uuid) const {
  const auto it = meeting_by_uuid.find(std::string(uuid));
  return it == meeting_by_uuid.end() ? nullptr : &meetings[it->second];
}

const Meeting* Dataset::find_meeting_by_id(std::int64_t id) const {
  const auto it = meeting_by_id.find(id);
  return it == meeting_by_id.end() ? nullptr : &meetings[it->second];
}

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

std::string id22(util::Rng& rng) {
  // base64url-like Zoom user ids ("KDcuGIm1QgePTO8WbOqwIQ").
  static constexpr char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string s(22, 'A');
  for (auto& c : s) c = a[rng.below(64)];
  return s;
}

std::string uuid24(util::Rng& rng) {
  std::string bytes(16, '\0');
  for (auto& b : bytes) b = static_cast<char>(rng.below(256));
  return util::base64_encode(bytes);  // 22 chars + "=="
}

std::string hex_id(util::Rng& rng, int n) {
  static constexpr char h[] = "0123456789abcdef";
  std::string s(static_cast<std::size_t>(n), '0');
  for (auto& c : s) c = h[rng.below(16)];
  return s;
}

// Every account sees the same generated data (see docs/zoom_sim.md).
constexpr const char* kAccountIdForData = "sim-account-id";

std::string ser(const json::object& o) { return json::serialize(o); }

}  // namespace

Dataset generate_dataset(std::uint64_t seed, const DataSizes& sz, sys_days today) {
  Dataset ds;
  ds.today = today;
  util::Rng rng(seed ^ 0x5A5A'1234'ABCD'0001ULL);
  const int nusers = std::max(1, sz.users);
  const int hist = std::max(2, sz.history_days);
  const sys_seconds now_s = sys_seconds{today};  // midnight of "today"
  std::unordered_set<std::string> used;
  auto unique = [&](auto gen) {
    for (;;) {
      auto s = gen();
      if (used.insert(s).second) return s;
    }
  };

  // ---- groups
  for (int g = 0; g < std::max(0, sz.groups); ++g) {
    Group grp;
    grp.id = unique([&] { return id22(rng); });
    grp.name = std::string(kDepts[static_cast<std::size_t>(g) % kDepts.size()]) + " " +
               std::to_string(g + 1);
    ds.groups.push_back(std::move(grp));
  }

  // ---- users
  ds.users.reserve(static_cast<std::size_t>(nusers));
  for (int i = 0; i < nusers; ++i) {
    User u;
    u.id = unique([&] { return id22(rng); });
    u.first_name = kFirst[rng.below(kFirst.size())];
    u.last_name = kLast[rng.below(kLast.size())];
    u.display_name = u.first_name + " " + u.last_name;
    u.email = util::lower(u.first_name + "." + u.last_name + "." + std::to_string(i)) +
              "@sim.example.com";
    u.type = (i % 4 == 3) ? 1 : 2;
    u.status =
        i == 0 ? "active" : (i % 10 == 9 ? "inactive" : (i % 10 == 8 ? "pending" : "active"));
    u.role_id = i == 0 ? "0" : (i % 7 == 1 ? "1" : "2");
    u.dept = kDepts[rng.below(kDepts.size())];
    const int every = sz.unlicensed_webinar_every;
    u.webinar_licensed = !(i > 0 && every > 0 && i % every == every - 1);
    u.hosts = user_hosts(seed, sz, static_cast<std::size_t>(i));
    u.pmi = 3000000000LL + static_cast<std::int64_t>(i) * 7919 +
            static_cast<std::int64_t>(rng.below(7919));
    u.created_at = now_s - days(400 + rng.below(1000)) + seconds(rng.below(86400));
    u.last_login_time = now_s - days(1 + rng.below(30)) + seconds(rng.below(86400));
    if (!ds.groups.empty())
      u.group_ids.push_back(ds.groups[static_cast<std::size_t>(i) % ds.groups.size()].id);
    const char* tz = kZones[rng.below(kZones.size())];
    const char* lang = kLangs[rng.below(kLangs.size())];

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
    o["account_id"] = kAccountIdForData;
    o["account_number"] = 10000001;
    o["role_name"] = u.role_id == "0" ? "Owner" : (u.role_id == "1" ? "Admin" : "Member");
    o["use_pmi"] = false;
    o["personal_meeting_url"] = "https://sim.zoom.example/j/" + std::to_string(u.pmi);
    o["jid"] = util::lower(u.id) + "@xmpp.zoom.us";
    o["login_types"] = json::array{100};
    o["cluster"] = "us05";
    u.json_detail = ser(o);
    ds.users.push_back(std::move(u));
  }
  for (std::size_t i = 0; i < ds.users.size(); ++i) {
    ds.user_by_key.emplace(ds.users[i].id, i);
    ds.user_by_key.emplace(util::lower(ds.users[i].email), i);
    if (!ds.users[i].group_ids.empty()) ++ds.groups[i % ds.groups.size()].total_members;
  }
  for (auto& g : ds.groups) {
    json::object o;
    o["id"] = g.id;
    o["name"] = g.name;
    o["total_members"] = g.total_members;
    g.json_list = ser(o);
  }

  // ---- meetings, participants, recordings
  std::int64_t meeting_seq = 0;
  std::uint64_t participant_seq = 16778240;
  const int mpu = std::max(0, sz.meetings_per_user);
  for (std::size_t ui = 0; ui < ds.users.size(); ++ui) {
    User& u = ds.users[ui];
    int recordings_left = std::max(0, sz.recordings_per_user);
    for (int k = 0; k < mpu; ++k) {
      // A user outside the hosting share only has the upcoming ones.
      if (!u.hosts && k % 4 != 3) continue;
      Meeting m;
      const auto seq = meeting_seq++;
      m.id = 81000000000LL + seq * 7919 + static_cast<std::int64_t>(rng.below(7919));
      m.uuid = unique([&] {
        std::string s = uuid24(rng);
        // Some UUIDs need double encoding in a path (docs/zoom_api_facts.md §5).
        if (seq % 9 == 0) s[0] = '/';
        if (seq % 9 == 4) s[5] = s[6] = '/';
        return s;
      });
      m.host_index = ui;
      m.host_id = u.id;
      m.topic = std::string(kTopics[rng.below(kTopics.size())]) + " #" + std::to_string(seq + 1);
      m.type = (k % 5 == 4) ? 8 : 2;
      m.past = (k % 4) != 3;
      if (m.past)
        m.start_time = now_s - days(1 + rng.below(static_cast<std::uint64_t>(hist - 1))) +
                       minutes(15 * rng.below(96));
      else
        m.start_time = now_s + days(1 + rng.below(30)) + minutes(15 * rng.below(96));
      m.duration = static_cast<int>(15 + 15 * rng.below(8));
      const char* tz = kZones[rng.below(kZones.size())];
      const auto created = m.start_time - days(1 + rng.below(20));
      const std::string join_url = "https://sim.zoom.example/j/" + std::to_string(m.id);

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
      o["join_url"] = join_url;
      o["agenda"] = "";
      m.json_list = ser(o);

      const std::size_t mi = ds.meetings.size();
      if (m.past) {
        const int np = std::max(0, sz.participants_per_meeting);
        for (int p = 0; p < np; ++p) {
          Participant pt;
          pt.meeting_index = mi;
          pt.user_id = std::to_string(participant_seq++);
          const bool guest = (p % 3 == 2);
          if (guest) {
            pt.name = "Guest " + std::to_string(participant_seq % 1000);
            pt.user_email = "";
          } else {
            const auto& pu = ds.users[(ui + static_cast<std::size_t>(p)) % ds.users.size()];
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
          m.participants.push_back(ds.participants.size());
          ds.participants.push_back(std::move(pt));
        }
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
        r["total_minutes"] = m.duration * static_cast<int>(m.participants.size());
        r["participants_count"] = static_cast<int>(m.participants.size());
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
        d["participants"] = static_cast<int>(m.participants.size());
        d["has_pstn"] = false;
        d["has_voip"] = true;
        d["has_3rd_party_audio"] = false;
        d["has_video"] = true;
        d["has_screen_share"] = (seq % 2) == 0;
        d["has_recording"] = recordings_left > 0;
        d["has_sip"] = false;
        d["has_archiving"] = false;
        d["dept"] = u.dept;
        m.json_metrics = ser(d);

        if (recordings_left > 0) {
          --recordings_left;
          m.has_recording = true;
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
          for (const char* ft : {"MP4", "M4A"}) {
            const std::int64_t size = static_cast<std::int64_t>(1000000 + rng.below(50000000));
            total += size;
            const std::string fid = unique([&] {
              return hex_id(rng, 8) + "-" + hex_id(rng, 4) + "-" + hex_id(rng, 4) + "-" +
                     hex_id(rng, 4) + "-" + hex_id(rng, 12);
            });
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
          rec["total_size"] = total;
          rec["recording_count"] = static_cast<int>(files.size());
          rec["share_url"] = "https://sim.zoom.example/rec/share/" + std::to_string(m.id);
          rec["recording_files"] = std::move(files);
          m.json_recording = ser(rec);
        }
      }
      u.meetings.push_back(mi);
      ds.meeting_by_uuid.emplace(m.uuid, mi);
      ds.meeting_by_id.emplace(m.id, mi);
      ds.meetings.push_back(std::move(m));
    }

    // ---- webinars
    if (u.webinar_licensed) {
      for (int k = 0; k < std::max(0, sz.webinars_per_user); ++k) {
        Webinar w;
        const auto seq = meeting_seq++;
        w.id = 81000000000LL + seq * 7919 + static_cast<std::int64_t>(rng.below(7919));
        w.uuid = unique([&] { return uuid24(rng); });
        w.host_index = ui;
        w.start_time = now_s + days(rng.below(60)) - days(30) + minutes(15 * rng.below(96));
        json::object o;
        o["uuid"] = w.uuid;
        o["id"] = w.id;
        o["host_id"] = u.id;
        o["topic"] = "Webinar " + std::to_string(seq + 1);
        o["type"] = 5;
        o["start_time"] = iso8601(w.start_time);
        o["duration"] = 60;
        o["timezone"] = "UTC";
        o["created_at"] = iso8601(w.start_time - days(10));
        o["join_url"] = "https://sim.zoom.example/w/" + std::to_string(w.id);
        o["agenda"] = "";
        o["is_simulive"] = false;
        w.json_list = ser(o);
        u.webinars.push_back(ds.webinars.size());
        ds.webinars.push_back(std::move(w));
      }
    }
  }

  // ---- phone users and call logs
  int phone_left = std::max(0, sz.phone_users);
  for (std::size_t ui = 0; ui < ds.users.size() && phone_left > 0; ++ui) {
    const User& u = ds.users[ui];
    if (u.status != "active") continue;
    --phone_left;
    PhoneUser pu;
    pu.id = unique([&] { return id22(rng); });
    pu.user_index = ui;
    pu.email = u.email;
    const int ext = 1000 + static_cast<int>(ds.phone_users.size());
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
    const std::size_t pi = ds.phone_users.size();
    ds.phone_users.push_back(std::move(pu));

    for (int c = 0; c < std::max(0, sz.call_logs_per_phone_user); ++c) {
      CallLog cl;
      cl.phone_user_index = pi;
      cl.id = unique([&] {
        return hex_id(rng, 8) + "-" + hex_id(rng, 4) + "-" + hex_id(rng, 4) + "-" + hex_id(rng, 4) +
               "-" + hex_id(rng, 12);
      });
      cl.start_time = now_s - days(1 + rng.below(static_cast<std::uint64_t>(hist - 1))) +
                      seconds(rng.below(86400));
      const auto dur = static_cast<int>(rng.below(1800));
      const bool outbound = rng.below(2) == 0;
      json::object o2;
      o2["id"] = cl.id;
      o2["call_id"] = std::to_string(7000000000000000000ULL + rng.below(1000000000000ULL));
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
      o2["callee_did_number"] = "+1555" + std::to_string(2000000 + rng.below(999999));
      o2["callee_name"] = "External";
      o2["user_id"] = u.id;
      cl.json_list = ser(o2);
      ds.call_logs.push_back(std::move(cl));
    }
  }
  return ds;
}

}  // namespace zoom_sim
