// Seeded fuzz loops over every codec: random and mutated buffers must never crash (run under
// ASan+UBSan). Only "no crash" and basic invariants of accepted input are asserted.
#include <catch2/catch.hpp>

#include "engine/base/rng.h"
#include "engine/wire/arp.h"
#include "engine/wire/ethernet.h"
#include "engine/wire/icmp.h"
#include "engine/wire/ipv4.h"
#include "engine/wire/udp.h"

using namespace wirelab;
using namespace wirelab::wire;

namespace {
Bytes seed_frame(Rng& rng) {
  // A valid UDP-in-IPv4-in-Ethernet frame with random lengths and options.
  Bytes payload(rng.uniform(64));
  rng.fill(payload.data(), payload.size());
  Ipv4Address a{static_cast<std::uint32_t>(rng.next_u32())}, b{static_cast<std::uint32_t>(rng.next_u32())};
  Bytes udp = UdpDatagram{static_cast<std::uint16_t>(rng.next_u32()), 53, 0, payload}.to_bytes(a, b);
  Ipv4Packet p;
  p.src = a;
  p.dst = b;
  p.protocol = 17;
  Bytes opts(4 * rng.uniform(3), 1);
  p.options = opts;
  p.payload = udp;
  Bytes ip = p.to_bytes();
  return EthernetFrame{MacAddress::broadcast(), {}, 0x0800, ip}.to_bytes();
}

void parse_everything(ByteView frame) {
  auto eth = EthernetFrame::parse(frame);
  if (!eth) return;
  (void)ArpPacket::parse(eth->payload);
  for (bool verify : {true, false}) {
    auto ip = Ipv4Packet::parse(eth->payload, verify);
    if (!ip) continue;
    REQUIRE(ip->header_len() >= 20);
    REQUIRE(ip->header_len() + ip->payload.size() <= eth->payload.size());
    Bytes again = ip->to_bytes();  // re-emit whatever was accepted
    REQUIRE(again.size() == ip->total_length());
    (void)IcmpMessage::parse(ip->payload, verify);
    auto u = UdpDatagram::parse(ip->payload, ip->src, ip->dst, verify);
    if (u) REQUIRE(u->payload.size() + 8 <= ip->payload.size());
  }
  (void)IcmpMessage::parse(frame);
  (void)UdpDatagram::parse(frame, {}, {});
  (void)Ipv4Packet::parse(frame);
}
}  // namespace

TEST_CASE("fuzz: random buffers never crash the codecs", "[wire][fuzz]") {
  Rng rng(12345);
  for (int i = 0; i < 3000; ++i) {
    Bytes b(rng.uniform(120));
    rng.fill(b.data(), b.size());
    if (b.size() > 14 && rng.uniform(2)) {  // steer half of them towards IPv4/ARP
      b[12] = 0x08;
      b[13] = rng.uniform(2) ? 0x00 : 0x06;
      if (b.size() > 15 && rng.uniform(2)) b[14] = static_cast<std::uint8_t>(0x40 | (b[14] & 15));
    }
    parse_everything(b);
  }
}

TEST_CASE("fuzz: mutated valid frames never crash the codecs", "[wire][fuzz]") {
  Rng rng(777);
  std::size_t accepted = 0;
  for (int i = 0; i < 4000; ++i) {
    Bytes b = seed_frame(rng);
    const int flips = 1 + static_cast<int>(rng.uniform(4));
    for (int f = 0; f < flips; ++f) b[rng.uniform(b.size())] ^= static_cast<std::uint8_t>(1 + rng.uniform(255));
    if (rng.uniform(4) == 0) b.resize(rng.uniform(b.size() + 1));  // truncate
    if (rng.uniform(8) == 0) b.resize(b.size() + rng.uniform(40), 0xff);  // extend
    parse_everything(b);
    if (auto e = EthernetFrame::parse(b); e && Ipv4Packet::parse(e->payload)) ++accepted;
  }
  CHECK(accepted > 0);  // the mutator still produces some valid input
}
