// Internal: the records a create makes (a user, a meeting or webinar), shared by
// the write routes and the activity generator so both make them alike.
#pragma once

#include <boost/json.hpp>
#include <string>
#include <string_view>

#include "util.hpp"
#include "write_store.hpp"

namespace zoom_sim {

std::string random_alnum(util::Rng& rng, std::size_t n);

// A new user from POST /users's user_info and action (create → pending, else
// active), with a fresh id and PMI from the store. Not added to the store yet.
WrittenUser make_written_user(WriteStore& st, const boost::json::object& user_info,
                              std::string_view action, const std::string& account_id,
                              sys_seconds now, util::Rng& rng);

// A new meeting or webinar of `host` from a create body. Not added to the store yet.
WrittenEvent make_written_event(WriteStore& st, bool webinar, const WriteStore::UserRef& host,
                                const boost::json::object& body, sys_seconds now, util::Rng& rng);

// The fields a create or update may set on a meeting or webinar (an update's
// start_time in the past is ignored, as Zoom's reference says).
void apply_event_fields(WrittenEvent& e, const boost::json::object& body, bool update,
                        sys_seconds now);

}  // namespace zoom_sim
