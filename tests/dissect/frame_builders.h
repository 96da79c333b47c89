// Test helpers: build real frames with the wire codecs (ARP, IPv4, ICMP, UDP over Ethernet).
#pragma once
#include <cstdint>

#include "engine/base/bytes.h"
#include "engine/wire/arp.h"
#include "engine/wire/ethernet.h"
#include "engine/wire/icmp.h"
#include "engine/wire/ipv4.h"
#include "engine/wire/udp.h"

namespace wirelab::testing {

inline wire::MacAddress mac(std::uint8_t last) { return {{0x02, 0, 0, 0, 0, last}}; }
inline wire::Ipv4Address ip(const char* s) { return *wire::Ipv4Address::parse(s); }

inline Bytes ethernet(wire::MacAddress dst, wire::MacAddress src, std::uint16_t type, ByteView payload) {
  wire::EthernetFrame f;
  f.dst = dst;
  f.src = src;
  f.ethertype = type;
  f.payload = payload;
  return f.to_bytes();
}

inline Bytes arp_frame(bool request, wire::MacAddress smac, const char* sip, wire::MacAddress tmac, const char* tip) {
  wire::ArpPacket a;
  a.operation = request ? 1 : 2;
  a.sender_mac = smac;
  a.sender_ip = ip(sip);
  a.target_mac = request ? wire::MacAddress{} : tmac;
  a.target_ip = ip(tip);
  Bytes p = a.to_bytes();
  return ethernet(request ? wire::MacAddress::broadcast() : tmac, smac, 0x0806, p);
}

inline Bytes ipv4_packet(const char* src, const char* dst, std::uint8_t proto, ByteView payload,
                         std::uint8_t ttl = 64, std::uint16_t id = 1, bool df = false) {
  wire::Ipv4Packet p;
  p.src = ip(src);
  p.dst = ip(dst);
  p.protocol = proto;
  p.ttl = ttl;
  p.identification = id;
  p.dont_fragment = df;
  p.payload = payload;
  return p.to_bytes();
}

inline Bytes ip_frame(wire::MacAddress dmac, wire::MacAddress smac, const Bytes& ip_bytes) {
  return ethernet(dmac, smac, 0x0800, ip_bytes);
}

inline Bytes icmp_echo_ip(bool request, const char* src, const char* dst, std::uint16_t id, std::uint16_t seq,
                          std::uint8_t ttl = 64, std::size_t data_len = 56) {
  Bytes data(data_len);
  for (std::size_t i = 0; i < data_len; ++i) data[i] = static_cast<std::uint8_t>(i);
  Bytes icmp = wire::IcmpMessage::echo(request, id, seq, data).to_bytes();
  return ipv4_packet(src, dst, 1, icmp, ttl, static_cast<std::uint16_t>(seq + (request ? 0 : 100)));
}

inline Bytes udp_ip(const char* src, const char* dst, std::uint16_t sport, std::uint16_t dport, std::size_t len,
                    std::uint8_t ttl = 64) {
  Bytes data(len, 0x41);
  wire::UdpDatagram u;
  u.src_port = sport;
  u.dst_port = dport;
  u.payload = data;
  Bytes d = u.to_bytes(ip(src), ip(dst));
  return ipv4_packet(src, dst, 17, d, ttl, 7);
}

// An ICMP error (type/code) sent by `from` about `original` (an IPv4 packet): quotes its header
// + 8 bytes, as RFC 792 asks.
inline Bytes icmp_error_ip(std::uint8_t type, std::uint8_t code, const char* from, const char* to,
                           const Bytes& original, std::uint32_t rest = 0) {
  std::size_t hl = (original[0] & 15) * 4u;
  std::size_t q = hl + 8 < original.size() ? hl + 8 : original.size();
  Bytes quoted(original.begin(), original.begin() + static_cast<std::ptrdiff_t>(q));
  wire::IcmpMessage m;
  m.type = type;
  m.code = code;
  m.rest = rest;
  m.data = quoted;
  return ipv4_packet(from, to, 1, m.to_bytes(), 64, 99);
}

}  // namespace wirelab::testing

#include "engine/capture/capture_log.h"

namespace wirelab::testing {

// A small capture covering every dissector: the frames the tshark comparison also uses.
inline capture::CaptureLog sample_log() {
  capture::CaptureLog log;
  log.epoch_ns = 1700000000LL * 1000000000LL;
  log.add_interface({"pc1:eth0-r1:eth0", "pc1 eth0 <-> r1 eth0", 1500});
  log.add_interface({"r1:eth1-pc2:eth0", "r1 eth1 <-> pc2 eth0", 1500});
  auto m1 = mac(1), m2 = mac(2), mr = mac(0xfe);
  SimTime t = 0;
  auto rec = [&](std::uint32_t iface, const Bytes& b) {
    log.record(t, iface, capture::Direction::AtoB, b);
    t += 1000123;
  };
  rec(0, arp_frame(true, m1, "10.0.0.1", {}, "10.0.0.2"));                      // 1
  rec(0, arp_frame(false, m2, "10.0.0.2", m1, "10.0.0.1"));                     // 2
  rec(0, ip_frame(m2, m1, icmp_echo_ip(true, "10.0.0.1", "10.0.0.2", 1, 1)));    // 3
  rec(0, ip_frame(m1, m2, icmp_echo_ip(false, "10.0.0.2", "10.0.0.1", 1, 1)));   // 4
  Bytes probe = udp_ip("10.0.0.1", "10.0.1.9", 33434, 33435, 24, 1);
  rec(0, ip_frame(mr, m1, probe));                                               // 5
  rec(0, ip_frame(m1, mr, icmp_error_ip(11, 0, "10.0.0.254", "10.0.0.1", probe)));  // 6
  Bytes probe2 = udp_ip("10.0.0.1", "10.0.0.2", 40000, 33435, 24, 64);
  rec(0, ip_frame(m1, m2, icmp_error_ip(3, 3, "10.0.0.2", "10.0.0.1", probe2)));    // 7
  rec(0, ip_frame(m1, mr, icmp_error_ip(3, 0, "10.0.0.254", "10.0.0.1", probe)));   // 8
  Bytes big = icmp_echo_ip(true, "10.0.0.1", "10.0.1.9", 2, 3, 64, 1400);
  rec(0, ip_frame(m1, mr, icmp_error_ip(3, 4, "10.0.0.254", "10.0.0.1", big, 1400)));  // 9
  {
    wire::Ipv4Packet p;
    p.src = ip("10.0.0.1");
    p.dst = ip("10.0.0.2");
    p.protocol = 1;
    p.identification = 1;
    p.more_fragments = true;
    Bytes pl(64, 0x11);
    p.payload = pl;
    rec(1, ip_frame(m2, m1, p.to_bytes()));                                      // 10
  }
  {
    Bytes bad = icmp_echo_ip(true, "10.0.0.1", "10.0.0.2", 1, 2);
    bad[10] ^= 0xff;  // corrupt the header checksum
    rec(1, ip_frame(m2, m1, bad));                                               // 11
  }
  rec(1, ip_frame(m2, m1, udp_ip("10.0.0.1", "10.0.0.2", 5353, 53, 12)));       // 12
  return log;
}

}  // namespace wirelab::testing
