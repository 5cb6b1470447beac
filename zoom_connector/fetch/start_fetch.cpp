#include "fetch/start_fetch.hpp"

#include <spdlog/logger.h>

#include "core/json_input.hpp"
#include "core/stream_scopes.hpp"
#include "fetch/frontier.hpp"
#include "fetch/partition_planner.hpp"

namespace zc::fetch {

Result<std::unique_ptr<FetchStream>> start_fetch(const FetchContext& context,
                                                 std::string_view request_json,
                                                 FetchSettings settings) {
  auto request = parse_fetch_request(request_json, settings.today());
  if (!request) return std::unexpected(request.error());

  FetchState state(context.owner);
  if (request->state) {
    auto loaded = FetchState::load(*request->state, context.owner);
    if (!loaded) return std::unexpected(loaded.error());
    state = std::move(*loaded);
  }
  // Incremental: a windowed stream without explicit dates starts at its
  // cursor (the day an earlier complete fetch reached), within its history.
  for (auto& stream : request->streams) {
    if (!stream.range || stream.explicit_range) continue;
    if (const auto cursor = state.cursor(stream.name); cursor && *cursor <= stream.range->to) {
      stream.range->from = clamp_cursor(stream.name, *cursor, settings.today());
      if (stream.range->from != *cursor && context.logger) {
        context.logger->info(
            "the fetch state's cursor of {} ({}) is before the earliest day it may start; it "
            "starts at {}",
            stream.name, format_date(*cursor), format_date(stream.range->from));
      }
    }
  }

  // A frontier resumes only the plan it was found under (same streams, dates,
  // page size and options); another plan walks finished parents again.
  const bool had_frontier = state.loaded_frontier().has_value();
  auto raw = parse_json_object(request_json, "fetch request JSON");
  if (!raw) return std::unexpected(raw.error());
  if (!state.adopt_plan(plan_fingerprint(*request, *raw)) && had_frontier && context.logger) {
    context.logger->info(
        "the fetch state was taken under other streams, dates, page size or options: "
        "finished parents are listed again to find their unfinished children");
  }
  if (const auto& frontier = state.loaded_frontier()) {
    auto covered = check_frontier_covered(*frontier, PartitionPlanner(*request, settings.now));
    if (!covered) return std::unexpected(covered.error());
  }

  // Fail before the first record when a requested stream cannot be read:
  // name every missing scope, once.
  auto token = context.tokens.get();
  if (!token) return std::unexpected(token.error());
  std::string missing;
  for (const auto& stream : request->streams) {
    for (const auto& scope : missing_scopes_for_stream(stream.name, (*token)->scopes)) {
      missing += (missing.empty() ? "" : "; ") + stream.name + " needs " + scope;
    }
  }
  if (!missing.empty()) {
    return fail(Status::permission_denied,
                "the app's token lacks scopes for the requested streams: " + missing +
                    ". Add them on the app's Scopes page in the Zoom App Marketplace, or fetch "
                    "fewer streams.");
  }
  // Pruning by the active-hosts report needs the report's scopes; without
  // them every parent is walked, and the summary says so.
  if (request->active_hosts_only) {
    for (const StreamDef& row : stream_table()) {
      if (row.active_hosts_report.empty() || !request->active_hosts_off.empty()) continue;
      std::string lacks;
      for (const auto& scope :
           missing_scopes_for_stream(row.active_hosts_report, (*token)->scopes)) {
        lacks += (lacks.empty() ? "" : "; ") + scope;
      }
      if (!lacks.empty()) {
        request->active_hosts_off = "the token lacks " + lacks +
                                    ", which Zoom's active-hosts report (" +
                                    std::string(row.active_hosts_report) + ") needs";
      }
    }
  }
  if (context.cancelled.load()) return fail(Status::cancelled, "cancelled");
  auto limiter =
      context.pacer != nullptr ? context.pacer->join(request->plan, request->rate_share) : nullptr;
  return std::make_unique<FetchRun>(context.api, context.cancelled, context.logger,
                                    context.redactor, std::move(*request), std::move(state),
                                    settings, std::move(limiter));
}

}  // namespace zc::fetch
