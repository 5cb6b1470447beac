// Internal: the request-body fields each write endpoint checks, from Zoom's
// published OpenAPI inventory (types, required, lengths, enums, ranges).
#pragma once

#include <vector>

#include "write_validate.hpp"

namespace zoom_sim::rules {

const std::vector<FieldRule>& user_create();
const std::vector<FieldRule>& user_update();
const std::vector<FieldRule>& meeting();  // create and update
const std::vector<FieldRule>& webinar();  // create and update
const std::vector<FieldRule>& meeting_registrant();
const std::vector<FieldRule>& webinar_registrant();
const std::vector<FieldRule>& group_members();

}  // namespace zoom_sim::rules
