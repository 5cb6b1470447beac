// The children of meetings and webinars (docs/zoom_api_facts.md, the streams of
// issue 23): registrants, polls and their results, registration questions,
// panelists, absentees, past participants, tracking sources, Q&A and the
// webinar reports. Every record derives from (seed, the meeting's or
// webinar's slot, its index), so lazy accounts serve them without storing
// anything. Shapes follow Zoom's published inventory (workplace/Meetings.json);
// where the simulator guesses, docs/zoom_sim.md says so.
#pragma once

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "impl.hpp"

namespace zoom_sim {

struct EventChildRoute {
  int kind;                               // which endpoint (event_children.cpp)
  std::vector<std::string_view> pattern;  // "{}" matches one segment
  const char* name;                       // for stats and the log
  Category category;
  const char* classic_scope;
  const char* granular_scope;
  const char* array_key;  // "" for an answer that is one object
  int page_max;           // 0: not paged (the whole list in one answer)
};

const std::vector<EventChildRoute>& event_child_routes();

// A paged endpoint's records (the caller pages them), or the whole answer
// (an unpaged list, one object, or an error).
using EventChildAnswer = std::variant<HttpResponse, std::vector<std::string>>;

EventChildAnswer event_child_answer(const Dataset& ds, const EventChildRoute& route,
                                    std::string_view raw_id, const util::Params& params,
                                    TimePoint now);

// The dataset's own registrants of a meeting (webinar = false) or webinar
// with `status` (approved, pending, denied), as GET .../registrants lists
// them; none when `id` names no dataset meeting or webinar.
std::vector<std::string> dataset_registrants(const Dataset& ds, std::int64_t id, bool webinar,
                                             std::string_view status);

}  // namespace zoom_sim
