// Deterministic random numbers. Every random choice in a lab (ISNs, ports, ids, crypto randoms)
// comes from an Rng seeded from the scenario seed and a stable name (host name, link name), so
// the same scenario and seed always produce the same bytes. xoshiro256** seeded by splitmix64.
#pragma once
#include <cstdint>
#include <string_view>

namespace wirelab {

class Rng {
 public:
  explicit Rng(std::uint64_t seed = 0);
  // A generator for a named component: independent streams per name, stable across runs.
  static Rng derive(std::uint64_t seed, std::string_view name);

  std::uint64_t next_u64();
  std::uint32_t next_u32() { return static_cast<std::uint32_t>(next_u64() >> 32); }
  // Uniform in [0, bound) without modulo bias; bound 0 returns 0.
  std::uint64_t uniform(std::uint64_t bound);
  // Uniform in [0, 1).
  double next_double() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }
  void fill(std::uint8_t* out, std::size_t n);

 private:
  std::uint64_t s_[4];
};

}  // namespace wirelab
