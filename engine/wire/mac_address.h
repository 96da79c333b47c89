// 48-bit IEEE 802 MAC address.
#pragma once
#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>

#include "engine/base/bytes.h"

namespace wirelab::wire {

struct MacAddress {
  std::array<std::uint8_t, 6> octets{};

  static constexpr MacAddress broadcast() { return {{0xff, 0xff, 0xff, 0xff, 0xff, 0xff}}; }
  static MacAddress from(ByteView b) { MacAddress m; for (int i = 0; i < 6; ++i) m.octets[i] = b[i]; return m; }
  // "02:00:00:00:00:01" (also accepts '-' separators).
  static std::optional<MacAddress> parse(const std::string& text);

  bool is_broadcast() const { return *this == broadcast(); }
  bool is_multicast() const { return octets[0] & 1; }
  bool is_zero() const { return *this == MacAddress{}; }
  std::string to_string() const;
  std::uint64_t to_u64() const {
    std::uint64_t v = 0;
    for (auto o : octets) v = v << 8 | o;
    return v;
  }
  // Not defaulted: libc++ 13 (Emscripten 3.1.6) has no <=> for std::array.
  bool operator==(const MacAddress& o) const { return octets == o.octets; }
  std::strong_ordering operator<=>(const MacAddress& o) const { return to_u64() <=> o.to_u64(); }
};

}  // namespace wirelab::wire
