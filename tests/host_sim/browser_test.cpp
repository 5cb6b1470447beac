// Browser test: headless Chromium, driven over the DevTools protocol (a
// Boost.Beast WebSocket; no npm), walks host_sim's web screen backed by the
// Zoom plugin and the Zoom simulator: adds a credential that validates, adds
// a second whose validation URL needs a scope the app lacks (the prefill is
// gone by then), selects the validated tile, sees which streams it may read,
// fetches two streams and sees progress, preview tables and the summary,
// starts a fetch that hangs on Zoom, stops host_sim in the middle of a
// request and sees an error with the buttons usable again, not a spinner.
// Each step leaves a screenshot next to SCREENSHOT.png (journey_*.png).
// With "write", the second journey: writing from the destination panel
// (run_write_journey; write_*.png).
//
// usage: host_sim_browser_test HOST_SIM ZOOM_SIM PLUGIN CHROMIUM SCREENSHOT.png [write]
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sodium.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace net = boost::asio;
namespace json = boost::json;
using tcp = net::ip::tcp;

// Zoom client secrets are 32 characters.
constexpr const char* k_client_secret = "sim-client-secret-0123456789abcd";

// A child process; killed (by its pid) when this goes away.
class Child {
 public:
  Child(const std::vector<std::string>& argv, bool capture_stdout, const std::string& log_file) {
    int pipe_fds[2] = {-1, -1};
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    if (capture_stdout) {
      if (::pipe(pipe_fds) != 0) throw std::runtime_error("pipe failed");
      posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
      posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
    } else {
      posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log_file.c_str(),
                                       O_WRONLY | O_CREAT | O_APPEND, 0600);
    }
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, log_file.c_str(),
                                     O_WRONLY | O_CREAT | O_APPEND, 0600);
    std::vector<char*> args;
    for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
    args.push_back(nullptr);
    const int rc = posix_spawnp(&pid_, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (capture_stdout) {
      ::close(pipe_fds[1]);
      out_ = pipe_fds[0];
    }
    if (rc != 0) throw std::runtime_error("cannot start " + argv[0]);
  }
  ~Child() {
    if (out_ >= 0) ::close(out_);
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      for (int i = 0; i < 50; ++i) {
        if (::waitpid(pid_, nullptr, WNOHANG) == pid_) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  void signal(int number) const {
    if (pid_ > 0) ::kill(pid_, number);
  }

  std::string first_line(std::chrono::seconds timeout) {
    std::string line;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      pollfd p{out_, POLLIN, 0};
      if (::poll(&p, 1, 200) <= 0) continue;
      char c = 0;
      if (::read(out_, &c, 1) != 1) break;
      if (c == '\n') return line;
      line += c;
    }
    throw std::runtime_error("no first line from a child process in time (got '" + line + "')");
  }

 private:
  pid_t pid_ = -1;
  int out_ = -1;
};

std::string http_get(unsigned short port, const std::string& target) {
  net::io_context io;
  tcp::socket socket(io);
  socket.connect({net::ip::make_address("127.0.0.1"), port});
  http::request<http::empty_body> request(http::verb::get, target, 11);
  request.set(http::field::host, "127.0.0.1:" + std::to_string(port));
  http::write(socket, request);
  beast::flat_buffer buffer;
  http::response<http::string_body> response;
  http::read(socket, buffer, response);
  return response.body();
}

class DevTools {
 public:
  DevTools(unsigned short port, const std::string& path) : ws_(io_) {
    ws_.next_layer().connect({net::ip::make_address("127.0.0.1"), port});
    ws_.handshake("127.0.0.1:" + std::to_string(port), path);
    ws_.read_message_max(64 * 1024 * 1024);
  }

  json::object call(const std::string& method, json::object params = {}) {
    const int id = ++next_id_;
    ws_.write(net::buffer(
        json::serialize(json::object{{"id", id}, {"method", method}, {"params", params}})));
    for (;;) {
      beast::flat_buffer buffer;
      ws_.read(buffer);
      const auto message = json::parse(beast::buffers_to_string(buffer.data())).as_object();
      if (const auto* got = message.if_contains("id");
          got && got->is_int64() && got->as_int64() == id) {
        if (message.contains("error")) {
          throw std::runtime_error(method + " failed: " + json::serialize(message.at("error")));
        }
        return message.at("result").as_object();
      }
    }
  }

  // Evaluates an async JS expression in the page; returns its value.
  json::value eval(const std::string& expression) {
    const auto result =
        call("Runtime.evaluate",
             {{"expression", expression}, {"awaitPromise", true}, {"returnByValue", true}});
    if (result.contains("exceptionDetails")) {
      throw std::runtime_error("page script failed: " +
                               json::serialize(result.at("exceptionDetails")));
    }
    const auto& value = result.at("result").as_object();
    return value.contains("value") ? value.at("value") : json::value(nullptr);
  }

  ~DevTools() {
    beast::error_code ec;
    ws_.close(websocket::close_code::normal, ec);
  }

 private:
  net::io_context io_;
  websocket::stream<tcp::socket> ws_;
  int next_id_ = 0;
};

std::string js_string(const std::string& text) { return json::serialize(json::value(text)); }

// Waits until `condition` (a JS expression) is truthy; returns its value.
json::value wait_for(DevTools& page, const std::string& condition, const std::string& what) {
  return page.eval(
      "new Promise((resolve, reject) => { const started = Date.now(); (function poll() {"
      " let v; try { v = (" +
      condition +
      "); } catch (e) { v = null; }"
      " if (v) resolve(v); else if (Date.now() - started > 20000) reject(new Error(" +
      js_string("timed out waiting for " + what) + ")); else setTimeout(poll, 100); })(); })");
}

// Adds a credential through the overlay; returns the description the form
// opened with (the prefill, or empty).
std::string add_credential(DevTools& page,
                           const std::vector<std::pair<std::string, std::string>>& fields) {
  wait_for(page, "document.getElementById('add-credential')", "the Add Credential tile");
  page.eval("document.getElementById('add-credential').click(); true");
  wait_for(page,
           "!document.getElementById('overlay').hidden && "
           "document.getElementById('field-credential_name')",
           "the Add New Credential overlay");
  const std::string opened_with(
      page.eval("document.getElementById('field-credential_description').value").as_string());
  for (const auto& [key, value] : fields) {
    page.eval("(() => { const e = document.getElementById(" + js_string("field-" + key) +
              "); if (!e) throw new Error('no field " + key + "'); e.value = " + js_string(value) +
              "; return true; })()");
  }
  page.eval("document.getElementById('save').click(); true");
  wait_for(page, "document.getElementById('overlay').hidden", "the overlay to close after Save");
  return opened_with;
}

void check(bool condition, const std::string& what) {
  if (!condition) throw std::runtime_error("check failed: " + what);
  std::cout << "ok: " << what << "\n";
}

// Saves the whole page (not just the window) as a PNG.
void screenshot(DevTools& page, const std::filesystem::path& file, bool whole_page = true) {
  const auto metrics = page.call("Page.getLayoutMetrics");
  const auto& size = metrics.at("cssContentSize").as_object();
  const json::object clip{{"x", 0},
                          {"y", 0},
                          {"width", size.at("width").to_number<double>()},
                          {"height", std::min(size.at("height").to_number<double>(), 6000.0)},
                          {"scale", 1}};
  json::object params{{"format", "png"}};
  if (whole_page) {
    params["captureBeyondViewport"] = true;
    params["clip"] = clip;
  }
  const auto shot = page.call("Page.captureScreenshot", params);
  const std::string b64(shot.at("data").as_string());
  std::string png(b64.size(), '\0');
  std::size_t length = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(png.data()), png.size(), b64.data(),
                        b64.size(), nullptr, &length, nullptr,
                        sodium_base64_VARIANT_ORIGINAL) != 0) {
    throw std::runtime_error("bad screenshot data");
  }
  png.resize(length);
  std::ofstream(file, std::ios::binary) << png;
  check(length > 1000, "screenshot saved to " + file.string());
}

// Headless Chromium and its DevTools page; the page closes first.
struct Browser {
  std::unique_ptr<Child> process;
  std::unique_ptr<DevTools> page;
};

Browser open_browser(const std::string& chromium, const std::filesystem::path& work,
                     const std::string& log) {
  Browser out;
  out.process = std::make_unique<Child>(
      std::vector<std::string>{
          chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
          "--no-first-run", "--disable-background-networking", "--disable-component-update",
          "--disable-sync", "--disable-dev-shm-usage", "--window-size=1280,1000",
          "--remote-debugging-port=0", "--remote-debugging-address=127.0.0.1",
          "--user-data-dir=" + (work / "chromium-profile").string(), "about:blank"},
      false, log);
  unsigned short devtools_port = 0;
  for (int i = 0; i < 300 && devtools_port == 0; ++i) {
    std::ifstream active(work / "chromium-profile" / "DevToolsActivePort");
    int port = 0;
    if (active >> port && port > 0)
      devtools_port = static_cast<unsigned short>(port);
    else
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  if (devtools_port == 0)
    throw std::runtime_error("Chromium did not open its DevTools port; see " + log);
  std::string page_path;
  for (int i = 0; i < 100 && page_path.empty(); ++i) {
    const json::value targets = json::parse(http_get(devtools_port, "/json/list"));
    for (const auto& target : targets.as_array()) {
      const auto& t = target.as_object();
      if (t.at("type") == "page") {
        const std::string ws(t.at("webSocketDebuggerUrl").as_string());
        page_path = ws.substr(ws.find('/', std::string("ws://").size()));
        break;
      }
    }
    if (page_path.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  if (page_path.empty()) throw std::runtime_error("no page target in Chromium");
  out.page = std::make_unique<DevTools>(devtools_port, page_path);
  return out;
}

int run(const std::vector<std::string>& args) {
  const std::string host_sim = args[0], zoom_sim = args[1], plugin = args[2], chromium = args[3];
  const std::filesystem::path screenshot_file = args[4];
  if (sodium_init() < 0) throw std::runtime_error("libsodium");
  const auto work =
      std::filesystem::temp_directory_path() / ("host_sim_browser." + std::to_string(::getpid()));
  std::filesystem::remove_all(work);
  std::filesystem::create_directories(work / "chromium-profile");
  const std::string log = (work / "children.log").string();

  // The simulator grants users, webinars and groups but no report scope:
  // /v2/users/me passes, a report endpoint lacks its scope (Zoom's 4711).
  // Every 5th user has no webinar licence (skipped partitions); /v2/groups
  // answers only after 30 s (a fetch that hangs on Zoom).
  Child sim(
      {zoom_sim, "--port", "0", "--scopes", "user:read:admin webinar:read:admin group:read:admin",
       "--client-secret", k_client_secret, "--fault", "delay:1:/v2/groups", "--fault-delay-ms",
       "30000", "--threads", "4"},
      true, log);
  const std::string base = sim.first_line(std::chrono::seconds(20));
  std::cout << "simulator: " << base << "\n";
  const std::string options = json::serialize(json::object{{"oauth_url", base + "/oauth/token"},
                                                           {"api_base_url", base + "/v2"},
                                                           {"allow_insecure_loopback", true}});
  ::setenv("HOST_SIM_STORE_KEY", "5f1c0a9e8d7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a19",
           1);
  Child server({host_sim, "serve", "--plugin", plugin, "--port", "0", "--store",
                (work / "store.db").string(), "--options", options, "--prefill",
                "validation_url=" + base + "/v2/users/me", "--prefill",
                "credential_description=Prefilled by the test"},
               true, log);
  const std::string url = server.first_line(std::chrono::seconds(20));
  std::cout << "host_sim: " << url << "\n";

  Browser browser = open_browser(chromium, work, log);
  DevTools& page = *browser.page;
  page.call("Page.enable");
  page.call("Page.navigate", {{"url", url}});
  wait_for(page, "document.readyState === 'complete' && document.getElementById('add-credential')",
           "the Authenticate screen");
  check(page.eval("document.title").as_string().find("Zoom") != json::string::npos,
        "the page is the Zoom Authenticate screen");
  check(url.find("/?key=") != std::string::npos, "host_sim printed its URL with the launch key");
  check(page.eval("location.href").as_string() == url.substr(0, url.find('?')),
        "the key was traded for the session cookie and left the address bar");
  check(page.eval("document.cookie").as_string() == "", "the session cookie is HttpOnly");
  check(page.eval("fetch('/api/screen', {credentials: 'omit'}).then(r => r.status)")
                .to_number<int>() == 401,
        "without the cookie the API answers 401");

  // 1. A credential that validates.
  const std::string first_description =
      add_credential(page, {{"credential_name", "Zoom (simulator)"},
                            {"credential_description", "Built-in simulator account"},
                            {"account_id", "sim-account-id"},
                            {"client_id", "sim-client-id"},
                            {"client_secret", k_client_secret}});
  wait_for(page, "document.querySelector('.tile.credential[data-status=\"valid\"]')",
           "a validated tile");
  check(page.eval("document.querySelector('.tile.credential h3').textContent").as_string() ==
            "Zoom (simulator)",
        "the new credential's tile is on the screen, validated");
  check(
      page.eval("document.getElementById('verdict').getAttribute('data-ok')").as_string() == "true",
      "the verdict panel says the credential works");
  check(page.eval("document.documentElement.outerHTML.includes('" + std::string(k_client_secret) +
                  "')") == false,
        "the secret is not in the page after saving");

  check(first_description == "Prefilled by the test",
        "the first Add Credential opens with the prefill");

  // 1b. On a short window, Save with every field empty: the field errors
  // make the form longer than the window, and Save stays in view.
  page.call("Emulation.setDeviceMetricsOverride",
            {{"width", 1000}, {"height", 520}, {"deviceScaleFactor", 1}, {"mobile", false}});
  page.eval("document.getElementById('add-credential').click(); true");
  wait_for(page, "!document.getElementById('overlay').hidden", "the overlay");
  page.eval(
      "for (const f of document.querySelectorAll('#fields input, #fields textarea')) f.value = '';"
      " document.getElementById('save').click(); true");
  wait_for(page, "document.querySelectorAll('#fields .error:not([hidden])').length >= 2",
           "the field errors");
  check(page.eval("document.getElementById('credential-form').getBoundingClientRect().height > "
                  "window.innerHeight") == true,
        "the form with its errors is taller than the window");
  check(page.eval("(() => { const r = document.getElementById('save').getBoundingClientRect();"
                  " return r.top >= 0 && r.bottom <= window.innerHeight; })()") == true,
        "a field error never pushes Save out of view");
  screenshot(page, screenshot_file.parent_path() / "journey_1b_field_errors.png");
  page.eval("document.getElementById('cancel').click(); true");
  page.call("Emulation.clearDeviceMetricsOverride");

  // 2. A credential whose validation URL needs a scope the app lacks.
  const std::string second_description =
      add_credential(page, {{"credential_name", "Reports <b>needs</b> scope"},
                            {"account_id", "sim-account-id"},
                            {"client_id", "sim-client-id"},
                            {"client_secret", k_client_secret},
                            {"validation_url", base + "/v2/report/users"}});
  const auto verdict =
      wait_for(page,
               "document.getElementById('verdict').getAttribute('data-ok') === 'false'"
               " && document.getElementById('verdict').textContent",
               "the missing-scope verdict");
  std::cout << "verdict: " << verdict.as_string() << "\n";
  check(verdict.as_string().find("report:read:list_users:admin") != json::string::npos,
        "the verdict names the missing scope");
  wait_for(page, "document.querySelectorAll('.tile.credential').length === 2", "the second tile");
  check(true, "both credentials have tiles");
  check(page.eval("document.querySelector('.tile.credential[data-status=\"rejected\"] "
                  ".scopes').textContent")
                .as_string()
                .find("report:read:list_users:admin") != json::string::npos,
        "the failed tile lists the missing scope");
  check(page.eval("document.querySelectorAll('#tiles b').length").to_number<int>() == 0,
        "markup in a credential name stays text");

  check(second_description.empty(),
        "a second Add Credential starts clean (the prefill applied once)");
  screenshot(page, screenshot_file);
  const auto step = [&](const std::string& name) {
    screenshot(page, screenshot_file.parent_path() / name);
  };

  // Delete asks once more, then says what it deleted.
  page.eval(
      "document.querySelector('.tile.credential[data-status=\"rejected\"] .delete').click(); true");
  page.eval(
      "document.querySelector('.tile.credential[data-status=\"rejected\"] .delete').click(); true");
  wait_for(page,
           "!document.getElementById('notice').hidden && "
           "document.querySelectorAll('.tile.credential').length === 1",
           "the deleted tile to go");
  check(page.eval("document.getElementById('notice').textContent").as_string() ==
            "Deleted \u201cReports <b>needs</b> scope\u201d.",
        "delete says what it deleted");

  // 3. Select the validated tile: its streams, which scopes the others miss.
  page.eval("document.querySelector('.tile.credential[data-status=\"valid\"] h3').click(); true");
  wait_for(page, "document.getElementById('data-panel').getAttribute('data-state') === 'ready'",
           "the data panel of the validated credential");
  const auto stream_state = [&](const std::string& stream) {
    return std::string(
        page.eval("(() => { const r = document.querySelector('#stream-table tr[data-stream=\"" +
                  stream + "\"]'); return r ? r.className + ': ' + r.textContent : 'missing'; })()")
            .as_string());
  };
  check(stream_state("users").starts_with("allowed"), "users is allowed: " + stream_state("users"));
  check(stream_state("webinars").starts_with("allowed"), "webinars is allowed");
  check(stream_state("report_users").starts_with("blocked") &&
            stream_state("report_users").find("report:read") != std::string::npos,
        "report_users is blocked and names the scope it misses: " + stream_state("report_users"));
  check(page.eval("document.getElementById('stream-report_users').disabled") == true,
        "a blocked stream cannot be chosen");
  const std::string command(
      page.eval("document.getElementById('fetch-command').textContent").as_string());
  check(command.starts_with("'/") && command.find("--store '/") != std::string::npos &&
            command.find("--output '/") != std::string::npos,
        "the fetch command uses absolute paths: " + command);
  step("journey_2_streams.png");

  // 3b. Dates: To before From is an error at once, and gone once fixed; a
  // request the plugin refuses (To in the future) is one error and no
  // tables, and it too goes once the date is fixed.
  const auto set_date = [&](const std::string& id, const std::string& day) {
    page.eval("(() => { const d = document.getElementById('" + id + "'); d.value = '" + day +
              "'; d.dispatchEvent(new Event('input')); return true; })()");
  };
  const auto fetch_error = [&] {
    return page
        .eval(
            "document.getElementById('fetch-error').hidden ? '' : "
            "document.getElementById('fetch-error').textContent")
        .as_string();
  };
  set_date("fetch-from", "2026-03-10");
  set_date("fetch-to", "2026-03-01");
  check(fetch_error().find("before the From date") != json::string::npos,
        "To before From is an error: " + std::string(fetch_error()));
  set_date("fetch-to", "2026-03-31");
  check(fetch_error().empty(), "the date error clears once it is fixed");
  set_date("fetch-from", "");
  set_date("fetch-to", "2999-01-01");
  page.eval(
      "document.getElementById('stream-users').click(); "
      "document.getElementById('fetch-start').click(); true");
  wait_for(page, "!document.getElementById('fetch-error').hidden", "the refused request's error");
  check(fetch_error().find("in the future") != json::string::npos,
        "the plugin's refusal is shown: " + std::string(fetch_error()));
  check(page.eval("document.querySelectorAll('#fetch-progress table, #fetch-preview table')"
                  ".length === 0 && document.getElementById('fetch-status').hidden") == true,
        "a refused request shows one error and no empty tables");
  step("journey_2b_refused.png");
  set_date("fetch-to", "");
  check(fetch_error().empty(), "the refused date's error clears once the date is fixed");
  page.eval("document.getElementById('stream-users').click(); true");

  // 4. Fetch two streams: progress, preview tables, summary.
  page.eval(
      "document.getElementById('stream-users').click(); "
      "document.getElementById('stream-webinars').click();"
      " document.getElementById('fetch-start').click(); true");
  wait_for(page, "document.getElementById('fetch-status').getAttribute('data-state') === 'done'",
           "the fetch to end");
  const auto cell_of = [&](const std::string& stream, const std::string& cls) {
    return std::string(page.eval("document.querySelector('#fetch-progress tr[data-stream=\"" +
                                 stream + "\"] ." + cls + "').textContent")
                           .as_string());
  };
  check(cell_of("users", "records") == "50", "progress: 50 users");
  check(cell_of("users", "partitions") == "3 listings read",
        "a top-level stream's partitions in words: " + cell_of("users", "partitions"));
  check(cell_of("webinars", "partitions").find(" of 50 users read") != std::string::npos,
        "a child stream's partitions in words: " + cell_of("webinars", "partitions"));
  check(std::stoi(cell_of("webinars", "records")) > 0,
        "progress: " + cell_of("webinars", "records") + " webinars");
  check(page.eval("document.querySelectorAll('#fetch-preview table[data-stream=\"users\"] tbody "
                  "tr').length")
                .to_number<int>() == 20,
        "the users preview shows the first 20 records");
  check(page.eval("document.querySelectorAll('#fetch-preview table[data-stream=\"webinars\"] tbody "
                  "tr').length")
                .to_number<int>() > 0,
        "the webinars preview has rows");
  const std::string summary(
      page.eval("document.getElementById('fetch-summary').textContent").as_string());
  std::cout << "summary: " << summary << "\n";
  check(summary.find("users without the licence, plan or permission needed (3161)") !=
            std::string::npos,
        "the summary names the skipped partitions' reason in words");
  check(page.eval("document.getElementById('fetch-start').disabled") == false,
        "Fetch is usable again");
  check(page.eval("/\\bnull\\b/.test(document.getElementById('data-panel').innerText + "
                  "document.getElementById('verdict').innerText)") == false,
        "no hole in the page shows as the text null");
  step("journey_3_fetched.png");

  // 4b. The destination direction: the same credential form, a verdict that
  // lists the write operations (the simulator grants no write scope: every
  // operation is refused with the scope it misses), and a panel that says how
  // to write. Then back to the source, as it was.
  page.eval(
      "[...document.querySelectorAll('#directions button')].find(b => "
      "b.textContent === 'Destination').click(); true");
  wait_for(page, "document.getElementById('crumb-direction').textContent === 'destination'",
           "the destination screen");
  add_credential(page, {{"credential_name", "Zoom writes"},
                        {"account_id", "sim-account-id"},
                        {"client_id", "sim-client-id"},
                        {"client_secret", k_client_secret},
                        {"validation_url", base + "/v2/users/me"}});
  wait_for(page, "document.querySelector('.tile.credential[data-status=\"valid\"]')",
           "a validated destination tile");
  check(page.eval("document.getElementById('verdict').innerText.includes('Not allowed')") == true,
        "the destination verdict lists the operations the token does not allow");
  page.eval("document.querySelector('.tile.credential[data-status=\"valid\"] h3').click(); true");
  wait_for(page, "document.querySelectorAll('#operations li').length > 0", "the write operations");
  check(page.eval("document.querySelectorAll('#operations li.blocked').length").to_number<int>() ==
            14,
        "all 14 write operations are refused without write scopes");
  check(page.eval("document.querySelector('#operations li[data-operation=\"meetings.create\"]')"
                  ".textContent.includes('meeting:write:admin')") == true,
        "a refused operation names the scope it misses");
  const std::string write_command(
      page.eval("document.getElementById('write-command').textContent").as_string());
  check(write_command.starts_with("'/") &&
            write_command.find("host_sim' write --store '/") != std::string::npos &&
            write_command.find("--credential 'Zoom writes' --operation OPERATION") !=
                std::string::npos &&
            write_command.find("--results '/") != std::string::npos,
        "the write command has the program's and the store's absolute paths, like the "
        "source's: " +
            write_command);
  step("journey_3b_destination.png");
  page.eval(
      "[...document.querySelectorAll('#directions button')].find(b => "
      "b.textContent === 'Source').click(); true");
  wait_for(page,
           "document.getElementById('crumb-direction').textContent === 'source' && "
           "document.querySelector('.tile.credential[data-status=\"valid\"] h3')",
           "the source screen again");
  page.eval("document.querySelector('.tile.credential[data-status=\"valid\"] h3').click(); true");
  wait_for(page, "document.getElementById('data-panel').getAttribute('data-state') === 'ready'",
           "the data panel again");
  page.eval(
      "for (const s of ['users', 'webinars']) { const b = document.getElementById('stream-' + "
      "s); if (!b.checked) b.click(); } true");

  // 5. A fetch that hangs on Zoom (/v2/groups): live progress while it runs.
  page.eval(
      "document.getElementById('stream-webinars').click(); "
      "document.getElementById('stream-groups').click();"
      " document.getElementById('fetch-start').click(); true");
  wait_for(page,
           "document.getElementById('fetch-status').getAttribute('data-state') === 'running' &&"
           " document.querySelector('#fetch-progress tr[data-stream=\"users\"] "
           ".records').textContent === '50'",
           "the running fetch's progress");
  check(page.eval("document.getElementById('fetch-start').disabled && "
                  "!document.getElementById('fetch-stop').disabled") == true,
        "while it runs, Fetch waits and Stop is offered");
  step("journey_4_running.png");

  // 6. Stop host_sim in the middle of a request: frozen (SIGSTOP), so the
  // page's poll hangs until its timeout; then killed, so every later request
  // fails at once.
  server.signal(SIGSTOP);
  wait_for(page, "document.getElementById('fetch-status').getAttribute('data-state') === 'error'",
           "the page to give up on a host_sim that does not answer");
  check(page.eval("document.getElementById('fetch-error').textContent")
                .as_string()
                .find("no answer within") != json::string::npos,
        "a frozen host_sim: the page's request times out and says so");
  server.signal(SIGKILL);
  check(page.eval("document.querySelectorAll('.spinner').length").to_number<int>() == 0,
        "no spinner is left");
  check(!page.eval("document.getElementById('fetch-error').hidden").as_bool() &&
            page.eval("document.getElementById('fetch-error').textContent")
                    .as_string()
                    .find("host_sim did not answer") != json::string::npos,
        "the page says host_sim did not answer");
  check(page.eval("document.getElementById('fetch-start').disabled") == false,
        "Fetch is usable again");
  page.eval(
      "document.querySelector('.tile.credential[data-status=\"valid\"] .revalidate').click(); "
      "true");
  wait_for(page,
           "document.getElementById('load-error').textContent.includes('was not validated')"
           " && document.querySelector('.tile.credential[data-status=\"valid\"] "
           ".revalidate').disabled === false",
           "Re-validate to report the failure");
  check(page.eval("document.getElementById('load-error').textContent")
                .as_string()
                .find("did not answer") != json::string::npos,
        "Re-validate says host_sim did not answer, and its button works again");
  check(page.eval("document.getElementById('verdict').hidden") == true,
        "a failed request is not shown as a verdict on the credential");
  check(page.eval("document.querySelector('.tile.credential[data-status=\"valid\"]') !== null") ==
            true,
        "the tile keeps its last verdict");

  // Save with host_sim gone: the form says so and Save works again.
  page.eval("document.getElementById('add-credential').click(); true");
  wait_for(page, "!document.getElementById('overlay').hidden", "the overlay");
  page.eval(
      "document.getElementById('field-credential_name').value = 'late';"
      " document.getElementById('field-client_secret').value = " +
      js_string(k_client_secret) +
      ";"
      " document.getElementById('save').click(); true");
  wait_for(page,
           "!document.getElementById('form-problem').hidden && "
           "!document.getElementById('save').disabled",
           "Save to report the failure");
  check(page.eval("document.getElementById('form-problem').textContent")
            .as_string()
            .starts_with("Not saved: host_sim did not answer"),
        "Save reports that host_sim did not answer: " +
            std::string(
                page.eval("document.getElementById('form-problem').textContent").as_string()));
  page.eval("document.getElementById('form-problem').scrollIntoView(); true");
  screenshot(page, screenshot_file.parent_path() / "journey_6_save_without_host_sim.png", false);
  page.eval("document.getElementById('cancel').click(); true");
  step("journey_5_host_sim_stopped.png");

  // 7. host_sim again over the same store, its API base on another port than
  // the saved validation URL's (as when demo.sh restarted the simulator
  // elsewhere): Re-validate opens the Edit form with the field's error, which
  // names both ports, and the tile keeps its verdict.
  const std::string moved_options =
      json::serialize(json::object{{"oauth_url", base + "/oauth/token"},
                                   {"api_base_url", "http://127.0.0.1:9/v2"},
                                   {"allow_insecure_loopback", true}});
  Child again({host_sim, "serve", "--plugin", plugin, "--port", "0", "--store",
               (work / "store.db").string(), "--options", moved_options},
              true, log);
  page.call("Page.navigate", {{"url", again.first_line(std::chrono::seconds(20))}});
  const std::string valid_tile = "document.querySelector('.tile.credential[data-status=\"valid\"]";
  wait_for(page, valid_tile + " .revalidate')", "the screen of the restarted host_sim");
  page.eval(valid_tile + " .revalidate').click(); true");
  wait_for(page,
           "!document.getElementById('overlay').hidden && "
           "!document.getElementById('field-validation_url-error').hidden",
           "Re-validate's field error in the Edit form");
  const std::string field_error(
      page.eval("document.getElementById('field-validation_url-error').textContent").as_string());
  check(field_error.find("(http://127.0.0.1:9)") != std::string::npos &&
            field_error.find(base.substr(base.find("127.0.0.1:"))) != std::string::npos,
        "the field error names the configured and the URL's host:port: " + field_error);
  check(page.eval("document.getElementById('load-error').textContent")
                .as_string()
                .find("saved verdict is unchanged") != json::string::npos,
        "the page says the saved verdict is unchanged");
  check(page.eval(valid_tile + "') !== null") == true, "the tile keeps its verdict: valid");
  step("journey_7_moved_port.png");
  page.eval("document.getElementById('cancel').click(); true");
  std::error_code ec;
  std::filesystem::remove_all(work, ec);
  return 0;
}

// The second journey: writing from the destination panel. A source
// credential is saved, then used for writes from the Destination tab without
// its secret typed again; an operation is picked (its record fields as a
// table), a line that is not a record is refused by number, a dry run lists
// the calls and makes none, the write creates the records (a failed line
// shows its field errors), and the results are downloadable.
int run_write_journey(const std::vector<std::string>& args) {
  const std::string host_sim = args[0], zoom_sim = args[1], plugin = args[2], chromium = args[3];
  const std::filesystem::path shots = std::filesystem::path(args[4]).parent_path();
  if (sodium_init() < 0) throw std::runtime_error("libsodium");
  const auto work = std::filesystem::temp_directory_path() /
                    ("host_sim_browser_write." + std::to_string(::getpid()));
  std::filesystem::remove_all(work);
  std::filesystem::create_directories(work / "chromium-profile");
  const std::string log = (work / "children.log").string();
  // Every scope granted: reads and writes.
  Child sim({zoom_sim, "--port", "0", "--client-secret", k_client_secret, "--threads", "4"}, true,
            log);
  const std::string base = sim.first_line(std::chrono::seconds(20));
  const unsigned short sim_port =
      static_cast<unsigned short>(std::stoi(base.substr(base.rfind(':') + 1)));
  const auto writes_made = [&] {
    int writes = 0;
    const json::value log_json = json::parse(http_get(sim_port, "/_sim/requests"));
    for (const auto& logged : log_json.as_array()) {
      const std::string path(logged.at("path").as_string());
      writes += logged.at("method") != "GET" && path.starts_with("/v2/") ? 1 : 0;
    }
    return writes;
  };
  const std::string options = json::serialize(json::object{{"oauth_url", base + "/oauth/token"},
                                                           {"api_base_url", base + "/v2"},
                                                           {"allow_insecure_loopback", true}});
  ::setenv("HOST_SIM_STORE_KEY", "5f1c0a9e8d7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a19",
           1);
  Child server({host_sim, "serve", "--plugin", plugin, "--port", "0", "--store",
                (work / "store.db").string(), "--options", options},
               true, log);
  const std::string url = server.first_line(std::chrono::seconds(20));
  Browser browser = open_browser(chromium, work, log);
  DevTools& page = *browser.page;
  page.call("Page.enable");
  page.call("Page.navigate", {{"url", url}});
  wait_for(page, "document.readyState === 'complete' && document.getElementById('add-credential')",
           "the Authenticate screen");
  const auto step = [&](const std::string& name) { screenshot(page, shots / name); };

  // 1. A source credential, then the Destination tab offers it for writes.
  add_credential(page, {{"credential_name", "Zoom account"},
                        {"account_id", "sim-account-id"},
                        {"client_id", "sim-client-id"},
                        {"client_secret", k_client_secret},
                        {"validation_url", base + "/v2/users/me"}});
  wait_for(page, "document.querySelector('.tile.credential[data-status=\"valid\"]')",
           "the validated source tile");
  page.eval(
      "[...document.querySelectorAll('#directions button')].find(b => "
      "b.textContent === 'Destination').click(); true");
  wait_for(page, "document.querySelector('#reuse li[data-source] button.use-for-writes')",
           "the offer to use the source credential for writes");
  step("write_1_use_source.png");
  page.eval("document.querySelector('#reuse button.use-for-writes').click(); true");
  wait_for(page,
           "document.querySelector('.tile.credential[data-status=\"valid\"]') && "
           "!document.getElementById('reuse')",
           "the destination tile made from the source credential");
  check(page.eval("document.querySelector('.tile.credential h3').textContent").as_string() ==
            "Zoom account",
        "the destination credential carries the source's name, validated for writes");

  // 2. Pick an operation: its record fields as a table.
  page.eval("document.querySelector('.tile.credential[data-status=\"valid\"] h3').click(); true");
  wait_for(page,
           "document.querySelector('#operations li.allowed "
           "input[value=\"meetings.create\"]')",
           "the write operations");
  page.eval("document.querySelector('#operations input[value=\"meetings.create\"]').click(); true");
  wait_for(page, "document.querySelector('#field-table tr[data-field=\"user_id\"]')",
           "the record fields of meetings.create");
  check(page.eval("document.querySelector('#field-table tr[data-field=\"user_id\"] "
                  "td.required') !== null") == true,
        "the field table marks user_id required");
  check(page.eval("document.querySelector('#field-table tr[data-field=\"start_time\"]')"
                  ".textContent.includes('date-time')") == true,
        "the field table gives start_time's type");

  // 3. A line that is not a record: refused with its number, nothing sent.
  const std::string good =
      R"({"user_id":"me","topic":"Browser sync","type":2,"start_time":"2030-02-01T10:00:00Z","duration":30})";
  const std::string second =
      R"({"user_id":"me","topic":"Browser retro","type":2,"start_time":"2030-02-02T10:00:00Z","duration":45})";
  const std::string bad_field =
      R"({"user_id":"me","topic":"Too long","type":2,"start_time":"2030-02-03T10:00:00Z","duration":5000})";
  const auto paste = [&](const std::string& text) {
    page.eval("document.getElementById('write-lines').value = " + js_string(text) + "; true");
  };
  paste(good + "\n{\"topic\": oops\n");
  page.eval("document.getElementById('write-dry-run').click(); true");
  wait_for(page, "document.querySelector('#write-line-errors li[data-line=\"2\"]')",
           "the bad line's error");
  check(page.eval("document.querySelector('#write-line-errors li').textContent")
            .as_string()
            .starts_with("Line 2: "),
        "the error names the line and the reason");
  step("write_2_bad_line.png");

  // 4. Dry run: the exact calls, none made.
  paste(good + "\n" + bad_field + "\n" + second + "\n");
  page.eval("document.getElementById('write-dry-run').click(); true");
  wait_for(page,
           "document.getElementById('write-status').getAttribute('data-state') === 'done' && "
           "document.getElementById('write-status').getAttribute('data-dry-run') === 'true'",
           "the dry run's end");
  check(page.eval("document.querySelectorAll('#results-table tr[data-outcome=\"would_do\"]')"
                  ".length")
                .to_number<int>() == 2,
        "the dry run shows the two calls it would make");
  check(page.eval("document.querySelector('#results-table tr[data-outcome=\"would_do\"] "
                  "code.call').textContent") == "POST /users/me/meetings",
        "each with its method and path");
  check(writes_made() == 0, "a dry run makes no call that writes");
  step("write_3_dry_run.png");

  // 5. Write: the records are made; the failed line shows its field errors.
  page.eval("document.getElementById('write-start').click(); true");
  wait_for(page,
           "document.getElementById('write-status').getAttribute('data-state') === 'done' && "
           "document.getElementById('write-status').getAttribute('data-dry-run') === 'false'",
           "the write's end");
  check(page.eval("[...document.querySelectorAll('#results-table tr[data-outcome=\"done\"] "
                  "td.zoom-id')].filter(td => /^[0-9]+$/.test(td.textContent)).length")
                .to_number<int>() == 2,
        "two meetings made, each with its Zoom id");
  check(page.eval("document.querySelector('#results-table tr[data-line=\"2\"]')"
                  ".getAttribute('data-outcome')") == "failed" &&
            page.eval("document.querySelector('#results-table tr[data-line=\"2\"] "
                      ".field-errors').textContent.includes('duration')") == true,
        "the failed line shows its field error");
  check(writes_made() == 2, "Zoom received exactly the two creates");
  step("write_4_written.png");

  // 6. The results download: JSON Lines, one a line, as an attachment.
  const auto download = page.eval(
      "fetch(document.getElementById('write-download').href).then(async r => "
      "[r.status, r.headers.get('content-disposition'), (await r.text()).trim().split('\\n')"
      ".length])");
  check(download.at(0).to_number<int>() == 200 &&
            download.at(1).as_string().starts_with("attachment; filename=") &&
            download.at(2).to_number<int>() == 3,
        "the results download has one result per line: " + json::serialize(download));
  check(page.eval("document.documentElement.outerHTML.includes('" + std::string(k_client_secret) +
                  "')") == false,
        "the secret is nowhere in the page");
  std::error_code ec;
  std::filesystem::remove_all(work, ec);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const bool writes = argc == 7 && std::string(argv[6]) == "write";
  if (argc != 6 && !writes) {
    std::cerr << "usage: host_sim_browser_test HOST_SIM ZOOM_SIM PLUGIN CHROMIUM SCREENSHOT.png "
                 "[write]\n";
    return 2;
  }
  try {
    const std::vector<std::string> args(argv + 1, argv + 6);
    return writes ? run_write_journey(args) : run(args);
  } catch (const std::exception& e) {
    std::cerr << "FAIL: " << e.what() << "\n";
    return 1;
  }
}
