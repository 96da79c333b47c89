// Remote input never crashes the stack: malformed frames injected straight into a host are
// counted and dropped, and the host keeps working (a normal ping still succeeds afterwards).
#include <catch2/catch.hpp>

#include "engine/base/rng.h"
#include "net_fixture.h"

using namespace wirelab;
using namespace wirelab::nettest;

namespace {
struct Target {
  Lan lan;
  wire::MacAddress to = lan.pc2.stack().interfaces()[0].mac;
  wire::MacAddress from = lan.pc1.stack().interfaces()[0].mac;
  void in(const Bytes& frame) { lan.pc2.receive(0, frame); }
  void in_ip(const Bytes& ip_bytes) { in(wire::EthernetFrame{to, from, 0x0800, ip_bytes}.to_bytes()); }
  const net::StackCounters& c() { return lan.pc2.stack().counters(); }
  Bytes good_ip() {
    wire::Ipv4Packet p;
    p.src = ip("10.0.0.1");
    p.dst = ip("10.0.0.2");
    p.protocol = 1;
    p.identification = 1;
    p.payload = echo_request_bytes;
    return p.to_bytes();
  }
  Bytes echo_request_bytes = echo_request(1, 1, 16);
  // A normal ping from pc1 still gets its reply.
  bool still_pings(std::uint16_t seq) {
    IcmpRecorder rec(lan.pc1);
    lan.pc1.stack().send(ip("10.0.0.2"), 1, echo_request(0x55, seq, 8));
    lan.run();
    return rec.of_type(0).size() == 1;
  }
};
}  // namespace

TEST_CASE("malformed input: each kind is counted where it belongs", "[net][malformed]") {
  Target t;
  t.in(Bytes(10, 0xff));  // runt
  CHECK(t.c().frames_malformed == 1);
  CHECK(t.lan.pc2.stack().interfaces()[0].rx_errors == 1);

  Bytes ipb = t.good_ip();
  ipb[10] ^= 0x01;  // bad header checksum
  t.in_ip(ipb);
  CHECK(t.c().ip_bad_checksum == 1);

  ipb = t.good_ip();
  ipb[0] = 0x44;  // IHL 4
  t.in_ip(ipb);
  CHECK(t.c().ip_hdr_errors == 1);

  ipb = t.good_ip();
  write_u16(ipb, 2, 1400);  // total length lies (frame is shorter)
  write_u16(ipb, 10, 0);
  write_u16(ipb, 10, wire::internet_checksum(ByteView(ipb).first(20)));
  t.in_ip(ipb);
  CHECK(t.c().ip_hdr_errors == 2);

  ipb = t.good_ip();
  ipb[0] = 0x65;  // version 6 in an IPv4 EtherType
  t.in_ip(ipb);
  CHECK(t.c().ip_hdr_errors == 3);

  t.in_ip(Bytes(12, 0x45));  // IPv4 shorter than a header
  CHECK(t.c().ip_hdr_errors == 4);

  // martian source: loopback address on the wire
  wire::Ipv4Packet mart;
  mart.src = ip("127.0.0.1");
  mart.dst = ip("10.0.0.2");
  mart.protocol = 1;
  mart.payload = t.echo_request_bytes;
  t.in_ip(mart.to_bytes());
  CHECK(t.c().ip_hdr_errors == 5);

  // ICMP with a bad checksum
  ipb = t.good_ip();
  ipb[25] ^= 0x40;
  t.in_ip(ipb);
  CHECK(t.c().icmp_in_errors == 1);
  CHECK(t.c().ip_delivered == 1);  // IP accepted it; ICMP refused it

  // ARP: truncated, and another hardware type
  t.in(wire::EthernetFrame{wire::MacAddress::broadcast(), t.from, 0x0806, Bytes(20, 0)}.to_bytes());
  CHECK(t.c().arp_malformed == 1);
  // 802.3 length field
  Bytes llc = wire::EthernetFrame{t.to, t.from, 0x0800, Bytes(46, 0)}.to_bytes();
  llc[12] = 0x00;
  llc[13] = 0x2e;
  t.in(llc);
  CHECK(t.c().frames_malformed == 2);
  // unknown EtherType (IPv6)
  t.in(wire::EthernetFrame{t.to, t.from, 0x86dd, Bytes(46, 0)}.to_bytes());
  CHECK(t.c().frames_unknown_type == 1);
  // unicast for another MAC
  t.in(wire::EthernetFrame{wire::MacAddress{{2, 0, 0, 0, 0, 0x77}}, t.from, 0x0800, t.good_ip()}.to_bytes());
  CHECK(t.c().frames_not_for_us == 1);

  CHECK(t.c().ip_delivered == 1);
  CHECK(t.c().icmp_in == 0);
  CHECK(t.c().icmp_out == 0);
  CHECK(t.lan.world.ctx().capture.frames().empty());  // nothing answered any of it
  CHECK(t.still_pings(1));
  CHECK(t.c().ip_delivered == 2);
}

TEST_CASE("malformed input: the padded valid frame is still accepted", "[net][malformed]") {
  Target t;
  Bytes frame = wire::EthernetFrame{t.to, t.from, 0x0800, t.good_ip()}.to_bytes();
  frame.resize(frame.size() + 30, 0xee);  // trailing junk after the IP total length
  t.lan.pc1.stack().send(ip("10.0.0.2"), 1, echo_request(9, 9, 1));  // let pc2 learn pc1 (ARP)
  t.lan.run();
  const auto before = t.c().ip_delivered;
  t.in(frame);
  t.lan.run();
  CHECK(t.c().ip_delivered == before + 1);
}

TEST_CASE("malformed input: thousands of random and mutated frames, then a ping", "[net][malformed][fuzz]") {
  Target t;
  Rng rng(4242);
  for (int i = 0; i < 3000; ++i) {
    Bytes f;
    switch (rng.uniform(3)) {
      case 0: {  // random garbage, sometimes with our MAC in front
        f.resize(rng.uniform(200));
        rng.fill(f.data(), f.size());
        if (f.size() >= 14 && rng.uniform(2)) std::copy(t.to.octets.begin(), t.to.octets.end(), f.begin());
        break;
      }
      case 1: {  // a mutated valid IPv4 frame
        Bytes payload(rng.uniform(100));
        rng.fill(payload.data(), payload.size());
        wire::Ipv4Packet p;
        p.src = ip("10.0.0.1");
        p.dst = rng.uniform(2) ? ip("10.0.0.2") : ip("10.0.0.255");
        p.protocol = static_cast<std::uint8_t>(rng.uniform(3) == 0 ? rng.uniform(256) : (rng.uniform(2) ? 1 : 17));
        p.more_fragments = rng.uniform(4) == 0;
        p.fragment_offset = static_cast<std::uint16_t>(rng.uniform(4) == 0 ? rng.uniform(100) : 0);
        p.identification = static_cast<std::uint16_t>(rng.uniform(8));
        p.payload = payload;
        f = wire::EthernetFrame{t.to, t.from, 0x0800, p.to_bytes()}.to_bytes();
        for (int k = static_cast<int>(rng.uniform(3)); k > 0; --k) f[14 + rng.uniform(f.size() - 14)] ^= static_cast<std::uint8_t>(1 + rng.uniform(255));
        if (rng.uniform(5) == 0) f.resize(14 + rng.uniform(f.size() - 13));
        break;
      }
      default: {  // a mutated ARP frame
        wire::ArpPacket a{static_cast<std::uint16_t>(1 + rng.uniform(2)), wire::MacAddress{{2, 0, 0, 0, 1, static_cast<std::uint8_t>(rng.uniform(4))}},
                          wire::Ipv4Address{0x0a000064u + static_cast<std::uint32_t>(rng.uniform(300))}, {}, ip("10.0.0.2")};
        f = wire::EthernetFrame{wire::MacAddress::broadcast(), t.from, 0x0806, a.to_bytes()}.to_bytes();
        f[14 + rng.uniform(28)] ^= static_cast<std::uint8_t>(1 + rng.uniform(255));
        break;
      }
    }
    t.in(f);
    if (i % 100 == 0) t.lan.run_for(milliseconds(50));
  }
  t.lan.run();
  CHECK(t.c().frames_in >= 3000);  // plus whatever pc1 legitimately sent pc2 in answer
  // Garbage ARP may legitimately poison pc2's cache (as on a real LAN); start clean.
  t.lan.pc2.stack().arp().flush();
  CHECK(t.c().frames_malformed + t.c().ip_hdr_errors + t.c().ip_bad_checksum + t.c().arp_malformed > 0);
  CHECK(t.still_pings(7));
}
