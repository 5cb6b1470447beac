// Faults that change the shape of an answer the way Zoom has been seen to
// (docs/zoom_sim.md, "Faults"): the list key missing or null, a null
// next_page_token, an empty 200, numbers as strings, unknown fields, a 204,
// gzip cut short. Applied to the answer the endpoint gave.
#pragma once

#include "impl.hpp"

namespace zoom_sim {

// True for the kinds apply_shape_fault handles.
bool is_shape_fault(FaultKind kind);
// Changes `out` (a successful JSON answer; others are left alone except by
// the kinds that replace the whole answer: empty_200, no_content_204).
void apply_shape_fault(FaultKind kind, Outcome& out);

}  // namespace zoom_sim
