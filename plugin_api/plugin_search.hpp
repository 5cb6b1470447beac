// plugin_search.hpp: where a host looks for its plugin, for
// pp::Plugin::find (pipeline_plugin.hpp), and the check that no other user
// could have put code there. Header-only, POSIX.
#pragma once

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <string>
#include <system_error>

namespace pp {

// Where a host looks for its plugin (Plugin::find). One file is chosen by
// its name before anything is loaded, so no other file of a folder is ever
// loaded (its constructors never run), and it is loaded only from a place
// that no other user can change:
// - the file belongs to this user or root and nobody else can write it;
// - its folder belongs to this user or root and is writable by nobody else
//   (for a file named by the user, a sticky folder such as /tmp will do);
// - every folder above it belongs to this user or root, and none that
//   others may write to lacks the sticky bit.
// Where it looks, first match only: `file`; else `folder`/`file_name`; else,
// for a host running from the build tree (its executable's folder is
// `build_host_folder`), `build_folder`/`file_name`, a folder that must
// belong to this user; else, for an installed host, `installed_folder`
// (relative to the executable's folder)/`file_name`. An installed or
// relocated host never falls back to the build tree.
struct PluginSearch {
  std::filesystem::path file;    // a plugin file the user named (--plugin)
  std::filesystem::path folder;  // a folder the user named (--plugin-dir, an environment variable)
  std::string file_name;         // the plugin's file in a folder (Plugin::file_name_for)
  std::filesystem::path installed_folder;   // relative to the installed host's folder
  std::filesystem::path build_folder;       // the build tree's plugin folder
  std::filesystem::path build_host_folder;  // where the host was built
  std::filesystem::path host_executable;    // the running host; empty: /proc/self/exe
  std::string hint;                         // added to "not found" messages: how to name a plugin
};

namespace detail {

inline std::string mode_text(mode_t mode) {
  const char digits[] = {'0',
                         static_cast<char>('0' + ((mode >> 9) & 7)),
                         static_cast<char>('0' + ((mode >> 6) & 7)),
                         static_cast<char>('0' + ((mode >> 3) & 7)),
                         static_cast<char>('0' + (mode & 7)),
                         '\0'};
  return digits;
}

// Why code at `path` (resolved, no symbolic link in it) could be another
// user's, or "" when it cannot. `strict_folder`: the plugin's folder may
// not be writable by anyone else even when sticky; `folder_mine`: it must
// belong to this user (the build tree), not root.
inline std::string untrusted_location(const std::filesystem::path& path, bool strict_folder,
                                      bool folder_mine) {
  const uid_t me = ::geteuid();
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode)) {
    return path.string() + " is not a regular file";
  }
  if (info.st_uid != me && info.st_uid != 0) {
    return path.string() + " belongs to another user (uid " + std::to_string(info.st_uid) + ")";
  }
  if ((info.st_mode & 022) != 0) {
    return path.string() + " is writable by other users (mode " + mode_text(info.st_mode) + ")";
  }
  bool first = true;
  for (std::filesystem::path folder = path.parent_path();; folder = folder.parent_path()) {
    if (::stat(folder.c_str(), &info) != 0 || !S_ISDIR(info.st_mode)) {
      return "cannot check the folder " + folder.string();
    }
    const bool mine_only = first && folder_mine;
    if (info.st_uid != me && (mine_only || info.st_uid != 0)) {
      return "the folder " + folder.string() + " belongs to another user (uid " +
             std::to_string(info.st_uid) + ")";
    }
    const bool sticky = (info.st_mode & S_ISVTX) != 0;
    const bool others_write = first ? (info.st_mode & 022) != 0 && (strict_folder || !sticky)
                                    : (info.st_mode & 002) != 0 && !sticky;
    if (others_write) {
      return "the folder " + folder.string() + " is writable by other users (mode " +
             mode_text(info.st_mode) + ")";
    }
    if (folder == folder.root_path() || folder.parent_path() == folder) return {};
    first = false;
  }
}

// Why the file at `path` cannot be a shared library, or "" when its first
// bytes are an ELF header: the loader's own words for a text file or a
// truncated copy ("Bad file descriptor", "invalid ELF header") say little.
inline std::string not_a_shared_library(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return "it cannot be opened (" + std::generic_category().message(errno) + ")";
  unsigned char magic[4] = {};
  const auto got = ::read(fd, magic, sizeof magic);
  ::close(fd);
  if (got != static_cast<ssize_t>(sizeof magic)) return "it is shorter than an ELF header";
  if (magic[0] != 0x7f || magic[1] != 'E' || magic[2] != 'L' || magic[3] != 'F') {
    return "it is not a shared library (it does not start with an ELF header)";
  }
  return {};
}

inline std::filesystem::path self_executable() {
  std::error_code ec;
  auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::filesystem::path() : self;
}

}  // namespace detail

}  // namespace pp
