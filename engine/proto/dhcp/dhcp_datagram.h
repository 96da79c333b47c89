// What the DHCP engines hand to the plumbing: a UDP payload with its addressing (RFC 2131 §4.1:
// clients send from port 68 to port 67; servers answer on 68, or to a relay's giaddr on 67).
// The host stack wraps it in UDP/IPv4/Ethernet; dst_mac is set when a server unicasts to a
// client that has no address yet (yiaddr, chaddr), which must not ARP.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/base/bytes.h"
#include "engine/base/sim_time.h"
#include "engine/wire/ipv4_address.h"
#include "engine/wire/mac_address.h"

namespace wirelab::proto::dhcp {

struct Datagram {
  Bytes payload;  // one BOOTP/DHCP message (wire::DhcpMessage::to_bytes)
  wire::Ipv4Address src;  // 0.0.0.0 while the client has no address
  wire::Ipv4Address dst;  // 255.255.255.255, a server, a relay or a client
  std::uint16_t src_port = 68;
  std::uint16_t dst_port = 67;
  std::optional<wire::MacAddress> dst_mac;  // link-layer destination when ARP is impossible
};

// A lease as the client holds it (RFC 2131 §4.4.1 and the options of RFC 2132).
struct Lease {
  wire::Ipv4Address address;
  wire::Ipv4Address mask;
  std::vector<wire::Ipv4Address> routers;
  std::vector<wire::Ipv4Address> dns;
  std::string domain;
  wire::Ipv4Address server;
  SimDuration lease_time = 0;  // 0 for an INFORM answer (no lease)
  SimDuration t1 = 0, t2 = 0;
  SimTime acquired_at = 0;     // when the REQUEST that earned it was sent (RFC 2131 §4.4.1)
};

}  // namespace wirelab::proto::dhcp
