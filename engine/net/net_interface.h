// A host or router network interface: an Ethernet port with a MAC and (optionally) an IPv4
// address. Counters mirror what `ifconfig` and `ip -s link` print.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "engine/wire/ipv4_address.h"
#include "engine/wire/mac_address.h"

namespace wirelab::net {

struct NetInterface {
  std::string name;  // "eth0"
  std::size_t port = 0;  // the device port it sends and receives on
  wire::MacAddress mac;
  std::optional<wire::Ipv4Prefix> address;
  std::uint32_t mtu = 1500;
  bool up = true;
  std::uint64_t rx_packets = 0, rx_bytes = 0, rx_errors = 0, rx_dropped = 0;
  std::uint64_t tx_packets = 0, tx_bytes = 0, tx_dropped = 0;
};

}  // namespace wirelab::net
