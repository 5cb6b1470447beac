#include "traffic_log.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <cerrno>
#include <cstdlib>
#include <string_view>

#include "impl.hpp"

namespace zoom_sim {

namespace json = boost::json;

namespace {

// A body larger than this is logged as omitted: the log stays bounded and a
// cut body could not be checked anyway.
constexpr std::size_t kMaxLoggedBody = 512 * 1024;

bool secret_key(std::string_view key) {
  static constexpr std::string_view keys[] = {
      "password",          "encrypted_password", "h323_password", "pstn_password", "h323_passcode",
      "start_url",         "access_token",       "client_secret", "token",         "zak",
      "encrypted_passcode"};
  for (auto k : keys)
    if (key == k) return true;
  return false;
}

// Secret-like string values become as many '*': their length (which a rule
// may limit) survives, the value does not.
void redact(json::value& v) {
  if (auto* o = v.if_object()) {
    for (auto& kv : *o) {
      if (kv.value().is_string() && secret_key(kv.key()))
        kv.value() = json::string(kv.value().as_string().size(), '*');
      else
        redact(kv.value());
    }
  } else if (auto* a = v.if_array()) {
    for (auto& e : *a) redact(e);
  }
}

// The body as JSON (redacted), as a string when it is not JSON, or null when empty.
json::value body_value(const std::string& body) {
  if (body.empty()) return nullptr;
  boost::system::error_code ec;
  json::value v = json::parse(body, ec);
  if (ec) return json::string(body.substr(0, 4096));
  redact(v);
  return v;
}

}  // namespace

TrafficLog::TrafficLog(const std::string& file, std::size_t bodies_per_route)
    : bodies_per_route_(bodies_per_route) {
  std::string path = file;
  if (path.empty()) {
    const char* dir = std::getenv("ZOOM_SIM_TRAFFIC_LOG");
    if (dir == nullptr || *dir == '\0') return;
    path = std::string(dir) + "/zoom_sim-" + std::to_string(::getpid()) + ".jsonl";
  }
  fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
}

TrafficLog::~TrafficLog() {
  if (fd_ >= 0) ::close(fd_);
}

void TrafficLog::record(const HttpRequest& req, const HttpResponse& res,
                        const std::string& endpoint, const std::string& fault, bool reset) {
  if (fd_ < 0) return;
  const bool oauth = req.path == "/oauth/token";
  json::object line;
  line["method"] = req.method;
  line["path"] = req.path;
  line["query"] = util::redacted_query(req.query, secret_key);
  line["user_agent"] = req.user_agent.substr(0, 80);
  line["endpoint"] = endpoint;
  line["status"] = reset ? 0 : res.status;
  if (!fault.empty()) line["fault"] = fault;
  line["content_type"] = res.content_type;
  // The token endpoint is not part of the REST API rules, and its bodies hold credentials.
  if (!oauth) {
    if (req.body.size() <= kMaxLoggedBody)
      line["request_body"] = body_value(req.body);
    else
      line["request_body_omitted"] = true;
    bool keep = res.body.size() <= kMaxLoggedBody;
    if (keep) {
      std::lock_guard lk(mu_);
      auto& n = bodies_logged_[endpoint + " " + std::to_string(res.status)];
      keep = n < bodies_per_route_;
      if (keep) ++n;
    }
    if (keep)
      line["response_body"] = body_value(res.body);
    else
      line["response_body_omitted"] = true;
  }
  std::string text = json::serialize(line);
  text += '\n';
  // One write per line on an O_APPEND descriptor: lines of concurrent writers
  // (other threads, other simulator processes) do not interleave.
  std::size_t done = 0;
  while (done < text.size()) {
    const auto n = ::write(fd_, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    done += static_cast<std::size_t>(n);
  }
}

}  // namespace zoom_sim
