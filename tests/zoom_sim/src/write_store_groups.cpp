// The groups the activity generator creates, renames and deletes, and the
// meetings and webinars the writes created for a host.
#include <algorithm>

#include "write_store.hpp"

namespace zoom_sim {

namespace json = boost::json;

const Group& WriteStore::add_group(Group g) {
  created_groups_.push_back(std::move(g));
  const Group& added = created_groups_.back();
  group_by_id_[added.id] = &added;
  groups_[added.id];  // no dataset members to copy in
  return added;
}

std::string WriteStore::group_name(const Group& g) const {
  const auto it = groups_.find(g.id);
  return it != groups_.end() && it->second.name ? *it->second.name : g.name;
}

void WriteStore::delete_group(const Group& g) {
  auto& wg = touch_group(g);
  for (const auto& uid : wg.members) {
    const auto ref = find_user(uid);
    if (ref.gone()) continue;
    auto& u = touch_user(ref);
    if (auto* gids = u.list["group_ids"].if_array()) {
      json::array kept;
      for (const auto& v : *gids)
        if (!(v.is_string() && v.as_string() == g.id)) kept.push_back(v);
      *gids = std::move(kept);
    }
  }
  wg.members.clear();
  wg.deleted = true;
}

std::vector<std::size_t> WriteStore::created_events_of(const std::string& host_id) const {
  const auto it = created_by_host_.find(host_id);
  return it == created_by_host_.end() ? std::vector<std::size_t>{} : it->second;
}

}  // namespace zoom_sim
