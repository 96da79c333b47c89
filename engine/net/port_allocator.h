// Ephemeral port choice as Linux does it (ip_local_port_range 32768-60999): start at a random
// offset drawn from the host's seeded generator, then take the next free port.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>

#include "engine/base/rng.h"

namespace wirelab::net {

class PortAllocator {
 public:
  static constexpr std::uint16_t kLow = 32768, kHigh = 60999;
  explicit PortAllocator(Rng& rng) : next_(static_cast<std::uint16_t>(kLow + rng.uniform(kHigh - kLow + 1))) {}

  // The next port for which in_use(port) is false; nullopt if the range is exhausted.
  std::optional<std::uint16_t> allocate(const std::function<bool(std::uint16_t)>& in_use) {
    for (int i = 0; i <= kHigh - kLow; ++i) {
      std::uint16_t p = next_;
      next_ = next_ == kHigh ? kLow : static_cast<std::uint16_t>(next_ + 1);
      if (!in_use(p)) return p;
    }
    return std::nullopt;
  }

 private:
  std::uint16_t next_;
};

}  // namespace wirelab::net
