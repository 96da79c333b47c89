#include "engine/sim/scheduler.h"

#include <algorithm>

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
  heap_.push_back({at, next_order_++, slot});
  std::push_heap(heap_.begin(), heap_.end(), std::greater<Entry>());
  return {slot, s.generation};
}

void Scheduler::cancel(TimerId& id) {
  if (pending(id)) {
    Slot& s = slots_[id.slot];
    s.armed = false;
    s.cb = nullptr;
    --live_;
    // The slot is recycled only when its heap entry is dropped, so the generation stays unique.
    if (++cancelled_in_heap_ > 1024 && cancelled_in_heap_ > live_) compact();
  }
  id = TimerId{};
}

bool Scheduler::pending(TimerId id) const {
  return id.valid() && id.slot < slots_.size() && slots_[id.slot].generation == id.generation &&
         slots_[id.slot].armed;
}

void Scheduler::recycle(std::uint32_t slot) {
  ++slots_[slot].generation;
  free_slots_.push_back(slot);
}

void Scheduler::drop_cancelled_top() {
  while (!heap_.empty() && !slots_[heap_.front().slot].armed) {
    std::uint32_t slot = heap_.front().slot;
    std::pop_heap(heap_.begin(), heap_.end(), std::greater<Entry>());
    heap_.pop_back();
    --cancelled_in_heap_;
    recycle(slot);
  }
}

void Scheduler::compact() {
  auto dead = std::partition(heap_.begin(), heap_.end(), [this](const Entry& e) { return slots_[e.slot].armed; });
  for (auto it = dead; it != heap_.end(); ++it) recycle(it->slot);
  heap_.erase(dead, heap_.end());
  std::make_heap(heap_.begin(), heap_.end(), std::greater<Entry>());
  cancelled_in_heap_ = 0;
}

SimTime Scheduler::next_event_time() {
  drop_cancelled_top();
  return heap_.empty() ? kNever : heap_.front().at;
}

bool Scheduler::step() {
  drop_cancelled_top();
  if (heap_.empty()) return false;
  Entry e = heap_.front();
  std::pop_heap(heap_.begin(), heap_.end(), std::greater<Entry>());
  heap_.pop_back();
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
