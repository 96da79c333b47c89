// What every simulated component is given: the lab's scheduler, its capture log and its seed.
// One per lab; nothing global, so several labs can live in one process.
#pragma once
#include <cstdint>
#include <string_view>

#include "engine/base/rng.h"
#include "engine/capture/capture_log.h"
#include "engine/sim/scheduler.h"

namespace wirelab::sim {

struct SimContext {
  Scheduler scheduler;
  capture::CaptureLog capture;
  std::uint64_t seed = 0;

  SimTime now() const { return scheduler.now(); }
  // An independent, reproducible random stream for a named component ("host:pc1", "link:...").
  Rng rng_for(std::string_view name) const { return Rng::derive(seed, name); }
};

}  // namespace wirelab::sim
