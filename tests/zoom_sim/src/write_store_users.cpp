// GET /users over the write overlay, made row by row.
#include <algorithm>

#include "write_store.hpp"

namespace zoom_sim {

namespace json = boost::json;

// The dataset's users of `status` in index order, a changed one in its place
// while it keeps that status; then the written users who have it otherwise
// (created ones, changed ones whose status is new). Made row by row.
WriteStore::RowSource WriteStore::user_rows(const Dataset& ds, const std::string& status) const {
  const std::size_t base_count = ds.count_with_status(status);
  std::vector<std::size_t> removed;  // positions among the dataset's users of `status`
  std::vector<std::size_t> extra;    // indices into users_
  for (std::size_t k = 0; k < users_.size(); ++k) {
    const auto& w = users_[k];
    const bool listed = !w.deleted && w.status == status;
    if (w.base && ds.status_of(*w.base) == status) {
      if (listed) continue;  // in its place
      // Its position: index_with_status is increasing in the position.
      std::size_t lo = 0, hi = base_count;
      while (lo < hi) {
        const auto mid = lo + (hi - lo) / 2;
        if (ds.index_with_status(status, mid) < *w.base)
          lo = mid + 1;
        else
          hi = mid;
      }
      removed.push_back(lo);
    } else if (listed) {
      extra.push_back(k);
    }
  }
  std::sort(removed.begin(), removed.end());
  const std::size_t kept = base_count - removed.size();
  RowSource src;
  src.count = kept + extra.size();
  src.row = [this, &ds, status, kept, removed = std::move(removed),
             extra = std::move(extra)](std::size_t k) -> std::string {
    std::lock_guard lk(mu);
    if (k >= kept) return json::serialize(users_[extra[k - kept]].list);
    std::size_t p = k;
    for (auto r : removed) {
      if (r > p) break;
      ++p;
    }
    const auto i = ds.index_with_status(status, p);
    if (const auto it = user_by_base_.find(i); it != user_by_base_.end())
      return json::serialize(users_[it->second].list);
    return ds.user_list_json(i);
  };
  return src;
}

}  // namespace zoom_sim
