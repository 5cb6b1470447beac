#include "write/member_batches.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <set>
#include <unordered_map>

namespace zc::write {

namespace json = boost::json;

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string member_key(const MemberRecord& r) {
  return r.id.empty() ? "email:" + lower(r.email) : "id:" + r.id;
}

std::string body_of(const std::vector<MemberRecord>& records, const std::vector<std::size_t>& idx) {
  json::array members;
  for (auto i : idx) {
    const auto& r = records[i];
    if (!r.id.empty())
      members.push_back(json::object{{"id", r.id}});
    else
      members.push_back(json::object{{"email", r.email}});
  }
  return json::serialize(json::object{{"members", std::move(members)}});
}

}  // namespace

std::vector<MemberBatch> batch_members(const std::vector<MemberRecord>& records,
                                       std::size_t per_call) {
  per_call = std::max<std::size_t>(1, per_call);
  std::vector<MemberBatch> out;
  std::unordered_map<std::string, std::size_t> open;  // group -> its batch being filled
  for (std::size_t i = 0; i < records.size(); ++i) {
    const auto& g = records[i].group_id;
    auto it = open.find(g);
    if (it == open.end() || out[it->second].records.size() >= per_call) {
      out.push_back(MemberBatch{g, {}, {}});
      it = open.insert_or_assign(g, out.size() - 1).first;
    }
    out[it->second].records.push_back(i);
  }
  for (auto& b : out) b.body = body_of(records, b.records);
  return out;
}

std::vector<MemberResult> map_member_answer(const MemberBatch& batch,
                                            const std::vector<MemberRecord>& records,
                                            std::string_view ids) {
  std::set<std::string, std::less<>> listed;
  while (!ids.empty()) {
    const auto comma = ids.find(',');
    auto part = ids.substr(0, comma);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
    if (!part.empty()) listed.emplace(part);
    if (comma == std::string_view::npos) break;
    ids.remove_prefix(comma + 1);
  }
  std::set<std::string> distinct;
  for (auto i : batch.records) distinct.insert(member_key(records[i]));
  const bool all_listed = listed.size() >= distinct.size();
  std::vector<MemberResult> out;
  out.reserve(batch.records.size());
  for (auto i : batch.records) {
    const auto& r = records[i];
    if (!r.id.empty())
      out.push_back(listed.contains(r.id) ? MemberResult::added : MemberResult::not_added);
    else
      out.push_back(all_listed ? MemberResult::added : MemberResult::check);
  }
  return out;
}

}  // namespace zc::write
