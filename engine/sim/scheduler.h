// Discrete-event scheduler: virtual time, events in (time, insertion order) so equal times run
// in a stable order, O(1) cancellation (a cancelled slot is skipped when it reaches the top).
// One per lab (owned by the World); no globals, so several labs can live in one process.
#pragma once
#include <cstdint>
#include <functional>
#include <vector>

#include "engine/base/sim_time.h"

namespace wirelab::sim {

struct TimerId {
  std::uint32_t slot = UINT32_MAX;
  std::uint32_t generation = 0;
  bool valid() const { return slot != UINT32_MAX; }
};

class Scheduler {
 public:
  using Callback = std::function<void()>;

  SimTime now() const { return now_; }
  // Runs `cb` at absolute time `at` (clamped to now). Returns a handle for cancel().
  TimerId schedule_at(SimTime at, Callback cb);
  TimerId schedule_in(SimDuration delay, Callback cb) { return schedule_at(now_ + delay, std::move(cb)); }
  // Cancels a pending event; harmless on an event that already ran or was cancelled.
  void cancel(TimerId& id);
  bool pending(TimerId id) const;

  // Runs the next event, advancing time to it. False when there is none.
  bool step();
  // Runs every event with time <= t, then sets now to t.
  void run_until(SimTime t);
  // Runs until no event is left or the next one lies past `limit`; returns true if it went idle.
  bool run_until_idle(SimTime limit = kNever);

  SimTime next_event_time() ;
  std::size_t pending_count() const { return live_; }
  std::uint64_t events_run() const { return events_run_; }

 private:
  struct Entry {
    SimTime at;
    std::uint64_t order;
    std::uint32_t slot;
    bool operator>(const Entry& o) const { return at != o.at ? at > o.at : order > o.order; }
  };
  struct Slot {
    Callback cb;
    std::uint32_t generation = 0;
    bool armed = false;
  };
  void drop_cancelled_top();
  void compact();  // rebuilds the heap without cancelled entries when they dominate
  void recycle(std::uint32_t slot);

  SimTime now_ = 0;
  std::uint64_t next_order_ = 0;
  std::uint64_t events_run_ = 0;
  std::size_t live_ = 0;
  std::vector<Entry> heap_;  // a min-heap under std::greater<Entry>
  std::size_t cancelled_in_heap_ = 0;
  std::vector<Slot> slots_;
  std::vector<std::uint32_t> free_slots_;
};

}  // namespace wirelab::sim
