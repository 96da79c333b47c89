// A cable's physical properties and its fault injection (a decorator on delivery: TCP and the
// rest of the stack never contain a fault `if`).
#pragma once
#include <cstddef>
#include <cstdint>

#include "engine/base/sim_time.h"

namespace wirelab::link {

struct LinkFaults {
  double loss = 0;       // probability a frame is lost on the wire
  double duplicate = 0;  // probability a frame arrives twice
  double corrupt = 0;    // probability one byte of the frame is flipped
  SimDuration reorder_jitter = 0;  // up to this much extra delay, drawn per frame (reorders)
  bool any() const { return loss > 0 || duplicate > 0 || corrupt > 0 || reorder_jitter > 0; }
};

struct LinkParams {
  SimDuration delay = microseconds(100);   // propagation delay
  std::uint64_t bandwidth_bps = 100'000'000;  // 0 = no serialization delay
  std::uint32_t mtu = 1500;                 // largest IP packet the link carries
  std::size_t queue_limit = 1000;           // frames waiting per direction (drop-tail)
  bool up = true;
  LinkFaults faults;
};

}  // namespace wirelab::link
