// The handles the ABI hands out (pp_connector, pp_fetch, pp_write). Each is
// a small shell: a magic word naming its type, then its state. A call checks
// the magic before it touches the state, so a handle of another type, or one
// already closed, is an error status (PP_STATUS_INVALID_ARGUMENT; the void
// destroy/close/cancel do nothing) instead of a crash: a host's bug becomes
// visible. Closing frees the state and marks the shell closed; the shell
// itself is kept in a quarantine of its type and reused only after 1024
// later closes of that type, so a closed handle's magic stays readable.
// A pointer that never was a handle is still undefined behaviour.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <type_traits>
#include <utility>

#include "connector/connector.hpp"
#include "pipeline_plugin.h"

namespace zc::abi {

inline constexpr std::uint64_t k_closed_magic = 0x636c6f7365642121;  // "closed!!"

struct ConnectorState {
  std::unique_ptr<Connector> impl;
  std::shared_ptr<const Redactor> redactor;  // for every message it returns
};

struct WriteState {
  std::unique_ptr<write::WriteSession> impl;
  std::shared_ptr<const Redactor> redactor;
};

struct FetchState {
  std::unique_ptr<FetchStream> impl;
  std::string stream_name;  // NUL-terminated copy of the current item's stream
  std::shared_ptr<const Redactor> redactor;
};

}  // namespace zc::abi

// The opaque types of pipeline_plugin.h: the same layout, another magic each.
struct pp_connector {
  static constexpr std::uint64_t k_magic = 0x7a636f6e6e656374;  // "zconnect"
  std::uint64_t magic;
  zc::abi::ConnectorState* state;  // null once closed
  pp_connector* next_closed;       // the quarantine's list
};
struct pp_fetch {
  static constexpr std::uint64_t k_magic = 0x7a63666574636821;  // "zcfetch!"
  std::uint64_t magic;
  zc::abi::FetchState* state;
  pp_fetch* next_closed;
};
struct pp_write {
  static constexpr std::uint64_t k_magic = 0x7a63777269746521;  // "zcwrite!"
  std::uint64_t magic;
  zc::abi::WriteState* state;
  pp_write* next_closed;
};

namespace zc::abi {

// The state of `handle` when it is an open handle of its type, else null.
// The magic is read as bytes: the pointer may be a handle of another type.
template <class Handle>
auto* open_state(Handle* handle) noexcept {
  static_assert(offsetof(Handle, magic) == 0);
  std::uint64_t magic = 0;
  if (handle != nullptr) std::memcpy(&magic, static_cast<const void*>(handle), sizeof magic);
  return magic == Handle::k_magic ? handle->state : nullptr;
}

// Makes and closes the shells of one handle type. The quarantine is a list
// through next_closed (first closed, first reused), freed when the library
// is unloaded; only trivially destructible statics, so a close during the
// host's own exit still finds them.
template <class Handle>
class Shells {
 public:
  static constexpr std::size_t k_quarantine = 1024;
  using State = std::remove_pointer_t<decltype(Handle::state)>;

  // A shell holding `state` (owned by the shell from now on).
  static Handle* open(std::unique_ptr<State> state) {
    (void)&reaper_;  // instantiates it: the quarantine is freed on unload
    Handle* shell = nullptr;
    {
      std::lock_guard lock(mutex_);
      if (count_ > k_quarantine) {
        shell = head_;
        head_ = shell->next_closed;
        if (head_ == nullptr) tail_ = nullptr;
        --count_;
      }
    }
    if (shell == nullptr) shell = new Handle{};
    shell->next_closed = nullptr;
    shell->state = state.release();
    shell->magic = Handle::k_magic;
    return shell;
  }

  // Frees the state of an open handle and quarantines the shell; a closed or
  // foreign handle is left alone.
  static void close(Handle* handle) noexcept {
    State* state = open_state(handle);
    if (state == nullptr) return;
    handle->magic = k_closed_magic;
    handle->state = nullptr;
    delete state;
    std::lock_guard lock(mutex_);
    if (unloaded_) {
      delete handle;
      return;
    }
    (tail_ != nullptr ? tail_->next_closed : head_) = handle;
    tail_ = handle;
    ++count_;
  }

 private:
  struct Reaper {
    ~Reaper() {
      std::lock_guard lock(mutex_);
      while (head_ != nullptr) delete std::exchange(head_, head_->next_closed);
      tail_ = nullptr;
      count_ = 0;
      unloaded_ = true;
    }
  };
  static inline std::mutex mutex_;
  static inline Handle* head_ = nullptr;
  static inline Handle* tail_ = nullptr;
  static inline std::size_t count_ = 0;
  static inline bool unloaded_ = false;
  static inline Reaper reaper_;
};

}  // namespace zc::abi
