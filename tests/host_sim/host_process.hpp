// Runs host_sim as a child process against the Zoom simulator, for the fetch
// tests that need a real pipe, a real exit code or a SIGKILL.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "zoom_sim/simulator.hpp"

extern char** environ;

namespace host_sim_test {

// 32 characters, as the credential schema wants of a Client Secret.
inline constexpr const char* k_secret = "fetch-test-secret-0123456789abcd";
inline constexpr const char* k_store_key =
    "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

inline zoom_sim::Options simulator_options() {
  zoom_sim::Options options;
  options.rate_limit = false;
  zoom_sim::App app = zoom_sim::default_app();
  app.client_secret = k_secret;
  options.apps = {app};
  return options;
}

// Where a child's stdout goes.
struct Stdout {
  std::string file;     // non-empty: this file (truncated)
  int pipe_write = -1;  // else: this pipe end (closed in the parent by the caller)
};

class HostProcess {
 public:
  HostProcess(const std::vector<std::string>& argv, const Stdout& out,
              const std::string& err_file) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    if (!out.file.empty()) {
      posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out.file.c_str(),
                                       O_WRONLY | O_CREAT | O_TRUNC, 0600);
    } else if (out.pipe_write >= 0) {
      posix_spawn_file_actions_adddup2(&actions, out.pipe_write, STDOUT_FILENO);
    }
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_file.c_str(),
                                     O_WRONLY | O_CREAT | O_APPEND, 0600);
    std::vector<char*> args;
    for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
    args.push_back(nullptr);
    const int rc = ::posix_spawn(&pid_, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) throw std::runtime_error("cannot start " + argv[0]);
  }
  ~HostProcess() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  HostProcess(const HostProcess&) = delete;
  HostProcess& operator=(const HostProcess&) = delete;

  // The exit code, or 128 + the signal that ended it.
  int wait() {
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }
  // Exited by now? (sets `code`)
  bool poll(int& code) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) != pid_) return false;
    pid_ = -1;
    code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return true;
  }
  // Exited before `deadline`? (sets `code`; polls every 5 ms)
  bool exited_before(std::chrono::steady_clock::time_point deadline, int& code) {
    while (std::chrono::steady_clock::now() < deadline) {
      if (poll(code)) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return false;
  }
  void send(int signal) { ::kill(pid_, signal); }
  void kill_hard() {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }

 private:
  pid_t pid_ = -1;
};

// Runs to the end with stdout and stderr in files; returns the exit code.
inline int run_host(const std::vector<std::string>& argv, const std::string& out_file,
                    const std::string& err_file) {
  HostProcess process(argv, Stdout{out_file, -1}, err_file);
  return process.wait();
}

}  // namespace host_sim_test
