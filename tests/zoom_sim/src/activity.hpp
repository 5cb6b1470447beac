// Internal: the activity generator (ActivityOptions). Each step applies one
// change to the live state (the write overlay, the live store), then publishes
// its event. A step's choices come from a RNG seeded with (seed, step number),
// so the same seed and the same starting state give the same changes and events.
// Steps run under the write overlay's mutex, one at a time.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "event_payloads.hpp"
#include "impl.hpp"
#include "write_store.hpp"

namespace zoom_sim {

struct EventSystem;

class Activity {
 public:
  Activity(Simulator::Impl& impl, EventSystem& events);
  ~Activity();
  void start();  // the thread, paced by ActivityOptions::per_minute and the time scale
  void stop();   // idempotent
  void set_rate(double per_minute);
  void step(std::size_t n);  // n steps now, on the caller's thread
  void settle();             // ends every meeting in progress (their events included)

 private:
  struct Participant {
    boost::json::object joined;  // the participant object of participant_joined
    std::string name, email, zoom_user_id;
    sys_seconds join{};
  };
  struct LiveMeeting {
    payloads::Instance inst;
    std::string host_email;
    sys_seconds start{};
    std::vector<Participant> in;    // joined, not left yet
    std::vector<std::string> rows;  // GET /past_meetings/{uuid}/participants elements
  };
  struct PendingRecording {
    payloads::Instance inst;
    std::string host_email;
    sys_seconds start{}, end{};
  };
  // One step's view of the world (step_mu_ and the overlay's mutex held).
  struct Ctx {
    WriteStore& st;
    const Dataset& ds;
    util::Rng& rng;
    payloads::Who who;
    TimePoint now;
    sys_seconds now_s;
    void publish(EventSystem& ev, std::string_view name, boost::json::object payload,
                 boost::json::object extra = {}) const;
  };

  void run();
  void one_step();
  bool crud(Ctx& c, std::uint64_t kind);
  bool lifecycle(Ctx& c, std::uint64_t kind);

  // activity_meetings.cpp
  bool start_meeting(Ctx& c);
  bool join(Ctx& c);
  bool leave(Ctx& c);
  bool end_meeting(Ctx& c, std::size_t which);
  bool complete_recording(Ctx& c);
  bool delete_recording(Ctx& c);
  bool phone_call(Ctx& c);
  void leave_one(Ctx& c, LiveMeeting& m, std::size_t who);

  // activity_records.cpp
  bool user_create(Ctx& c);
  bool user_update(Ctx& c);
  bool user_status(Ctx& c);
  bool user_delete(Ctx& c);
  bool event_create(Ctx& c, bool webinar);
  bool event_change(Ctx& c, bool webinar, bool del);
  bool group_create(Ctx& c);
  bool group_update(Ctx& c, bool del);
  bool member_change(Ctx& c, bool add);
  // A live user: a dataset user by index or a written one; nullopt when the pick is gone.
  std::optional<WriteStore::UserRef> pick_user(Ctx& c);
  // An upcoming, never started meeting or webinar of a random user.
  std::optional<WriteStore::EventRef> pick_upcoming(Ctx& c, bool webinar, bool hosts_only);
  const Group* pick_group(Ctx& c, bool created_only);

  Simulator::Impl& impl_;
  EventSystem& ev_;
  const ActivityOptions& opt_;

  std::mutex step_mu_;  // one step at a time; guards everything below it
  std::uint64_t steps_ = 0;
  std::uint64_t serial_ = 0;  // numbers for created names, participants, calls
  std::vector<LiveMeeting> live_;
  std::deque<PendingRecording> pending_recordings_;
  std::set<std::int64_t> started_;  // meetings started once (they are past now or live)

  std::mutex run_mu_;
  std::condition_variable run_cv_;
  double per_minute_ = 0;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace zoom_sim
