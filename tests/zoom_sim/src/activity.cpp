#include "activity.hpp"

#include "event_system.hpp"

namespace zoom_sim {

using namespace std::chrono;

namespace {
constexpr std::uint64_t kCrudKinds = 15;
// Meeting life, recordings and calls, with their weights (out of 16).
constexpr std::uint64_t kLifecycleWeights[] = {3, 4, 2, 2, 2, 1, 2};
constexpr std::uint64_t kLifecycleKinds = std::size(kLifecycleWeights);
}  // namespace

Activity::Activity(Simulator::Impl& impl, EventSystem& events)
    : impl_(impl),
      ev_(events),
      opt_(impl.opt.activity),
      per_minute_(impl.opt.activity.per_minute) {}

Activity::~Activity() { stop(); }

void Activity::start() {
  thread_ = std::thread([this] { run(); });
}

void Activity::stop() {
  {
    std::lock_guard lk(run_mu_);
    stopping_ = true;
  }
  run_cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Activity::set_rate(double per_minute) {
  {
    std::lock_guard lk(run_mu_);
    per_minute_ = per_minute;
  }
  run_cv_.notify_all();
}

void Activity::run() {
  auto next = steady_clock::now();
  std::unique_lock lk(run_mu_);
  while (!stopping_) {
    if (per_minute_ <= 0) {
      run_cv_.wait(lk, [&] { return stopping_ || per_minute_ > 0; });
      next = steady_clock::now();
      continue;
    }
    const double scale = std::max(impl_.opt.events.time_scale, 1e-9);
    next += duration_cast<steady_clock::duration>(duration<double>(60.0 / per_minute_ / scale));
    if (run_cv_.wait_until(lk, next, [&] { return stopping_; })) break;
    lk.unlock();
    step(1);
    lk.lock();
    if (steady_clock::now() - next > seconds(1)) next = steady_clock::now();  // no catch-up burst
  }
}

void Activity::Ctx::publish(EventSystem& ev, std::string_view name, boost::json::object payload,
                            boost::json::object extra) const {
  ev.bus.publish(name, std::move(payload), now, std::move(extra));
}

void Activity::step(std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) one_step();
}

void Activity::one_step() {
  std::lock_guard sl(step_mu_);
  const auto no = ++steps_;
  util::Rng rng(impl_.opt.seed * 0x9E3779B97F4A7C15ULL + no * 0xD1B54A32D192ED03ULL);
  const auto now = [&] {
    std::lock_guard lk(impl_.mu);
    return impl_.now();
  }();
  WriteStore& st = *impl_.writes;
  std::lock_guard wl(st.mu);
  Ctx c{st, impl_.ds, rng, ev_.who(ev_.default_account, now), now, floor<seconds>(now)};
  bool done = false;
  if (rng.unit() < opt_.crud_share) {
    const auto k = rng.below(kCrudKinds);
    for (std::uint64_t i = 0; i < kCrudKinds && !done; ++i) done = crud(c, (k + i) % kCrudKinds);
  }
  if (!done) {
    std::uint64_t r = rng.below(16), k = 0;
    while (r >= kLifecycleWeights[k]) r -= kLifecycleWeights[k++];
    for (std::uint64_t i = 0; i < kLifecycleKinds && !done; ++i)
      done = lifecycle(c, (k + i) % kLifecycleKinds);
  }
  st.mark_touched();
  ev_.counters.add(&EventCounters::activity_steps);
}

void Activity::settle() {
  std::lock_guard sl(step_mu_);
  util::Rng rng(impl_.opt.seed * 0x9E3779B97F4A7C15ULL + (steps_ + 1) * 0x94D049BB133111EBULL);
  const auto now = [&] {
    std::lock_guard lk(impl_.mu);
    return impl_.now();
  }();
  WriteStore& st = *impl_.writes;
  std::lock_guard wl(st.mu);
  Ctx c{st, impl_.ds, rng, ev_.who(ev_.default_account, now), now, floor<seconds>(now)};
  while (!live_.empty()) end_meeting(c, live_.size() - 1);
  while (!pending_recordings_.empty()) complete_recording(c);
  st.mark_touched();
}

bool Activity::crud(Ctx& c, std::uint64_t kind) {
  switch (kind) {
    case 0:
      return user_create(c);
    case 1:
      return user_update(c);
    case 2:
      return user_status(c);
    case 3:
      return user_delete(c);
    case 4:
      return event_create(c, false);
    case 5:
      return event_change(c, false, false);
    case 6:
      return event_change(c, false, true);
    case 7:
      return event_create(c, true);
    case 8:
      return event_change(c, true, false);
    case 9:
      return event_change(c, true, true);
    case 10:
      return group_create(c);
    case 11:
      return group_update(c, false);
    case 12:
      return group_update(c, true);
    case 13:
      return member_change(c, true);
    default:
      return member_change(c, false);
  }
}

bool Activity::lifecycle(Ctx& c, std::uint64_t kind) {
  switch (kind) {
    case 0:
      return start_meeting(c);
    case 1:
      return join(c);
    case 2:
      return leave(c);
    case 3:
      return !live_.empty() && end_meeting(c, c.rng.below(live_.size()));
    case 4:
      return complete_recording(c);
    case 5:
      return delete_recording(c);
    default:
      return phone_call(c);
  }
}

}  // namespace zoom_sim
