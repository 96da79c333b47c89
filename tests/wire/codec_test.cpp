// Wire codecs: decode and encode known byte arrays (hand-computed or from RFC examples),
// round-trips, and rejection of malformed input with the right ErrorKind.
#include <catch2/catch.hpp>

#include "engine/base/bytes.h"
#include "engine/wire/arp.h"
#include "engine/wire/checksum.h"
#include "engine/wire/ethernet.h"
#include "engine/wire/icmp.h"
#include "engine/wire/ipv4.h"
#include "engine/wire/ipv4_address.h"
#include "engine/wire/mac_address.h"
#include "engine/wire/udp.h"

using namespace wirelab;
using namespace wirelab::wire;

namespace {
Ipv4Address ip(const char* s) { return *Ipv4Address::parse(s); }
MacAddress mac(const char* s) { return *MacAddress::parse(s); }
std::string hex(ByteView b) { return to_hex(b, 0); }
}  // namespace

TEST_CASE("checksum: RFC 1071 example, odd lengths, split accumulation", "[wire][checksum]") {
  // RFC 1071 §3: 00 01 f2 03 f4 f5 f6 f7 sums to ddf2, checksum 220d.
  CHECK(internet_checksum(from_hex("0001f203f4f5f6f7")) == 0x220d);
  // Odd length: the last byte is padded with a zero low byte (f600).
  CHECK(internet_checksum(from_hex("0001f203f4f5f6")) == 0x2304);
  CHECK(internet_checksum(from_hex("ff")) == 0x00ff);
  CHECK(internet_checksum(ByteView{}) == 0xffff);
  // Feeding the same bytes in odd-sized pieces gives the same result.
  Bytes data = from_hex("0001f203f4f5f6f7");
  for (std::size_t cut = 0; cut <= data.size(); ++cut) {
    for (std::size_t cut2 = cut; cut2 <= data.size(); ++cut2) {
      ChecksumAccumulator acc;
      acc.add(ByteView(data).subspan(0, cut));
      acc.add(ByteView(data).subspan(cut, cut2 - cut));
      acc.add(ByteView(data).subspan(cut2));
      CAPTURE(cut, cut2);
      CHECK(acc.finish() == 0x220d);
    }
  }
  // A buffer with its checksum inserted sums to zero.
  Bytes withsum = from_hex("0001f203f4f5f6f7220d");
  CHECK(internet_checksum(withsum) == 0);
}

TEST_CASE("addresses: parse and format", "[wire]") {
  CHECK(ip("192.168.0.1").value == 0xc0a80001u);
  CHECK(ip("192.168.0.1").to_string() == "192.168.0.1");
  CHECK_FALSE(Ipv4Address::parse("256.1.1.1"));
  CHECK_FALSE(Ipv4Address::parse("1.2.3"));
  CHECK_FALSE(Ipv4Address::parse("1.2.3.4 "));
  CHECK_FALSE(Ipv4Address::parse("1..2.3"));
  CHECK_FALSE(Ipv4Address::parse("0001.2.3.4"));
  auto p = Ipv4Prefix::parse("10.1.2.3/16");
  REQUIRE(p);
  CHECK(p->network().to_string() == "10.1.0.0");
  CHECK(p->directed_broadcast().to_string() == "10.1.255.255");
  CHECK(p->contains(ip("10.1.200.1")));
  CHECK_FALSE(p->contains(ip("10.2.0.1")));
  CHECK(Ipv4Prefix::parse("0.0.0.0/0")->contains(ip("8.8.8.8")));
  CHECK_FALSE(Ipv4Prefix::parse("1.2.3.4/33"));
  CHECK(mask_to_string(24) == "255.255.255.0");
  CHECK(mask_to_string(0) == "0.0.0.0");
  CHECK(mask_to_string(32) == "255.255.255.255");
  CHECK(mac("02:00:00:AB:cd:01").to_string() == "02:00:00:ab:cd:01");
  CHECK(mac("02-00-00-00-00-01") == mac("02:00:00:00:00:01"));
  CHECK_FALSE(MacAddress::parse("02:00:00:00:00"));
  CHECK_FALSE(MacAddress::parse("02:00:00:00:00:0g"));
  CHECK(mac("01:00:5e:00:00:01").is_multicast());
  CHECK(MacAddress::broadcast().is_broadcast());
}

// A classic ARP request: who has 192.168.1.1? tell 192.168.1.100 (00:0c:29:aa:bb:cc), as
// Wireshark shows it (no FCS, padded to 60 bytes).
static const char* kArpRequestFrame =
    "ffffffffffff000c29aabbcc0806"
    "0001080006040001000c29aabbccc0a80164000000000000c0a80101"
    "000000000000000000000000000000000000";

TEST_CASE("ethernet + arp: decode a captured ARP request", "[wire][arp]") {
  Bytes frame = from_hex(kArpRequestFrame);
  REQUIRE(frame.size() == 60);
  auto eth = EthernetFrame::parse(frame);
  REQUIRE(eth);
  CHECK(eth->dst.is_broadcast());
  CHECK(eth->src == mac("00:0c:29:aa:bb:cc"));
  CHECK(eth->ethertype == 0x0806);
  CHECK(eth->payload.size() == 46);  // padding included
  auto arp = ArpPacket::parse(eth->payload);
  REQUIRE(arp);
  CHECK(arp->operation == 1);
  CHECK(arp->sender_mac == mac("00:0c:29:aa:bb:cc"));
  CHECK(arp->sender_ip == ip("192.168.1.100"));
  CHECK(arp->target_mac.is_zero());
  CHECK(arp->target_ip == ip("192.168.1.1"));
}

TEST_CASE("ethernet + arp: encode gives the exact captured bytes (padded to 60)", "[wire][arp]") {
  ArpPacket a{1, mac("00:0c:29:aa:bb:cc"), ip("192.168.1.100"), MacAddress{}, ip("192.168.1.1")};
  Bytes arp = a.to_bytes();
  CHECK(arp.size() == 28);
  CHECK(a.buffer_len() == 28);
  EthernetFrame f{MacAddress::broadcast(), mac("00:0c:29:aa:bb:cc"), 0x0806, arp};
  CHECK(f.buffer_len() == 60);
  CHECK(hex(f.to_bytes()) == kArpRequestFrame);
  // emit into a dirty buffer still zeroes the padding
  Bytes dirty(60, 0xee);
  f.emit(dirty);
  CHECK(hex(dirty) == kArpRequestFrame);
}

TEST_CASE("ethernet: no padding above the minimum, unknown ethertype kept", "[wire][ethernet]") {
  Bytes payload(100, 0xab);
  EthernetFrame f{mac("02:00:00:00:00:02"), mac("02:00:00:00:00:01"), 0x88b5, payload};
  Bytes b = f.to_bytes();
  CHECK(b.size() == 114);
  auto p = EthernetFrame::parse(b);
  REQUIRE(p);
  CHECK(p->ethertype == 0x88b5);
  CHECK(p->payload.size() == 100);
  CHECK(p->dst == mac("02:00:00:00:00:02"));
  // exactly 46 bytes of payload: 60, no padding
  Bytes p46(46, 1);
  CHECK(EthernetFrame{{}, {}, 0x0800, p46}.to_bytes().size() == 60);
  Bytes p47(47, 1);
  CHECK(EthernetFrame{{}, {}, 0x0800, p47}.to_bytes().size() == 61);
  // a header-only frame parses with an empty payload
  Bytes hdr = from_hex("ffffffffffff0200000000010800");
  auto h = EthernetFrame::parse(hdr);
  REQUIRE(h);
  CHECK(h->payload.empty());
}

TEST_CASE("ethernet: malformed frames are rejected with the right kind", "[wire][ethernet]") {
  Bytes frame = from_hex(kArpRequestFrame);
  for (std::size_t n = 0; n < 14; ++n) {
    auto r = EthernetFrame::parse(ByteView(frame).first(n));
    REQUIRE_FALSE(r);
    CHECK(r.error().kind == ErrorKind::Truncated);
  }
  // An IEEE 802.3 frame: the type field is a length (0x002e)
  frame[12] = 0x00;
  frame[13] = 0x2e;
  auto r = EthernetFrame::parse(frame);
  REQUIRE_FALSE(r);
  CHECK(r.error().kind == ErrorKind::Unsupported);
  frame[12] = 0x05;
  frame[13] = 0xdc;  // 1500: still a length
  CHECK(EthernetFrame::parse(frame).error().kind == ErrorKind::Unsupported);
  frame[12] = 0x06;
  frame[13] = 0x00;  // 0x0600: the first EtherType value
  CHECK(EthernetFrame::parse(frame).ok());
}

TEST_CASE("arp: malformed and unsupported packets", "[wire][arp]") {
  Bytes arp = from_hex("0001080006040002" "020000000002" "c0a80101" "020000000001" "c0a80164");
  auto ok = ArpPacket::parse(arp);
  REQUIRE(ok);
  CHECK(ok->operation == 2);
  CHECK(ok->sender_mac == mac("02:00:00:00:00:02"));
  CHECK(ok->target_mac == mac("02:00:00:00:00:01"));
  CHECK(hex(ok->to_bytes()) == hex(arp));
  CHECK(ArpPacket::parse(ByteView(arp).first(7)).error().kind == ErrorKind::Truncated);
  CHECK(ArpPacket::parse(ByteView(arp).first(27)).error().kind == ErrorKind::Truncated);
  CHECK(ArpPacket::parse(ByteView(arp).first(8)).error().kind == ErrorKind::Truncated);
  Bytes bad = arp;
  bad[1] = 6;  // hardware type IEEE 802
  CHECK(ArpPacket::parse(bad).error().kind == ErrorKind::Unsupported);
  bad = arp;
  bad[2] = 0x86;
  bad[3] = 0xdd;  // protocol IPv6
  CHECK(ArpPacket::parse(bad).error().kind == ErrorKind::Unsupported);
  bad = arp;
  bad[4] = 8;  // hardware length
  CHECK(ArpPacket::parse(bad).error().kind == ErrorKind::Unsupported);
  bad = arp;
  bad[5] = 16;  // protocol length
  CHECK(ArpPacket::parse(bad).error().kind == ErrorKind::Unsupported);
  // unknown opcodes are kept (RARP request 3)
  bad = arp;
  bad[7] = 3;
  auto rarp = ArpPacket::parse(bad);
  REQUIRE(rarp);
  CHECK(rarp->operation == 3);
  CHECK(rarp->to_bytes() == bad);
}

// Wikipedia's IPv4 header checksum example: 192.168.0.1 -> 192.168.0.199, UDP, DF, TTL 64.
static const char* kWikiHeader = "450000730000400040 11b861c0a80001c0a800c7";

TEST_CASE("ipv4: decode a known header (flags, ttl, checksum)", "[wire][ipv4]") {
  Bytes p = from_hex(kWikiHeader);
  REQUIRE(p.size() == 20);
  CHECK(internet_checksum(p) == 0);
  p.resize(0x73, 0x5a);  // total length 115
  auto r = Ipv4Packet::parse(p);
  REQUIRE(r);
  CHECK(r->header_len() == 20);
  CHECK(r->total_length() == 115);
  CHECK(r->payload.size() == 95);
  CHECK(r->dont_fragment);
  CHECK_FALSE(r->more_fragments);
  CHECK_FALSE(r->reserved_flag);
  CHECK(r->fragment_offset == 0);
  CHECK(r->ttl == 64);
  CHECK(r->protocol == 17);
  CHECK(r->checksum == 0xb861);
  CHECK(r->src == ip("192.168.0.1"));
  CHECK(r->dst == ip("192.168.0.199"));
  CHECK(r->identification == 0);
  CHECK_FALSE(r->is_fragment());
  // re-encoding produces the same bytes
  CHECK(hex(r->to_bytes()) == hex(p));
  // link padding after total length is excluded from the payload
  Bytes padded = p;
  padded.resize(p.size() + 10, 0);
  auto rp = Ipv4Packet::parse(padded);
  REQUIRE(rp);
  CHECK(rp->payload.size() == 95);
}

TEST_CASE("ipv4: encode computes the header checksum", "[wire][ipv4]") {
  Ipv4Packet p;
  p.identification = 0x1234;
  p.ttl = 128;
  p.protocol = 1;
  p.src = ip("192.168.0.1");
  p.dst = ip("192.168.0.2");
  Bytes payload(40, 0);
  p.payload = payload;
  Bytes b = p.to_bytes();
  REQUIRE(b.size() == 60);
  CHECK(hex(ByteView(b).first(20)) == "4500003c123400008001a739c0a80001c0a80002");
}

TEST_CASE("ipv4: options, all flag bits, fragment offset", "[wire][ipv4]") {
  // IHL 6 with a Router Alert option (94 04 00 00), MF + reserved + offset 0x0abc.
  Ipv4Packet p;
  p.tos = 0xb8;
  p.identification = 0xabcd;
  p.reserved_flag = true;
  p.more_fragments = true;
  p.fragment_offset = 0x0abc;
  p.ttl = 1;
  p.protocol = 17;
  p.src = ip("10.0.0.1");
  p.dst = ip("224.0.0.1");
  Bytes opt = from_hex("94040000");
  p.options = opt;
  Bytes payload = from_hex("01020304");
  p.payload = payload;
  Bytes b = p.to_bytes();
  REQUIRE(b.size() == 28);
  CHECK(b[0] == 0x46);
  CHECK(b[1] == 0xb8);
  CHECK(read_u16(b, 2) == 28);
  CHECK(read_u16(b, 6) == (0x8000 | 0x2000 | 0x0abc));
  CHECK(internet_checksum(ByteView(b).first(24)) == 0);
  auto r = Ipv4Packet::parse(b);
  REQUIRE(r);
  CHECK(r->header_len() == 24);
  CHECK(hex(r->options) == "94040000");
  CHECK(hex(r->payload) == "01020304");
  CHECK(r->reserved_flag);
  CHECK(r->more_fragments);
  CHECK_FALSE(r->dont_fragment);
  CHECK(r->fragment_offset == 0x0abc);
  CHECK(r->is_fragment());
  CHECK(r->tos == 0xb8);
  CHECK(r->to_bytes() == b);
}

TEST_CASE("ipv4: malformed headers are rejected with the right kind", "[wire][ipv4]") {
  Bytes good = from_hex(kWikiHeader);
  good.resize(0x73, 0);
  auto kind = [](const Bytes& b) { return Ipv4Packet::parse(b).error().kind; };
  for (std::size_t n : {0, 1, 19}) CHECK(Ipv4Packet::parse(ByteView(good).first(n)).error().kind == ErrorKind::Truncated);
  // total length larger than the buffer
  CHECK(Ipv4Packet::parse(ByteView(good).first(114)).error().kind == ErrorKind::Truncated);
  Bytes b = good;
  b[0] = 0x65;  // version 6
  CHECK(kind(b) == ErrorKind::Malformed);
  for (std::uint8_t ihl : {0, 1, 4}) {
    b = good;
    b[0] = static_cast<std::uint8_t>(0x40 | ihl);
    CAPTURE(ihl);
    CHECK(kind(b) == ErrorKind::Malformed);
  }
  b = good;
  write_u16(b, 2, 19);  // total length smaller than the header
  CHECK(kind(b) == ErrorKind::Malformed);
  b = good;
  write_u16(b, 2, 0xffff);  // total length lies
  CHECK(kind(b) == ErrorKind::Truncated);
  b = good;
  b[0] = 0x4f;  // IHL 15 = 60 bytes, but header checksum then covers other bytes
  CHECK(kind(b) == ErrorKind::BadChecksum);
  b = good;
  b[8] = 63;  // TTL changed without fixing the checksum
  CHECK(kind(b) == ErrorKind::BadChecksum);
  CHECK(Ipv4Packet::parse(b, /*verify_checksum=*/false).ok());
  b = good;
  b[11] ^= 1;
  CHECK(kind(b) == ErrorKind::BadChecksum);
}

// An ICMP echo request as Windows ping sends it: id 1, seq 1, 32 bytes "abcdefghijklmnopqrstuvwabcdefghi".
static const char* kWinPingData = "abcdefghijklmnopqrstuvwabcdefghi";

TEST_CASE("icmp: echo request encode/decode with known checksum", "[wire][icmp]") {
  std::string d = kWinPingData;
  Bytes data(d.begin(), d.end());
  auto m = IcmpMessage::echo(true, 1, 1, data);
  Bytes b = m.to_bytes();
  REQUIRE(b.size() == 40);
  CHECK(hex(ByteView(b).first(8)) == "08004d5a00010001");
  auto r = IcmpMessage::parse(b);
  REQUIRE(r);
  CHECK(r->type == 8);
  CHECK(r->code == 0);
  CHECK(r->checksum == 0x4d5a);
  CHECK(r->echo_id() == 1);
  CHECK(r->echo_seq() == 1);
  CHECK(r->data.size() == 32);
  CHECK_FALSE(r->is_error());
  // the reply differs only in type and checksum (+0x0800)
  auto reply = IcmpMessage::echo(false, 1, 1, data).to_bytes();
  CHECK(hex(ByteView(reply).first(8)) == "0000555a00010001");
}

TEST_CASE("icmp: odd-length payload, errors, next-hop MTU", "[wire][icmp]") {
  Bytes data = from_hex("010203");
  auto b = IcmpMessage::echo(true, 0xbeef, 7, data).to_bytes();
  CHECK(b.size() == 11);
  CHECK(internet_checksum(b) == 0);
  REQUIRE(IcmpMessage::parse(b));
  // fragmentation needed with next-hop MTU 576 (RFC 1191)
  IcmpMessage frag{3, 4, 0, 576, data};
  auto fb = frag.to_bytes();
  auto fr = IcmpMessage::parse(fb);
  REQUIRE(fr);
  CHECK(fr->is_error());
  CHECK(fr->next_hop_mtu() == 576);
  CHECK(fb[0] == 3);
  CHECK(fb[1] == 4);
  CHECK(read_u32(fb, 4) == 0x00000240);
  for (std::uint8_t t : {3, 4, 5, 11, 12}) CHECK(IcmpMessage{t, 0, 0, 0, {}}.is_error());
  for (std::uint8_t t : {0, 8, 13, 14, 42}) CHECK_FALSE(IcmpMessage{t, 0, 0, 0, {}}.is_error());
  // unknown types are kept
  IcmpMessage odd{42, 7, 0, 0x01020304, data};
  auto ob = odd.to_bytes();
  auto orr = IcmpMessage::parse(ob);
  REQUIRE(orr);
  CHECK(orr->type == 42);
  CHECK(orr->code == 7);
  CHECK(orr->rest == 0x01020304);
}

TEST_CASE("icmp: malformed messages", "[wire][icmp]") {
  Bytes b = IcmpMessage::echo(true, 1, 1, {}).to_bytes();
  REQUIRE(b.size() == 8);
  for (std::size_t n = 0; n < 8; ++n) CHECK(IcmpMessage::parse(ByteView(b).first(n)).error().kind == ErrorKind::Truncated);
  b[5] ^= 0x10;
  CHECK(IcmpMessage::parse(b).error().kind == ErrorKind::BadChecksum);
  CHECK(IcmpMessage::parse(b, false).ok());
}

TEST_CASE("udp: pseudo-header checksum, known bytes", "[wire][udp]") {
  std::string s = "hello";
  Bytes payload(s.begin(), s.end());
  UdpDatagram u{1234, 53, 0, payload};
  Bytes b = u.to_bytes(ip("10.0.0.1"), ip("10.0.0.2"));
  CHECK(hex(b) == "04d2003500" "0d" "a2f8" "68656c6c6f");
  auto r = UdpDatagram::parse(b, ip("10.0.0.1"), ip("10.0.0.2"));
  REQUIRE(r);
  CHECK(r->src_port == 1234);
  CHECK(r->dst_port == 53);
  CHECK(r->checksum == 0xa2f8);
  CHECK(std::string(r->payload.begin(), r->payload.end()) == "hello");
  // The pseudo-header matters: other addresses make the checksum wrong.
  CHECK(UdpDatagram::parse(b, ip("10.0.0.1"), ip("10.0.0.3")).error().kind == ErrorKind::BadChecksum);
  CHECK(UdpDatagram::parse(b, ip("10.0.0.1"), ip("10.0.0.3"), false).ok());
  // trailing bytes after the UDP length (IP padding) are not payload
  Bytes longer = b;
  longer.push_back(0);
  auto rl = UdpDatagram::parse(longer, ip("10.0.0.1"), ip("10.0.0.2"));
  REQUIRE(rl);
  CHECK(rl->payload.size() == 5);
}

TEST_CASE("udp: zero checksum means none; a computed zero is sent as ffff", "[wire][udp]") {
  std::string s = "hello";
  Bytes payload(s.begin(), s.end());
  Bytes b = UdpDatagram{1234, 53, 0, payload}.to_bytes(ip("10.0.0.1"), ip("10.0.0.2"));
  b[6] = b[7] = 0;  // sender did not compute one
  b[8] ^= 0xff;     // and the payload changes: still accepted
  auto r = UdpDatagram::parse(b, ip("10.0.0.1"), ip("10.0.0.2"));
  REQUIRE(r);
  CHECK(r->checksum == 0);

  // Find a two-byte payload that makes the checksum come out as zero.
  Bytes two(2, 0);
  UdpDatagram probe{1000, 2000, 0, two};
  Bytes pb = probe.to_bytes(ip("10.0.0.1"), ip("10.0.0.2"));
  const std::uint16_t c = read_u16(pb, 6);
  two[0] = static_cast<std::uint8_t>(c >> 8);
  two[1] = static_cast<std::uint8_t>(c);
  UdpDatagram zero{1000, 2000, 0, two};
  Bytes zb = zero.to_bytes(ip("10.0.0.1"), ip("10.0.0.2"));
  CHECK(read_u16(zb, 6) == 0xffff);
  Bytes copy = zb;
  write_u16(copy, 6, 0);
  CHECK(UdpDatagram::compute_checksum(copy, ip("10.0.0.1"), ip("10.0.0.2")) == 0);
  auto zr = UdpDatagram::parse(zb, ip("10.0.0.1"), ip("10.0.0.2"));
  REQUIRE(zr);  // 0xffff verifies like 0 (one's complement)
  CHECK(zr->checksum == 0xffff);
}

TEST_CASE("udp: odd length and malformed datagrams", "[wire][udp]") {
  Bytes payload = from_hex("abcdef");
  Bytes b = UdpDatagram{7, 9, 0, payload}.to_bytes(ip("1.2.3.4"), ip("5.6.7.8"));
  REQUIRE(b.size() == 11);
  REQUIRE(UdpDatagram::parse(b, ip("1.2.3.4"), ip("5.6.7.8")));
  auto src = ip("1.2.3.4"), dst = ip("5.6.7.8");
  for (std::size_t n = 0; n < 8; ++n) CHECK(UdpDatagram::parse(ByteView(b).first(n), src, dst).error().kind == ErrorKind::Truncated);
  CHECK(UdpDatagram::parse(ByteView(b).first(10), src, dst).error().kind == ErrorKind::Truncated);
  Bytes m = b;
  write_u16(m, 4, 7);
  CHECK(UdpDatagram::parse(m, src, dst).error().kind == ErrorKind::Malformed);
  m = b;
  write_u16(m, 4, 200);
  CHECK(UdpDatagram::parse(m, src, dst).error().kind == ErrorKind::Truncated);
  m = b;
  m[10] ^= 1;
  CHECK(UdpDatagram::parse(m, src, dst).error().kind == ErrorKind::BadChecksum);
}

TEST_CASE("round-trip: a full ICMP-in-IPv4-in-Ethernet frame", "[wire]") {
  Bytes data(56);
  for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<std::uint8_t>(i);
  Bytes icmp = IcmpMessage::echo(true, 0x1234, 3, data).to_bytes();
  Ipv4Packet p;
  p.src = ip("10.0.0.1");
  p.dst = ip("10.0.0.2");
  p.protocol = 1;
  p.identification = 77;
  p.dont_fragment = true;
  p.payload = icmp;
  Bytes ipb = p.to_bytes();
  EthernetFrame f{mac("02:00:00:00:00:02"), mac("02:00:00:00:00:01"), 0x0800, ipb};
  Bytes frame = f.to_bytes();
  CHECK(frame.size() == 14 + 20 + 8 + 56);
  auto e = EthernetFrame::parse(frame);
  REQUIRE(e);
  auto i = Ipv4Packet::parse(e->payload);
  REQUIRE(i);
  auto m = IcmpMessage::parse(i->payload);
  REQUIRE(m);
  CHECK(m->echo_id() == 0x1234);
  CHECK(m->echo_seq() == 3);
  CHECK(Bytes(m->data.begin(), m->data.end()) == data);
  EthernetFrame again{e->dst, e->src, e->ethertype, e->payload};
  CHECK(again.to_bytes() == frame);
}
