#include "event_cli.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <stdexcept>

namespace zoom_sim::cli {

const char* const kEventHelp = R"(
Events (docs/zoom_sim.md "Events"; every applied write publishes Zoom's event):
  --websocket               serve GET /ws?subscriptionId=ID&access_token=TOKEN
  --subscription-id ID      a subscription id (repeatable; default sim-subscription-id)
  --heartbeat-timeout SEC   close a connection without a heartbeat for SEC (default 90)
  --webhook-url URL         POST every event here (http:// or https://), the
                            endpoint.url_validation challenge first
  --webhook-secret S        the secret token that signs them (visible in ps: prefer
  --webhook-secret-file F   the first line of F)
  --webhook-ca FILE         CA bundle for an https:// webhook URL
  --time-scale X            divide Zoom's schedules (webhook retries 5/20/60 min, the
                            activity interval, heartbeat timeout, drop interval) by X
  --max-queued-events N     per connection and for webhooks (default 10000)
  --recent-events N         kept for GET /_sim/events (default 1000)
Activity generator (deterministic from --seed):
  --activity-per-minute N   changes per simulated minute (default 0: none)
  --activity-crud-share X   share of creates/updates/deletes (default 0.3)
  --max-live-meetings N     meetings in progress at once (default 8)
  --no-phone-activity       no completed phone calls
Event delivery faults (seeded):
  --event-fault-seed N      (default 7)
  --ws-drop-every SEC       drop each WebSocket connection SEC after it opened
  --ws-drop-probability P   per event: drop the connection instead of sending it
  --webhook-failure-probability P   per attempt: fail it (then Zoom's retries)
  --duplicate-probability P per delivery: send it twice
  --reorder-probability P   per delivery: hold it back behind the next one
  --reorder-hold-ms N       at most this long (default 500)
)";

namespace {

double number(const std::string& arg, const std::string& v) {
  try {
    std::size_t pos = 0;
    const double d = std::stod(v, &pos);
    if (pos == v.size() && d >= 0) return d;
  } catch (...) {
  }
  throw std::invalid_argument("bad number for " + arg + ": " + v);
}

double probability(const std::string& arg, const std::string& v) {
  const double p = number(arg, v);
  if (p > 1) throw std::invalid_argument(arg + " must be between 0 and 1");
  return p;
}

std::string first_line_of(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) throw std::invalid_argument("cannot read --webhook-secret-file " + path);
  std::string s;
  char buf[512];
  ssize_t n = 0;
  while (s.size() < 4096 && (n = ::read(fd, buf, sizeof buf)) > 0)
    s.append(buf, static_cast<std::size_t>(n));
  ::close(fd);
  s = s.substr(0, s.find_first_of("\r\n"));
  if (s.empty()) throw std::invalid_argument("--webhook-secret-file " + path + " is empty");
  return s;
}

}  // namespace

bool parse_event_option(const std::string& a, const std::function<std::string()>& value,
                        Options& opt) {
  auto& ev = opt.events;
  auto& f = ev.faults;
  auto count = [&] { return static_cast<std::size_t>(number(a, value())); };
  static bool default_ids = true;
  if (a == "--websocket") {
    ev.websocket = true;
  } else if (a == "--subscription-id") {
    if (default_ids) ev.subscription_ids.clear();
    default_ids = false;
    ev.subscription_ids.push_back(value());
  } else if (a == "--heartbeat-timeout") {
    ev.heartbeat_timeout = std::chrono::seconds(count());
  } else if (a == "--webhook-url") {
    ev.webhook_url = value();
  } else if (a == "--webhook-secret") {
    ev.webhook_secret = value();
  } else if (a == "--webhook-secret-file") {
    ev.webhook_secret = first_line_of(value());
  } else if (a == "--webhook-ca") {
    ev.webhook_ca_file = value();
  } else if (a == "--time-scale") {
    ev.time_scale = number(a, value());
    if (ev.time_scale <= 0) throw std::invalid_argument("--time-scale must be above 0");
  } else if (a == "--max-queued-events") {
    ev.max_queued_events = count();
  } else if (a == "--recent-events") {
    ev.recent_events = count();
  } else if (a == "--activity-per-minute") {
    opt.activity.per_minute = number(a, value());
  } else if (a == "--activity-crud-share") {
    opt.activity.crud_share = probability(a, value());
  } else if (a == "--max-live-meetings") {
    opt.activity.max_live_meetings = static_cast<int>(count());
  } else if (a == "--no-phone-activity") {
    opt.activity.phone_calls = false;
  } else if (a == "--event-fault-seed") {
    f.seed = static_cast<std::uint64_t>(count());
  } else if (a == "--ws-drop-every") {
    f.ws_drop_every = std::chrono::seconds(count());
  } else if (a == "--ws-drop-probability") {
    f.ws_drop_probability = probability(a, value());
  } else if (a == "--webhook-failure-probability") {
    f.webhook_failure_probability = probability(a, value());
  } else if (a == "--duplicate-probability") {
    f.duplicate_probability = probability(a, value());
  } else if (a == "--reorder-probability") {
    f.reorder_probability = probability(a, value());
  } else if (a == "--reorder-hold-ms") {
    f.reorder_hold = std::chrono::milliseconds(count());
  } else {
    return false;
  }
  return true;
}

}  // namespace zoom_sim::cli
