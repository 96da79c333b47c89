#include "engine/sim/scheduler.h"

namespace wirelab::sim {

TimerId Scheduler::schedule_at(SimTime at, Callback cb) {
  if (at < now_) at = now_;
  std::uint32_t slot;
  if (!free_slots_.empty()) {
    slot = free_slots_.back();
    free_slots_.pop_back();
  } else {
    slot = static_cast<std::uint32_t>(slots_.size());
    slots_.emplace_back();
  }
  Slot& s = slots_[slot];
  s.cb = std::move(cb);
  s.armed = true;
  ++live_;
  queue_.push({at, next_order_++, slot});
  return {slot, s.generation};
}

void Scheduler::cancel(TimerId& id) {
  if (pending(id)) {
    Slot& s = slots_[id.slot];
    s.armed = false;
    s.cb = nullptr;
    --live_;
    // The slot is recycled only when its queue entry surfaces, so the generation stays unique.
  }
  id = TimerId{};
}

bool Scheduler::pending(TimerId id) const {
  return id.valid() && id.slot < slots_.size() && slots_[id.slot].generation == id.generation &&
         slots_[id.slot].armed;
}

void Scheduler::drop_cancelled_top() {
  while (!queue_.empty() && !slots_[queue_.top().slot].armed) {
    std::uint32_t slot = queue_.top().slot;
    queue_.pop();
    ++slots_[slot].generation;
    free_slots_.push_back(slot);
  }
}

SimTime Scheduler::next_event_time() {
  drop_cancelled_top();
  return queue_.empty() ? kNever : queue_.top().at;
}

bool Scheduler::step() {
  drop_cancelled_top();
  if (queue_.empty()) return false;
  Entry e = queue_.top();
  queue_.pop();
  Slot& s = slots_[e.slot];
  Callback cb = std::move(s.cb);
  s.armed = false;
  s.cb = nullptr;
  ++s.generation;
  free_slots_.push_back(e.slot);
  --live_;
  now_ = e.at;
  ++events_run_;
  cb();
  return true;
}

void Scheduler::run_until(SimTime t) {
  while (next_event_time() <= t) step();
  if (t > now_) now_ = t;
}

bool Scheduler::run_until_idle(SimTime limit) {
  while (true) {
    SimTime next = next_event_time();
    if (next == kNever) return true;
    if (next > limit) return false;
    step();
  }
}

}  // namespace wirelab::sim
