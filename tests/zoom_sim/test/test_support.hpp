// Shared helpers for the simulator's tests.
#pragma once

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "http_client.hpp"
#include "zoom_sim/simulator.hpp"

namespace zoom_sim::testing {

inline Options small_options() {
  Options o;
  o.sizes.users = 40;
  o.today = std::chrono::sys_days{std::chrono::year{2026} / 11 / 29};
  return o;
}

inline Headers bearer(const std::string& token) { return {{"Authorization", "Bearer " + token}}; }

// Walks every page of `path_and_query` (which must already contain '?'),
// returning the ids (value of `id_key`) of the records under `array_key`.
// Fails the test on a non-200 or a duplicate.
inline std::vector<std::string> walk_ids(HttpClient& c, const std::string& token,
                                         const std::string& path_and_query,
                                         const std::string& array_key, const std::string& id_key,
                                         int* pages = nullptr) {
  std::vector<std::string> ids;
  std::string npt;
  int n = 0;
  for (;;) {
    std::string target = path_and_query;
    if (!npt.empty()) target += "&next_page_token=" + pct(npt);
    auto r = c.get(target, bearer(token));
    EXPECT_EQ(r.status, 200) << target << " " << r.body;
    if (r.status != 200) break;
    ++n;
    auto v = r.json().as_object();
    for (auto& e : v.at(array_key).as_array()) {
      const auto& idv = e.as_object().at(id_key);
      ids.push_back(idv.is_string() ? std::string(idv.as_string())
                                    : std::to_string(idv.to_number<std::int64_t>()));
    }
    npt = std::string(v.at("next_page_token").as_string());
    if (npt.empty()) break;
    if (n > 100000) break;
  }
  std::set<std::string> uniq(ids.begin(), ids.end());
  EXPECT_EQ(uniq.size(), ids.size()) << "duplicates in " << path_and_query;
  if (pages) *pages = n;
  return ids;
}

}  // namespace zoom_sim::testing
