// The answers of the media reads (media_api.cpp); their records are in
// zoom_sim/media.hpp.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "impl.hpp"
#include "zoom_sim/media.hpp"

namespace zoom_sim {

// GET /meetings/{meetingUUID}/meeting_summary for the raw path segment.
HttpResponse meeting_summary_answer(const Simulator::Impl& sim, std::string_view raw_segment);
// The meeting a path segment names (UUID once or twice encoded as Zoom wants,
// or a numeric id), or nullptr; `shown` is the segment decoded once.
const Meeting* meeting_of_segment(const Dataset& ds, std::string_view raw, std::string& shown);

// A page of `rows` under `array_key` (phone lists: no page_count), with
// next_page_tokens bound to the account, the path and the query.
HttpResponse paged_list(Simulator::Impl& sim, const HttpRequest& req, const util::Params& params,
                        const std::string& account_id, TimePoint now_tp,
                        const std::vector<std::string>& rows, std::string_view array_key,
                        const std::string& prefix);

// A recordings page's transcript download_urls point at this simulator
// (`base_url` + "/rec/download/..."), whatever port it listens on.
void rewrite_download_urls(std::string_view endpoint, const std::string& base_url,
                           std::string& body);

}  // namespace zoom_sim
