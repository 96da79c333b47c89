// The discrete-event scheduler: ordering, cancellation, run_until/run_until_idle, nesting.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "engine/sim/scheduler.h"

using namespace wirelab;
using wirelab::sim::Scheduler;
using wirelab::sim::TimerId;

TEST_CASE("scheduler: time order, then insertion order for equal times", "[sim]") {
  Scheduler s;
  std::string log;
  s.schedule_at(30, [&] { log += "c"; });
  s.schedule_at(10, [&] { log += "a"; });
  for (char ch = '0'; ch <= '9'; ++ch) s.schedule_at(20, [&, ch] { log += ch; });
  s.schedule_at(10, [&] { log += "b"; });
  CHECK(s.pending_count() == 13);
  CHECK(s.next_event_time() == 10);
  CHECK(s.run_until_idle());
  CHECK(log == "ab0123456789c");
  CHECK(s.now() == 30);
  CHECK(s.pending_count() == 0);
  CHECK(s.events_run() == 13);
  CHECK(s.next_event_time() == kNever);
  CHECK_FALSE(s.step());
}

TEST_CASE("scheduler: step advances time to each event", "[sim]") {
  Scheduler s;
  std::vector<SimTime> at;
  s.schedule_in(5, [&] { at.push_back(s.now()); });
  s.schedule_in(2, [&] { at.push_back(s.now()); });
  REQUIRE(s.step());
  CHECK(s.now() == 2);
  REQUIRE(s.step());
  CHECK(s.now() == 5);
  CHECK(at == std::vector<SimTime>{2, 5});
}

TEST_CASE("scheduler: a time in the past is clamped to now", "[sim]") {
  Scheduler s;
  s.run_until(100);
  SimTime ran = -1;
  s.schedule_at(50, [&] { ran = s.now(); });
  s.step();
  CHECK(ran == 100);
}

TEST_CASE("scheduler: cancel, cancel after run, double cancel", "[sim]") {
  Scheduler s;
  int a = 0, b = 0, c = 0;
  TimerId ta = s.schedule_at(10, [&] { ++a; });
  TimerId tb = s.schedule_at(20, [&] { ++b; });
  TimerId tc = s.schedule_at(30, [&] { ++c; });
  CHECK(s.pending(ta));
  CHECK(s.pending_count() == 3);
  s.cancel(tb);
  CHECK_FALSE(tb.valid());  // cancel resets the handle
  CHECK(s.pending_count() == 2);
  TimerId tb_copy = tb;
  s.cancel(tb_copy);  // double cancel: harmless
  CHECK(s.pending_count() == 2);
  s.run_until(15);
  CHECK(a == 1);
  CHECK_FALSE(s.pending(ta));
  TimerId stale = ta;
  s.cancel(ta);  // after it ran: harmless, does not touch other events
  CHECK(s.pending_count() == 1);
  // a new event may reuse the slot; the stale handle must not cancel it
  int d = 0;
  TimerId td = s.schedule_at(25, [&] { ++d; });
  CHECK_FALSE(s.pending(stale));
  s.cancel(stale);
  CHECK(s.pending(td));
  CHECK(s.pending_count() == 2);
  CHECK(s.run_until_idle());
  CHECK(a == 1);
  CHECK(b == 0);
  CHECK(c == 1);
  CHECK(d == 1);
  CHECK(s.events_run() == 3);
  CHECK(s.pending(tc) == false);
}

TEST_CASE("scheduler: a cancelled slot's handle stays dead after the slot is recycled", "[sim]") {
  Scheduler s;
  TimerId t = s.schedule_at(10, [] {});
  TimerId keep = t;
  s.cancel(t);
  s.run_until(20);  // the cancelled entry surfaces and its slot is freed
  int hits = 0;
  TimerId fresh = s.schedule_at(30, [&] { ++hits; });
  CHECK(fresh.slot == keep.slot);  // recycled...
  CHECK_FALSE(s.pending(keep));    // ...but the old generation is dead
  s.cancel(keep);
  s.run_until_idle();
  CHECK(hits == 1);
}

TEST_CASE("scheduler: run_until runs events at exactly t and sets now", "[sim]") {
  Scheduler s;
  std::vector<int> log;
  s.schedule_at(10, [&] { log.push_back(10); });
  s.schedule_at(20, [&] { log.push_back(20); });
  s.schedule_at(21, [&] { log.push_back(21); });
  s.run_until(20);
  CHECK(log == std::vector<int>{10, 20});
  CHECK(s.now() == 20);
  s.run_until(15);  // never goes back
  CHECK(s.now() == 20);
  s.run_until(1000);
  CHECK(log == std::vector<int>{10, 20, 21});
  CHECK(s.now() == 1000);
}

TEST_CASE("scheduler: run_until_idle stops at the limit", "[sim]") {
  Scheduler s;
  int n = 0;
  // a periodic timer that never ends
  std::function<void()> tick = [&] {
    ++n;
    s.schedule_in(100, tick);
  };
  s.schedule_at(0, tick);
  CHECK_FALSE(s.run_until_idle(1000));
  CHECK(n == 11);  // 0, 100, ..., 1000
  CHECK(s.now() == 1000);
  CHECK(s.pending_count() == 1);
  CHECK(s.next_event_time() == 1100);
}

TEST_CASE("scheduler: events scheduled from inside events", "[sim]") {
  Scheduler s;
  std::string log;
  s.schedule_at(10, [&] {
    log += "A";
    s.schedule_in(0, [&] { log += "C"; });  // same time, after everything already queued
    s.schedule_at(5, [&] { log += "D"; });  // in the past: clamped to now, after C
    s.schedule_in(1, [&] { log += "E"; });
  });
  s.schedule_at(10, [&] { log += "B"; });
  s.run_until_idle();
  CHECK(log == "ABCDE");
  CHECK(s.now() == 11);
}

TEST_CASE("scheduler: an event can cancel a later one and itself harmlessly", "[sim]") {
  Scheduler s;
  int later = 0;
  TimerId victim = s.schedule_at(20, [&] { ++later; });
  TimerId self;
  self = s.schedule_at(10, [&] {
    CHECK_FALSE(s.pending(self));  // running events are no longer pending
    s.cancel(self);
    s.cancel(victim);
  });
  s.run_until_idle();
  CHECK(later == 0);
  CHECK(s.pending_count() == 0);
  CHECK(s.events_run() == 1);
}

TEST_CASE("scheduler: many schedule/cancel mixes keep the count right", "[sim]") {
  Scheduler s;
  std::vector<TimerId> ids;
  int ran = 0;
  for (int i = 0; i < 1000; ++i) ids.push_back(s.schedule_at(i % 37, [&] { ++ran; }));
  for (int i = 0; i < 1000; i += 3) s.cancel(ids[i]);
  CHECK(s.pending_count() == 1000 - 334);
  s.run_until_idle();
  CHECK(ran == 666);
  CHECK(s.pending_count() == 0);
}
