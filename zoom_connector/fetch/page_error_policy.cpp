#include "fetch/page_error_policy.hpp"

#include "core/zoom_codes.hpp"

namespace zc::fetch {

using namespace zoom_code;

namespace {

// A deleted meeting, an unlicensed user, a user gone since the listing: one
// partition's problem, not the fetch's (docs/zoom_api_facts.md section 6).
// Zoom's API reference gives code 200 ("Webinar plan is missing") for a user's
// webinars where the facts record 3161: both mean this user lacks the licence.
bool skips_partition(const Error& error) {
  return error.remote_code == meeting_not_found || error.remote_code == user_not_licensed ||
         error.remote_code == no_permission || error.remote_code == user_not_found ||
         error.remote_code == registration_not_enabled ||
         error.remote_code == record_unavailable || error.http_status == 404;
}

bool fatal(const Error& error) {
  return error.status == Status::auth_failed || error.status == Status::permission_denied ||
         error.status == Status::rate_limited || error.status == Status::cancelled ||
         error.status == Status::invalid_argument;
}

}  // namespace

void note_walk_progress(const Error& error, Partition& partition) {
  if (error.remote_code != invalid_field || partition.page_token.empty()) return;
  const std::size_t reached = partition.seen_tokens.size();
  if (reached > partition.furthest_pages) {
    partition.furthest_pages = reached;
    partition.restarts = 0;
  }
}

PageErrorAction page_error_action(const Error& error, const Partition& partition) {
  // Zoom's next_page_token lasts 15 minutes; code 300 says it expired
  // (docs/zoom_api_facts.md section 4).
  if (error.remote_code == invalid_field && !partition.page_token.empty() &&
      partition.restarts < k_max_restarts) {
    return PageErrorAction::restart_walk;
  }
  if (error.status == Status::cancelled) return PageErrorAction::fail_fetch;
  if (!partition.parent_id.empty() && skips_partition(error)) {
    return PageErrorAction::skip_partition;
  }
  if (fatal(error)) return PageErrorAction::fail_fetch;
  return PageErrorAction::fail_partition;
}

std::string_view skip_reason(const Error& error, const Partition& partition) {
  // The kind of record the partition hangs off, as its parent stream names
  // its children ("user", "meeting").
  const StreamDef* parent = partition.stream ? find_stream(partition.stream->parent) : nullptr;
  const std::string_view label = parent ? parent->child_label : std::string_view();
  if (error.remote_code == meeting_not_found) return k_skip_meeting_gone;
  if (error.remote_code == registration_not_enabled) return k_skip_no_registration;
  if (error.remote_code == record_unavailable) {
    const bool no_summary =
        partition.stream && partition.stream->unavailable_means == UnavailableMeans::no_summary;
    return no_summary ? k_skip_no_summary : k_skip_past_retention;
  }
  if (error.remote_code == user_not_found) return k_skip_user_gone;
  if (error.remote_code == user_not_licensed || error.remote_code == no_permission)
    return label == "user" ? k_skip_user_unlicensed : k_skip_not_permitted;
  return label == "user"      ? k_skip_user_gone
         : label == "meeting" ? k_skip_meeting_gone
                              : k_skip_parent_gone;
}

}  // namespace zc::fetch
