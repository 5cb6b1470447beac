#include "fetch/run_summary.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

namespace zc::fetch {
namespace {

namespace json = boost::json;

json::array problems_json(const std::vector<PartitionProblem>& problems, std::string_view id_key) {
  json::array out;
  for (const auto& p : problems) {
    json::object problem{{"stream", p.stream},
                         {id_key, p.id},
                         {"code", p.code},
                         {"http_status", p.http_status},
                         {"message", p.message}};
    if (!p.reason.empty()) problem["reason"] = p.reason;
    out.push_back(std::move(problem));
  }
  return out;
}

}  // namespace

std::string run_summary_json(const FetchCounters& counters, const FetchRequest& request,
                             const RunFacts& facts) {
  json::object streams;
  for (const auto& [name, stream] : counters.streams) {
    if (!request.wants(name) && stream->requests == 0) continue;
    streams[name] = json::object{
        {"records", stream->records.load()},
        {"pages", stream->pages.load()},
        {"requests", stream->requests.load()},
        {"retries", stream->retries.load()},
        {"throttled", stream->throttled.load()},
        {"partitions_done", stream->partitions_done.load()},
        {"partitions_skipped", stream->partitions_skipped.load()},
        {"partitions_pruned", stream->partitions_pruned.load()},
        {"requested", request.wants(name)},
    };
  }
  json::object by_category;
  for (int i = 0; i < k_rate_category_count; ++i) {
    const auto count = counters.requests_by_category[static_cast<std::size_t>(i)].load();
    if (count > 0) by_category[category_name(static_cast<RateCategory>(i))] = count;
  }
  const char* status = facts.failed                      ? "failed"
                       : facts.running                   ? "running"
                       : facts.failed_partitions.empty() ? "ok"
                                                         : "incomplete";
  json::object summary{{"status", status},
                       {"elapsed_s", facts.elapsed_s},
                       {"streams", std::move(streams)},
                       {"requests_by_category", std::move(by_category)},
                       {"skipped_partitions", problems_json(facts.skipped, "id")},
                       {"failed_partitions", problems_json(facts.failed_partitions, "partition")}};
  if (facts.failed && !facts.error.empty()) summary["error"] = facts.error;
  if (facts.pruning) summary["pruning"] = *facts.pruning;
  return json::serialize(summary);
}

}  // namespace zc::fetch
