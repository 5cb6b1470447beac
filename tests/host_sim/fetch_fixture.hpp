// A Zoom simulator, a credential store with one saved credential, and
// host_sim run as a child process against them.
#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cstdlib>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "host_process.hpp"
#include "test_support.hpp"

namespace host_sim_test {

class FetchFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    sim_ = std::make_unique<zoom_sim::Simulator>(sim_options());
    ::setenv("HOST_SIM_STORE_KEY", k_store_key, 1);
    // In the sanitizer build, LeakSanitizer's exit-time tracer has crashed
    // (SIGSEGV in the tracer, exit 134) at the end of the multi-threaded
    // host_sim processes these tests start, whatever the test; their leak
    // check is off. The tests' own processes and every in-process suite of
    // host_sim's code keep it.
    ::setenv("ASAN_OPTIONS", "detect_leaks=0:abort_on_error=1", 1);
    ::setenv("HOST_SIM_FIELD_CLIENT_SECRET", k_secret, 1);
    options_ = "{\"oauth_url\":\"" + sim_->base_url() + "/oauth/token\",\"api_base_url\":\"" +
               sim_->base_url() + "/v2\",\"allow_insecure_loopback\":true}";
    add_credential("c");
  }
  void TearDown() override { ::unsetenv("HOST_SIM_FIELD_CLIENT_SECRET"); }
  // The simulator's account; a fixture may size it differently.
  virtual zoom_sim::Options sim_options() const { return simulator_options(); }

  void add_credential(const std::string& name) {
    ASSERT_EQ(run(command("authenticate",
                          {"--no-input", "--field", "credential_name=" + name, "--field",
                           "account_id=sim-account-id", "--field", "client_id=sim-client-id",
                           "--field", "validation_url=" + sim_->base_url() + "/v2/users/me"})),
              0)
        << read_all(err_);
  }

  std::vector<std::string> command(const std::string& name, const std::vector<std::string>& extra) {
    std::vector<std::string> argv{HOST_SIM_PATH,  name,      "--plugin",
                                  ZC_PLUGIN_PATH, "--store", (dir_ / "store.db").string(),
                                  "--options",    options_};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return argv;
  }
  std::vector<std::string> fetch(const std::vector<std::string>& extra,
                                 const std::string& credential = "c") {
    std::vector<std::string> args{"--credential", credential, "--streams", "users,meetings"};
    args.insert(args.end(), extra.begin(), extra.end());
    return command("fetch", args);
  }

  // Runs to the end; stdout in out_, stderr in err_ (both replaced).
  int run(const std::vector<std::string>& argv) {
    std::filesystem::remove(err_);
    return run_host(argv, out_.string(), err_.string());
  }

  bool has_checkpoint(const std::string& credential = "c") {
    run(command("list", {}));
    std::istringstream lines(read_all(out_));
    for (std::string line; std::getline(lines, line);) {
      if (line.find("] " + credential + " ") != std::string::npos) {
        return line.find("fetch checkpoint saved") != std::string::npos;
      }
    }
    ADD_FAILURE() << "no credential " << credential << " in the list";
    return false;
  }

  // How many records users + meetings are in the simulator's data.
  std::size_t expected_records() const {
    return sim_->dataset().users.size() + sim_->dataset().meetings.size();
  }

  TempDir dir_;
  std::unique_ptr<zoom_sim::Simulator> sim_;
  std::string options_;
  std::filesystem::path out_ = dir_ / "stdout";
  std::filesystem::path err_ = dir_ / "stderr";
};

inline std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace host_sim_test
