// IPv4 addresses and prefixes (CIDR), host byte order inside.
#pragma once
#include <compare>
#include <cstdint>
#include <optional>
#include <string>

namespace wirelab::wire {

struct Ipv4Address {
  std::uint32_t value = 0;

  static constexpr Ipv4Address any() { return {0}; }
  static constexpr Ipv4Address broadcast() { return {0xffffffffu}; }
  static std::optional<Ipv4Address> parse(const std::string& text);  // dotted quad only

  bool is_any() const { return value == 0; }
  bool is_broadcast() const { return value == 0xffffffffu; }
  bool is_multicast() const { return (value >> 28) == 14; }
  bool is_loopback() const { return (value >> 24) == 127; }
  std::string to_string() const;
  auto operator<=>(const Ipv4Address&) const = default;
};

struct Ipv4Prefix {
  Ipv4Address address;  // as written (for an interface, the host's own address)
  int length = 0;       // 0..32

  static std::optional<Ipv4Prefix> parse(const std::string& text);  // "10.0.0.1/24"
  std::uint32_t mask() const { return length == 0 ? 0 : 0xffffffffu << (32 - length); }
  Ipv4Address network() const { return {address.value & mask()}; }
  Ipv4Address directed_broadcast() const { return {address.value | ~mask()}; }
  bool contains(Ipv4Address a) const { return (a.value & mask()) == network().value; }
  std::string to_string() const;  // "10.0.0.1/24"
  auto operator<=>(const Ipv4Prefix&) const = default;
};

std::string mask_to_string(int prefix_length);  // 24 -> "255.255.255.0"

}  // namespace wirelab::wire
