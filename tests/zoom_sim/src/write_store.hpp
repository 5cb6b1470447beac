// Internal: what the write endpoints changed, layered over the generated
// dataset (which stays immutable). Created records live here; a dataset record
// a write touches is copied here first and from then on this copy is the truth.
// Guarded by its own mutex, never held together with Simulator::Impl::mu.
#pragma once

#include <atomic>
#include <boost/json.hpp>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <variant>
#include <vector>

#include "impl.hpp"
#include "zoom_sim/writes.hpp"

namespace zoom_sim {

struct WrittenUser {
  std::string id, email;
  boost::json::object list;   // the GET /users element
  boost::json::object extra;  // what GET /users/{userId} adds
  std::string status;         // active | inactive | pending
  int type = 2;
  bool webinar_licensed = true;
  bool deleted = false;
  std::optional<std::size_t> base;  // index into Dataset::users
};

struct WrittenRegistrant {
  std::string id, email;
  boost::json::object obj;  // the GET .../registrants element
};

// A meeting or a webinar.
struct WrittenEvent {
  bool webinar = false;
  std::int64_t id = 0;
  std::string uuid, host_id, topic;
  boost::json::object obj;  // the GET /meetings/{meetingId} body
  sys_seconds start{};
  int duration = 60;
  std::optional<bool> past;  // set while a dataset meeting keeps its start time
  bool deleted = false;
  bool from_dataset = false;
  std::vector<WrittenRegistrant> registrants;
  std::unordered_map<std::string, std::size_t> registrant_by_email;  // lowercase
};

struct WrittenGroup {
  std::vector<std::string> members;  // user ids, in the order they joined
  std::optional<std::string> name;   // set when renamed
  bool deleted = false;
};

class WriteStore final : public WriteLedger {
 public:
  using Now = std::function<TimePoint()>;
  WriteStore(const Dataset& ds, const Options& opt, Now now);

  // Reads: the answer when writes changed what this route shows (an error
  // response, an object response, the rows of a list, or for GET /users a list
  // whose rows are made when asked for, so that a lazy account's page costs a
  // page), else nullopt.
  struct RowSource {
    std::size_t count = 0;
    std::function<std::string(std::size_t)> row;  // takes the store's mutex itself
  };
  using ReadAnswer = std::variant<HttpResponse, std::vector<std::string>, RowSource>;
  std::optional<ReadAnswer> read(const Dataset& ds, std::string_view route,
                                 const std::vector<std::string_view>& args,
                                 const util::Params& params, TimePoint now) const;

  // WriteLedger
  std::size_t meetings(std::string_view user, std::string_view topic) const override;
  std::size_t webinars(std::string_view user, std::string_view topic) const override;
  std::size_t registrants(std::int64_t id, std::string_view email) const override;
  std::size_t users_with_email(std::string_view email) const override;
  bool user_exists(std::string_view user) const override;
  bool in_group(std::string_view group_id, std::string_view user) const override;
  std::size_t group_size(std::string_view group_id) const override;
  std::uint64_t writes_applied() const override;
  int host_writes_today(std::string_view user, bool webinars) const override;

  // ---- used by the write routes with mu held
  mutable std::mutex mu;

  // A user as the API sees it now: `w` when written (maybe deleted), else `base`.
  struct UserRef {
    WrittenUser* w = nullptr;
    const User* base = nullptr;
    bool gone() const { return (!w && !base) || (w && w->deleted); }
    std::string id() const { return w ? w->id : base->id; }
    std::string email() const { return w ? w->email : base->email; }
    std::string status() const { return w ? w->status : base->status; }
    int type() const { return w ? w->type : base->type; }
    bool webinar_licensed() const { return w ? w->webinar_licensed : base->webinar_licensed; }
  };
  UserRef find_user(std::string_view id_or_email) const;  // "me" = the account owner
  WrittenUser& touch_user(const UserRef& u);              // copies a dataset user in
  WrittenUser& add_user(WrittenUser u);
  void remove_user(WrittenUser& u);

  // A meeting or webinar by numeric id: nullptr when unknown, deleted or its host is gone.
  struct EventRef {
    WrittenEvent* w = nullptr;
    const Meeting* meeting = nullptr;
    const Webinar* webinar = nullptr;
    bool found() const { return w || meeting || webinar; }
  };
  EventRef find_event(std::int64_t id, bool webinar) const;
  WrittenEvent& touch_event(const EventRef& e);
  WrittenEvent& add_event(WrittenEvent e);
  std::string host_of(const EventRef& e) const;
  std::optional<std::size_t> pmi_owner(std::int64_t id) const;  // a user's PMI

  // Group membership; touching a group copies its dataset members in.
  const Group* find_group(std::string_view id) const;  // nullptr when unknown or deleted
  WrittenGroup& touch_group(const Group& g);
  bool is_member(std::string_view group_id, const std::string& user_id) const;
  // Groups the activity generator creates, renames and deletes (a deleted group
  // leaves its members' group_ids).
  const Group& add_group(Group g);
  std::string group_name(const Group& g) const;
  void delete_group(const Group& g);
  std::size_t created_group_count() const { return created_groups_.size(); }
  const Group& created_group(std::size_t i) const { return created_groups_[i]; }

  // What the activity generator picks from: written users and events by position,
  // the meetings and webinars created for a host.
  std::size_t written_user_count() const { return users_.size(); }
  WrittenUser& written_user(std::size_t i) { return users_[i]; }
  std::size_t written_event_count() const { return events_.size(); }
  WrittenEvent& written_event(std::size_t i) { return events_[i]; }
  std::vector<std::size_t> created_events_of(const std::string& host_id) const;

  // Per-day counters: key -> (UTC day, count).
  int count_today(const std::string& key, TimePoint now) const;
  void bump_today(const std::string& key, TimePoint now);

  bool room_for(std::size_t n) const { return records_ + n <= opt_.writes.max_written_records; }
  void note_records(std::size_t n) { records_ += n; }
  std::uint64_t applied_count() const { return applied_; }
  void applied() {
    ++applied_;
    mark_touched();
  }
  // Changed without a write request (the activity generator): reads consult the overlay.
  void mark_touched() { touched_.store(true, std::memory_order_release); }
  std::int64_t next_id();
  std::string next_uuid();
  std::string next_user_id();
  std::string next_registrant_id();

  const Dataset& ds() const { return ds_; }
  const Options& opt() const { return opt_; }

 private:
  std::size_t count_events(std::string_view user, std::string_view topic, bool webinar) const;
  std::vector<std::string> event_rows(const UserRef& u, bool webinar, std::string_view type,
                                      TimePoint now) const;
  RowSource user_rows(const Dataset& ds, const std::string& status) const;
  bool event_past(const WrittenEvent& e, TimePoint now) const;

  const Dataset& ds_;
  const Options& opt_;
  Now now_;
  std::atomic<bool> touched_{false};
  std::uint64_t applied_ = 0;
  std::size_t records_ = 0;
  std::uint64_t seq_ = 0;

  std::deque<WrittenUser> users_;
  std::unordered_map<std::string, std::size_t> user_by_key_;   // id and lowercase e-mail
  std::unordered_map<std::size_t, std::size_t> user_by_base_;  // dataset index -> users_
  std::deque<WrittenEvent> events_;
  std::unordered_map<std::int64_t, std::size_t> event_by_id_;
  std::unordered_map<std::string, std::vector<std::size_t>> created_by_host_;  // host id
  std::unordered_map<std::string, WrittenGroup> groups_;
  std::unordered_map<std::string, std::pair<std::int64_t, int>> daily_;

  // Dataset lookups the generated indexes lack.
  std::unordered_map<std::int64_t, std::size_t> pmi_owner_;  // written users' PMIs
  std::unordered_map<std::string, const Group*> group_by_id_;
  std::deque<Group> created_groups_;
};

// GET /_sim/writes?what=meetings|webinars&user=U[&topic=T], what=registrants&id=N[&email=E],
// what=users_with_email&email=E, what=group_size&group=G, what=in_group&group=G&user=U:
// {"count": n, "writes_applied": n}, for tests that run the executable.
HttpResponse written_counts(const WriteLedger& ledger, const std::string& query);

}  // namespace zoom_sim
