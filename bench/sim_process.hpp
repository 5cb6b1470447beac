// Runs the zoom_sim executable as a child process on 127.0.0.1, so the
// benchmark's own memory figures are the host's and the plugin's alone.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace bench {

class SimProcess {
 public:
  // Starts `zoom_sim --port 0 <args>` and reads its base URL (first line).
  explicit SimProcess(const std::vector<std::string>& args);
  ~SimProcess();  // SIGTERM, then wait
  SimProcess(const SimProcess&) = delete;
  SimProcess& operator=(const SimProcess&) = delete;

  const std::string& base_url() const { return base_url_; }

 private:
  pid_t pid_ = -1;
  int read_fd_ = -1;
  std::string base_url_;
};

}  // namespace bench
