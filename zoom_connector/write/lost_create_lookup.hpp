// Finding a record Zoom may already hold, by its natural key, before a
// create is sent again: after its answer was lost, or in the first batch of a
// resumed job. Reads the catalog's lookup (a user by e-mail, a registrant by
// e-mail, a meeting or webinar among its host's upcoming ones by topic and
// start_time), page by page with its own pager, bounded. Also the GET every
// lookup makes: retried on 5xx and lost answers, never a write.
#pragma once

#include <boost/json/object.hpp>
#include <chrono>
#include <optional>
#include <string>

#include "core/error.hpp"
#include "core/retrying_caller.hpp"
#include "write/write_catalog.hpp"

namespace zc::write {

// A GET made for a write (a lookup, a meeting's host): made again on a 5xx
// or a lost answer. The attempt holds the last answer, or why none came.
CallResult read_for_write(RetryingCaller& caller, RateCategory category, const std::string& target);

class LostCreateLookup {
 public:
  // `max_pages`: pages read per query before the check gives up.
  LostCreateLookup(RetryingCaller& caller, RateCategory category, std::size_t max_pages)
      : caller_(caller), category_(category), max_pages_(max_pages) {}

  // Found: its id (may be empty); nullopt: not there; an error: could not
  // check. Items created before `not_before` do not count (they were there
  // before this write).
  Result<std::optional<std::string>> find(
      const Lookup& lookup, const boost::json::object& record,
      std::optional<std::chrono::sys_seconds> not_before = std::nullopt);

 private:
  RetryingCaller& caller_;
  RateCategory category_;
  std::size_t max_pages_;
};

// What to check by hand for a record whose create may have happened.
std::string check_text(const OperationSpec& op);

}  // namespace zc::write
