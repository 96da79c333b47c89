// Scheduler throughput: events per wall-second for the discrete-event scheduler alone, with a
// realistic mix of schedule, cancel and self-rescheduling timers. Plumbing, not a test: it reads
// the wall clock (the engine never does) and asserts nothing.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "engine/base/rng.h"
#include "engine/sim/scheduler.h"

using namespace wirelab;

namespace {
long peak_rss_kib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

struct Stats {
  std::uint64_t scheduled = 0, cancelled = 0;
};

// `population` timers live at once; each run schedules its successor at a random delay
// (1 ns .. 1 ms) and, one time in four, also arms a "timeout" it cancels on the next run
// (the retransmission-timer pattern TCP and ARP use).
double run(std::uint64_t total_events, std::size_t population, Stats& st, std::uint64_t& ran) {
  sim::Scheduler s;
  Rng rng(1);
  std::vector<sim::TimerId> timeouts(population);
  std::uint64_t budget = total_events;
  std::function<void(std::size_t)> fire = [&](std::size_t i) {
    if (budget == 0) return;
    --budget;
    if (timeouts[i].valid()) {
      s.cancel(timeouts[i]);
      ++st.cancelled;
    }
    s.schedule_in(1 + static_cast<SimDuration>(rng.uniform(1'000'000)), [&fire, i] { fire(i); });
    ++st.scheduled;
    if (rng.uniform(4) == 0) {
      timeouts[i] = s.schedule_in(seconds(1), [] {});
      ++st.scheduled;
    }
  };
  for (std::size_t i = 0; i < population; ++i) {
    s.schedule_at(static_cast<SimTime>(rng.uniform(1'000'000)), [&fire, i] { fire(i); });
    ++st.scheduled;
  }
  const auto t0 = std::chrono::steady_clock::now();
  s.run_until_idle();
  const auto t1 = std::chrono::steady_clock::now();
  ran = s.events_run();
  return std::chrono::duration<double>(t1 - t0).count();
}
}  // namespace

int main(int argc, char** argv) {
  const std::uint64_t total = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 5'000'000;
  std::printf("scheduler_bench: %llu timer firings per run\n", static_cast<unsigned long long>(total));
  std::printf("%12s %12s %12s %12s %10s %14s %12s\n", "population", "events_run", "scheduled", "cancelled",
              "wall_s", "events/s", "peak_rss_MiB");
  for (std::size_t population : {16u, 1000u, 100000u}) {
    Stats st;
    std::uint64_t ran = 0;
    const double wall = run(total, population, st, ran);
    std::printf("%12zu %12llu %12llu %12llu %10.3f %14.0f %12.1f\n", population, static_cast<unsigned long long>(ran),
                static_cast<unsigned long long>(st.scheduled), static_cast<unsigned long long>(st.cancelled), wall,
                static_cast<double>(ran) / wall, static_cast<double>(peak_rss_kib()) / 1024.0);
  }
  return 0;
}
