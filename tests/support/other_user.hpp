// Another local user, for the tests of what one can do to host_sim's files:
// a throwaway uid and gid that no account uses, acted as through
// `setpriv --reuid --regid`. Only root can become it; elsewhere a test that
// needs it is skipped and says why.
#pragma once

#include <grp.h>
#include <pwd.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>

namespace host_sim_test {

class OtherUser {
 public:
  // The user, or nothing and why not.
  static std::optional<OtherUser> get(std::string& why) {
    if (::geteuid() != 0) {
      why = "acting as a second local user needs root (setpriv --reuid); this test runs as uid " +
            std::to_string(::geteuid());
      return std::nullopt;
    }
    if (!std::filesystem::exists("/usr/bin/setpriv")) {
      why = "setpriv (util-linux) is not installed: no second local user can be had";
      return std::nullopt;
    }
    for (unsigned id = 61234; id < 61334; ++id) {
      if (::getpwuid(id) == nullptr && ::getgrgid(id) == nullptr) return OtherUser(id);
    }
    why = "no free uid and gid between 61234 and 61333 for a throwaway second user";
    return std::nullopt;
  }

  unsigned uid() const { return id_; }

  // Runs `command` with /bin/sh as this user (no supplementary groups, no
  // capabilities); returns its exit code.
  int run(const std::string& command) const {
    std::string quoted = "'";
    for (const char c : command) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    quoted += "'";
    const std::string line = "/usr/bin/setpriv --reuid=" + std::to_string(id_) +
                             " --regid=" + std::to_string(id_) +
                             " --clear-groups --inh-caps=-all /bin/sh -c " + quoted;
    const int status = std::system(line.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

 private:
  explicit OtherUser(unsigned id) : id_(id) {}
  unsigned id_;
};

}  // namespace host_sim_test

// Declares `user`, an OtherUser, or skips the test saying why there is none.
#define REQUIRE_OTHER_USER(user)                                                     \
  std::string user##_missing_because;                                                \
  const auto user##_found = ::host_sim_test::OtherUser::get(user##_missing_because); \
  if (!user##_found) GTEST_SKIP() << user##_missing_because;                         \
  const ::host_sim_test::OtherUser& user = *user##_found
