// Small worlds for stack tests: hosts, routers and switches wired with 1 ms links and no
// serialization delay, an ICMP recorder, and helpers that read frames back from the capture.
#pragma once
#include <string>
#include <vector>

#include "engine/devices/world.h"
#include "tests/support/topology.h"
#include "engine/wire/arp.h"
#include "engine/wire/checksum.h"
#include "engine/wire/ethernet.h"
#include "engine/wire/icmp.h"
#include "engine/wire/ipv4.h"
#include "engine/wire/udp.h"

namespace wirelab::nettest {

using testing::address;
using testing::ip;
using testing::ms_link;
using testing::route;
using testing::Routed;

// Every ICMP message a host's stack delivers locally.
struct IcmpRecorder {
  struct Msg {
    SimTime time;
    wire::Ipv4Address src, dst;
    std::uint8_t ttl;
    std::uint8_t type, code;
    std::uint32_t rest;
    Bytes data;    // ICMP data (echo payload or quoted header + 8 bytes)
    Bytes packet;  // the whole IP packet
  };
  std::vector<Msg> msgs;
  explicit IcmpRecorder(devices::Host& h) {
    h.stack().add_icmp_listener([this](const net::IpDelivery& d) {
      auto m = wire::IcmpMessage::parse(d.payload());
      if (!m) return;
      msgs.push_back({d.time, d.src, d.dst, d.ttl, m->type, m->code, m->rest,
                      Bytes(m->data.begin(), m->data.end()), d.packet});
    });
  }
  std::vector<Msg> of_type(std::uint8_t type) const {
    std::vector<Msg> out;
    for (const auto& m : msgs)
      if (m.type == type) out.push_back(m);
    return out;
  }
};

inline Bytes echo_payload(std::size_t n) {
  Bytes d(n);
  for (std::size_t i = 0; i < n; ++i) d[i] = static_cast<std::uint8_t>(i * 7 + 3);
  return d;
}

inline Bytes echo_request(std::uint16_t id, std::uint16_t seq, std::size_t data_len) {
  Bytes data = echo_payload(data_len);
  return wire::IcmpMessage::echo(true, id, seq, data).to_bytes();
}

// Frames captured on one cable.
inline std::vector<capture::CapturedFrame> frames_on(devices::World& w, const link::Cable& c) {
  std::vector<capture::CapturedFrame> out;
  for (const auto& f : w.ctx().capture.frames())
    if (f.interface == c.capture_interface()) out.push_back(f);
  return out;
}

// The IPv4 packet inside a captured frame, if it is one.
inline std::optional<wire::Ipv4Packet> ip_of(const capture::CapturedFrame& f) {
  auto e = wire::EthernetFrame::parse(f.bytes);
  if (!e || e->ethertype != 0x0800) return std::nullopt;
  auto p = wire::Ipv4Packet::parse(e->payload);
  if (!p) return std::nullopt;
  return p.value();
}
inline std::optional<wire::ArpPacket> arp_of(const capture::CapturedFrame& f) {
  auto e = wire::EthernetFrame::parse(f.bytes);
  if (!e || e->ethertype != 0x0806) return std::nullopt;
  auto p = wire::ArpPacket::parse(e->payload);
  if (!p) return std::nullopt;
  return p.value();
}

// pc1 10.0.0.1, pc2 10.0.0.2 (and pc3 10.0.0.3) on one switch; 10.0.0.9 is nobody.
struct Lan {
  devices::World world{1};
  devices::Host& pc1 = world.add_host("pc1");
  devices::Host& pc2 = world.add_host("pc2");
  devices::Host& pc3 = world.add_host("pc3");
  devices::LearningSwitch& sw = world.add_switch("sw", 4);
  link::Cable* c1 = nullptr;
  link::Cable* c2 = nullptr;
  link::Cable* c3 = nullptr;
  Lan() {
    pc1.add_interface("eth0", world.next_mac());  // 02:00:00:00:00:01
    pc2.add_interface("eth0", world.next_mac());  // 02:00:00:00:00:02
    pc3.add_interface("eth0", world.next_mac());  // 02:00:00:00:00:03
    address(pc1, 0, "10.0.0.1/24");
    address(pc2, 0, "10.0.0.2/24");
    address(pc3, 0, "10.0.0.3/24");
    c1 = &world.connect(pc1, 0, sw, 0, ms_link());
    c2 = &world.connect(pc2, 0, sw, 1, ms_link());
    c3 = &world.connect(pc3, 0, sw, 2, ms_link());
  }
  void run() { world.scheduler().run_until_idle(world.now() + seconds(120)); }
  void run_for(SimDuration d) { world.scheduler().run_until(world.now() + d); }
};


}  // namespace wirelab::nettest
