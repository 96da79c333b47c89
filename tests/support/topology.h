// Topologies and helpers shared by the stack and shell tests: links with a 1 ms delay and no
// serialization time, so every round-trip time is an exact number of milliseconds.
#pragma once
#include <string>

#include "engine/devices/world.h"

namespace wirelab::testing {

inline wire::Ipv4Address ip(const std::string& s) { return *wire::Ipv4Address::parse(s); }

inline link::LinkParams ms_link(std::uint32_t mtu = 1500) {
  link::LinkParams p;
  p.delay = milliseconds(1);
  p.bandwidth_bps = 0;
  p.mtu = mtu;
  return p;
}

inline void address(devices::Host& h, std::size_t i, const std::string& prefix) {
  h.stack().set_address(i, *wire::Ipv4Prefix::parse(prefix));
}

inline void route(devices::Host& h, const std::string& dst, const std::string& gw, std::size_t iface = 0) {
  net::Route r;
  r.destination = *wire::Ipv4Prefix::parse(dst);
  r.gateway = ip(gw);
  r.interface = iface;
  h.stack().routes().add(r);
}

// pc1 10.0.1.2 -- r1 (10.0.1.1 | 10.0.12.1) -- r2 (10.0.12.2 | 10.0.2.1) -- pc2 10.0.2.2.
// r1 knows 10.0.2.0/24 via r2 and nothing else; r2 sends everything else to r1.
struct Routed {
  devices::World world{1};
  devices::Host& pc1 = world.add_host("pc1");
  devices::Host& r1 = world.add_host("r1", true);
  devices::Host& r2 = world.add_host("r2", true);
  devices::Host& pc2 = world.add_host("pc2");
  link::Cable* c_pc1 = nullptr;
  link::Cable* c_mid = nullptr;
  link::Cable* c_pc2 = nullptr;

  explicit Routed(std::uint32_t mid_mtu = 1500) {
    pc1.add_interface("eth0", world.next_mac());
    r1.add_interface("eth0", world.next_mac());
    r1.add_interface("eth1", world.next_mac());
    r2.add_interface("eth0", world.next_mac());
    r2.add_interface("eth1", world.next_mac());
    pc2.add_interface("eth0", world.next_mac());
    address(pc1, 0, "10.0.1.2/24");
    address(r1, 0, "10.0.1.1/24");
    address(r1, 1, "10.0.12.1/24");
    address(r2, 0, "10.0.12.2/24");
    address(r2, 1, "10.0.2.1/24");
    address(pc2, 0, "10.0.2.2/24");
    route(pc1, "0.0.0.0/0", "10.0.1.1", 0);
    route(r1, "10.0.2.0/24", "10.0.12.2", 1);
    route(r2, "0.0.0.0/0", "10.0.12.1", 0);
    route(pc2, "0.0.0.0/0", "10.0.2.1", 0);
    c_pc1 = &world.connect(pc1, 0, r1, 0, ms_link());
    c_mid = &world.connect(r1, 1, r2, 0, ms_link(mid_mtu));
    c_pc2 = &world.connect(r2, 1, pc2, 0, ms_link());
  }
  void run() { world.scheduler().run_until_idle(world.now() + seconds(120)); }
};

}  // namespace wirelab::testing
