// IPv4 in the stack: forwarding through routers, longest-prefix match, TTL and the ICMP errors
// (RFC 792 quoting), fragmentation, reassembly and its failures, loopback.
#include <catch2/catch.hpp>

#include "net_fixture.h"

using namespace wirelab;
using namespace wirelab::nettest;

namespace {
// The ICMP messages inside IPv4 packets captured on a cable.
struct WireIcmp {
  SimTime time;
  wire::Ipv4Packet ip;
  Bytes ip_bytes;
  wire::IcmpMessage icmp;
};
std::vector<WireIcmp> icmp_on(devices::World& w, const link::Cable& c, std::uint8_t type) {
  std::vector<WireIcmp> out;
  for (const auto& f : frames_on(w, c)) {
    auto p = ip_of(f);
    if (!p || p->protocol != 1 || p->is_fragment()) continue;
    auto m = wire::IcmpMessage::parse(p->payload);
    if (m && m->type == type) out.push_back({f.time, *p, Bytes(), *m});
  }
  return out;
}
// The IPv4 packet (bytes) pc1 put on its cable with this identification.
Bytes sent_packet(devices::World& w, const link::Cable& c, std::uint16_t id) {
  for (const auto& f : frames_on(w, c)) {
    auto p = ip_of(f);
    if (p && p->identification == id && (f.direction == capture::Direction::AtoB)) return p->to_bytes();
  }
  return {};
}
}  // namespace

TEST_CASE("ipv4: ping through two routers, TTL decremented per hop", "[net][ipv4]") {
  Routed n;
  IcmpRecorder rec(n.pc1);
  auto r = n.pc1.stack().send(ip("10.0.2.2"), 1, echo_request(9, 1, 56));
  REQUIRE(r.ok());
  n.run();
  auto replies = rec.of_type(0);
  REQUIRE(replies.size() == 1);
  CHECK(replies[0].src == ip("10.0.2.2"));
  CHECK(replies[0].ttl == 62);  // 64 minus two routers
  CHECK(replies[0].data == echo_payload(56));
  // the request crossed the middle link with TTL 63
  bool seen = false;
  for (const auto& f : frames_on(n.world, *n.c_mid))
    if (auto p = ip_of(f); p && p->identification == r.id) {
      CHECK(p->ttl == 63);
      seen = true;
    }
  CHECK(seen);
  CHECK(n.r1.stack().counters().ip_forwarded == 2);
  CHECK(n.r2.stack().counters().ip_forwarded == 2);
  CHECK(n.pc2.stack().counters().ip_forwarded == 0);
}

TEST_CASE("routing table: longest prefix, then metric, then first added", "[net][ipv4]") {
  net::RoutingTable t;
  auto add = [&](const char* dst, const char* gw, std::size_t iface, std::uint32_t metric = 0) {
    t.add(net::Route{*wire::Ipv4Prefix::parse(dst), ip(gw), iface, metric, net::RouteOrigin::Static});
  };
  add("0.0.0.0/0", "192.0.2.1", 0);
  add("10.1.0.0/16", "192.0.2.2", 1);
  add("10.1.2.99/24", "192.0.2.3", 2);  // stored in network form
  add("10.1.2.0/24", "192.0.2.4", 3, 5);
  add("10.1.2.0/24", "192.0.2.5", 4, 5);
  CHECK(t.lookup(ip("10.1.2.7"))->interface == 2);
  CHECK(t.lookup(ip("10.1.2.7"))->destination.to_string() == "10.1.2.0/24");
  CHECK(t.lookup(ip("10.1.3.7"))->interface == 1);
  CHECK(t.lookup(ip("8.8.8.8"))->interface == 0);
  CHECK(t.remove(*wire::Ipv4Prefix::parse("10.1.2.0/24"), ip("192.0.2.3")) == 1);
  CHECK(t.lookup(ip("10.1.2.7"))->interface == 3);  // equal metric: first added
  CHECK(t.remove(*wire::Ipv4Prefix::parse("10.1.2.0/24")) == 2);
  CHECK(t.lookup(ip("10.1.2.7"))->interface == 1);
  add("10.1.2.0/24", "192.0.2.6", 6, 10);
  add("10.1.2.0/24", "192.0.2.7", 7, 1);
  CHECK(t.lookup(ip("10.1.2.7"))->interface == 7);  // lower metric wins
  CHECK(t.routes().front().destination.length == 0);  // default first in listings
  net::RoutingTable empty;
  CHECK_FALSE(empty.lookup(ip("1.2.3.4")));
}

TEST_CASE("ipv4: a router picks /24 over /16 over default", "[net][ipv4]") {
  // r has four legs; hosts behind three of them; which one gets the packet depends on the prefix.
  devices::World w(1);
  auto& src = w.add_host("src");
  auto& r = w.add_host("r", true);
  auto& g16 = w.add_host("g16");
  auto& g24 = w.add_host("g24");
  auto& gdef = w.add_host("gdef");
  src.add_interface("eth0", w.next_mac());
  for (int i = 0; i < 4; ++i) r.add_interface("eth" + std::to_string(i), w.next_mac());
  for (auto* g : {&g16, &g24, &gdef}) g->add_interface("eth0", w.next_mac());
  address(src, 0, "10.9.0.2/24");
  address(r, 0, "10.9.0.1/24");
  address(r, 1, "192.168.16.1/24");
  address(r, 2, "192.168.24.1/24");
  address(r, 3, "192.168.0.1/24");
  address(g16, 0, "192.168.16.2/24");
  address(g24, 0, "192.168.24.2/24");
  address(gdef, 0, "192.168.0.2/24");
  route(src, "0.0.0.0/0", "10.9.0.1", 0);
  route(r, "172.16.0.0/16", "192.168.16.2", 1);
  route(r, "172.16.5.0/24", "192.168.24.2", 2);
  route(r, "0.0.0.0/0", "192.168.0.2", 3);
  w.connect(src, 0, r, 0, ms_link());
  w.connect(r, 1, g16, 0, ms_link());
  w.connect(r, 2, g24, 0, ms_link());
  w.connect(r, 3, gdef, 0, ms_link());
  // The gateways are hosts (not forwarding): they count what they got but do not forward.
  src.stack().send(ip("172.16.5.9"), 17, Bytes(8, 0));
  w.scheduler().run_until_idle(seconds(60));
  CHECK(g24.stack().counters().ip_not_forwarded == 1);
  CHECK(g16.stack().counters().ip_not_forwarded == 0);
  src.stack().send(ip("172.16.6.9"), 17, Bytes(8, 0));
  w.scheduler().run_until_idle(seconds(60));
  CHECK(g16.stack().counters().ip_not_forwarded == 1);
  CHECK(gdef.stack().counters().ip_not_forwarded == 0);
  src.stack().send(ip("8.8.8.8"), 17, Bytes(8, 0));
  w.scheduler().run_until_idle(seconds(60));
  CHECK(gdef.stack().counters().ip_not_forwarded == 1);
  CHECK(g24.stack().counters().ip_not_forwarded == 1);
}

TEST_CASE("ipv4: TTL expiry draws time exceeded quoting the header + 8 bytes exactly", "[net][ipv4][icmp]") {
  Routed n;
  IcmpRecorder rec(n.pc1);
  Bytes echo = echo_request(0x77, 1, 56);
  net::IpSendOptions o;
  o.ttl = 1;
  auto s1 = n.pc1.stack().send(ip("10.0.2.2"), 1, echo, o);
  REQUIRE(s1.ok());
  n.run();
  auto te = rec.of_type(11);
  REQUIRE(te.size() == 1);
  CHECK(te[0].code == 0);
  CHECK(te[0].src == ip("10.0.1.1"));
  CHECK(te[0].ttl == 255);  // routers answer with TTL 255
  Bytes original = sent_packet(n.world, *n.c_pc1, s1.id);
  REQUIRE(original.size() == 20 + 64);
  CHECK(te[0].data == Bytes(original.begin(), original.begin() + 28));
  CHECK(te[0].rest == 0);
  CHECK(n.r1.stack().counters().ip_ttl_expired == 1);
  CHECK(n.r2.stack().counters().ip_in == 0);

  o.ttl = 2;
  auto s2 = n.pc1.stack().send(ip("10.0.2.2"), 1, echo, o);
  n.run();
  te = rec.of_type(11);
  REQUIRE(te.size() == 2);
  CHECK(te[1].src == ip("10.0.12.2"));
  CHECK(te[1].ttl == 254);  // one router hop back
  // the quoted header is the one r2 received: TTL 1 and its checksum updated
  CHECK(te[1].data[8] == 1);
  CHECK(read_u16(te[1].data, 4) == s2.id);
  CHECK(wire::internet_checksum(ByteView(te[1].data).first(20)) == 0);
  CHECK(Bytes(te[1].data.begin() + 20, te[1].data.end()) == Bytes(echo.begin(), echo.begin() + 8));
}

TEST_CASE("ipv4: time exceeded quotes IP options too", "[net][ipv4][icmp]") {
  // A packet with a 4-byte option (NOP NOP NOP EOL) sent raw from pc1 with TTL 1.
  Routed n;
  IcmpRecorder rec(n.pc1);
  n.pc1.stack().send(ip("10.0.1.1"), 1, echo_request(1, 1, 8));  // resolve ARP first
  n.run();
  wire::Ipv4Packet p;
  p.src = ip("10.0.1.2");
  p.dst = ip("10.0.2.2");
  p.protocol = 17;
  p.ttl = 1;
  p.identification = 0x5151;
  Bytes opts{1, 1, 1, 0};
  p.options = opts;
  Bytes udp = wire::UdpDatagram{1000, 2000, 0, Bytes(20, 0xaa)}.to_bytes(p.src, p.dst);
  p.payload = udp;
  Bytes ipb = p.to_bytes();
  auto mac_r1 = n.r1.stack().interfaces()[0].mac;
  n.pc1.send(0, wire::EthernetFrame{mac_r1, n.pc1.stack().interfaces()[0].mac, 0x0800, ipb}.to_bytes());
  n.run();
  auto te = rec.of_type(11);
  REQUIRE(te.size() == 1);
  CHECK(te[0].data == Bytes(ipb.begin(), ipb.begin() + 24 + 8));
}

TEST_CASE("ipv4: net unreachable from the router", "[net][ipv4][icmp]") {
  Routed n;
  IcmpRecorder rec(n.pc1);
  Bytes echo = echo_request(3, 1, 56);
  auto s = n.pc1.stack().send(ip("172.16.0.1"), 1, echo);
  n.run();
  auto un = rec.of_type(3);
  REQUIRE(un.size() == 1);
  CHECK(un[0].code == 0);
  CHECK(un[0].src == ip("10.0.1.1"));
  Bytes original = sent_packet(n.world, *n.c_pc1, s.id);
  CHECK(un[0].data == Bytes(original.begin(), original.begin() + 28));
  CHECK(n.r1.stack().counters().ip_no_route == 1);
  // a host without any route refuses locally
  net::IpStack& st = n.pc2.stack();
  st.routes().remove(*wire::Ipv4Prefix::parse("0.0.0.0/0"));
  auto fail = st.send(ip("172.16.0.1"), 1, echo);
  REQUIRE(fail.error);
  CHECK(*fail.error == net::SendError::NetworkUnreachable);
}

TEST_CASE("ipv4: protocol unreachable and port unreachable from a host", "[net][ipv4][icmp]") {
  Lan lan;
  IcmpRecorder rec(lan.pc1);
  Bytes junk(12, 0x5a);
  auto s1 = lan.pc1.stack().send(ip("10.0.0.2"), 253, junk);
  lan.run();
  auto un = rec.of_type(3);
  REQUIRE(un.size() == 1);
  CHECK(un[0].code == 2);
  CHECK(un[0].src == ip("10.0.0.2"));
  CHECK(read_u16(un[0].data, 4) == s1.id);
  CHECK(un[0].data.size() == 28);
  CHECK(lan.pc2.stack().counters().unknown_protocol == 1);

  Bytes udp = wire::UdpDatagram{40000, 33434, 0, Bytes(3, 1)}.to_bytes(ip("10.0.0.1"), ip("10.0.0.2"));
  auto s2 = lan.pc1.stack().send(ip("10.0.0.2"), 17, udp);
  lan.run();
  un = rec.of_type(3);
  REQUIRE(un.size() == 2);
  CHECK(un[1].code == 3);
  CHECK(read_u16(un[1].data, 4) == s2.id);
  // quotes the whole 11-byte UDP datagram? No: header + 8 bytes only.
  CHECK(un[1].data.size() == 28);
  CHECK(Bytes(un[1].data.begin() + 20, un[1].data.end()) == Bytes(udp.begin(), udp.begin() + 8));

  // a protocol handler that accepts: no error; one that declines: port unreachable
  int handled = 0;
  lan.pc2.stack().set_protocol_handler(17, [&](const net::IpDelivery& d) {
    ++handled;
    return read_u16(d.payload(), 2) == 53;
  });
  Bytes dns = wire::UdpDatagram{40000, 53, 0, Bytes(3, 1)}.to_bytes(ip("10.0.0.1"), ip("10.0.0.2"));
  lan.pc1.stack().send(ip("10.0.0.2"), 17, dns);
  lan.run();
  CHECK(handled == 1);
  CHECK(rec.of_type(3).size() == 2);
  lan.pc1.stack().send(ip("10.0.0.2"), 17, udp);
  lan.run();
  CHECK(handled == 2);
  CHECK(rec.of_type(3).size() == 3);
}

TEST_CASE("ipv4: fragmentation needed with the next-hop MTU (DF set)", "[net][ipv4][icmp]") {
  Routed n(576);
  IcmpRecorder rec(n.pc1);
  net::IpSendOptions o;
  o.dont_fragment = true;
  Bytes echo = echo_request(5, 1, 972);  // 20 + 980 = 1000 bytes
  auto s = n.pc1.stack().send(ip("10.0.2.2"), 1, echo, o);
  REQUIRE(s.ok());
  n.run();
  auto un = rec.of_type(3);
  REQUIRE(un.size() == 1);
  CHECK(un[0].code == 4);
  CHECK((un[0].rest & 0xffff) == 576);
  CHECK((un[0].rest >> 16) == 0);
  CHECK(un[0].src == ip("10.0.1.1"));
  CHECK(read_u16(un[0].data, 4) == s.id);
  CHECK(rec.of_type(0).empty());
  CHECK(n.pc2.stack().counters().ip_in == 0);
  // a DF packet larger than the local MTU is refused at the source
  auto big = n.pc1.stack().send(ip("10.0.2.2"), 1, echo_request(5, 2, 2000), o);
  REQUIRE(big.error);
  CHECK(*big.error == net::SendError::MessageTooLong);
  CHECK(big.mtu == 1500);
  // and a datagram over 65535 bytes is refused outright
  auto huge = n.pc1.stack().send(ip("10.0.2.2"), 17, Bytes(65535 - 19, 0));
  REQUIRE(huge.error);
  CHECK(*huge.error == net::SendError::MessageTooLong);
}

TEST_CASE("ipv4: a 3000-byte ping is fragmented across an MTU 576 link and reassembled", "[net][ipv4][frag]") {
  Routed n(576);
  IcmpRecorder rec(n.pc1);
  auto s = n.pc1.stack().send(ip("10.0.2.2"), 1, echo_request(0xabc, 1, 3000));
  REQUIRE(s.ok());
  n.run();
  auto replies = rec.of_type(0);
  REQUIRE(replies.size() == 1);
  CHECK(replies[0].data == echo_payload(3000));
  CHECK(read_u16(replies[0].packet, 2) == 20 + 8 + 3000);
  CHECK(n.pc2.stack().counters().ip_reasm_ok == 1);
  CHECK(n.pc1.stack().counters().ip_reasm_ok == 1);
  // on pc1's cable: 3 fragments (1480 + 1480 + 48 bytes of payload)
  std::vector<std::size_t> first_leg;
  for (const auto& f : frames_on(n.world, *n.c_pc1))
    if (auto p = ip_of(f); p && p->identification == s.id && p->src == ip("10.0.1.2")) first_leg.push_back(p->payload.size());
  CHECK(first_leg == std::vector<std::size_t>{1480, 1480, 48});
  // on the narrow link: each piece refragmented to at most 576-byte packets, offsets aligned
  std::vector<std::pair<std::size_t, std::size_t>> mid;  // (offset, length)
  bool last_has_mf = true;
  for (const auto& f : frames_on(n.world, *n.c_mid)) {
    auto p = ip_of(f);
    if (!p || p->identification != s.id || p->src != ip("10.0.1.2")) continue;
    CHECK(p->total_length() <= 576);
    CHECK(f.bytes.size() <= 576 + 14);
    mid.emplace_back(std::size_t{p->fragment_offset} * 8, p->payload.size());
    last_has_mf = p->more_fragments;
  }
  CHECK(mid == std::vector<std::pair<std::size_t, std::size_t>>{
                   {0, 552}, {552, 552}, {1104, 376}, {1480, 552}, {2032, 552}, {2584, 376}, {2960, 48}});
  CHECK_FALSE(last_has_mf);
  CHECK(n.r1.stack().counters().ip_frag_created == 6);  // the 48-byte tail passes through whole
}

namespace {
// Injects an IPv4 packet into pc2 of a Lan as if pc1 had sent it.
void inject(Lan& lan, const Bytes& ip_bytes) {
  auto dst = lan.pc2.stack().interfaces()[0].mac;
  auto src = lan.pc1.stack().interfaces()[0].mac;
  lan.pc2.receive(0, wire::EthernetFrame{dst, src, 0x0800, ip_bytes}.to_bytes());
}
Bytes fragment(const Bytes& payload, std::size_t offset, std::size_t len, bool mf, std::uint16_t id = 0x9999) {
  wire::Ipv4Packet p;
  p.src = ip("10.0.0.1");
  p.dst = ip("10.0.0.2");
  p.protocol = 1;
  p.identification = id;
  p.more_fragments = mf;
  p.fragment_offset = static_cast<std::uint16_t>(offset / 8);
  p.payload = ByteView(payload).subspan(offset, len);
  return p.to_bytes();
}
}  // namespace

TEST_CASE("ipv4: fragments injected out of order reassemble; duplicates are harmless", "[net][ipv4][frag]") {
  Lan lan;
  IcmpRecorder rec(lan.pc1);
  lan.pc1.stack().send(ip("10.0.0.2"), 1, echo_request(1, 1, 8));  // ARP both ways
  lan.run();
  Bytes echo = echo_request(2, 2, 100);  // 108 bytes
  inject(lan, fragment(echo, 96, 12, false));
  inject(lan, fragment(echo, 0, 48, true));
  inject(lan, fragment(echo, 0, 48, true));  // exact duplicate
  inject(lan, fragment(echo, 48, 48, true));
  lan.run();
  CHECK(lan.pc2.stack().counters().ip_reasm_ok == 1);
  REQUIRE(rec.of_type(0).size() == 2);
  CHECK(rec.of_type(0)[1].data == echo_payload(100));
}

TEST_CASE("ipv4: an overlapping fragment discards the datagram", "[net][ipv4][frag]") {
  Lan lan;
  IcmpRecorder rec(lan.pc1);
  lan.pc1.stack().send(ip("10.0.0.2"), 1, echo_request(1, 1, 8));
  lan.run();
  Bytes echo = echo_request(2, 2, 100);
  inject(lan, fragment(echo, 0, 48, true));
  Bytes tampered = echo;
  tampered[50] ^= 0xff;
  inject(lan, fragment(tampered, 40, 48, true));  // overlaps bytes 40..47 with different data
  inject(lan, fragment(echo, 48, 48, true));
  inject(lan, fragment(echo, 96, 12, false));
  lan.run();
  CHECK(lan.pc2.stack().counters().ip_reasm_ok == 0);
  CHECK(lan.pc2.stack().counters().ip_reasm_failed >= 1);
  CHECK(rec.of_type(0).size() == 1);  // only the first, ordinary ping
  lan.world.scheduler().run_until(lan.world.now() + seconds(31));
  // the remnants (no fragment 0) time out silently: no time exceeded
  CHECK(rec.of_type(11).empty());
}

TEST_CASE("ipv4: reassembly timeout sends time exceeded code 1 only if fragment 0 arrived", "[net][ipv4][frag]") {
  Lan lan;
  IcmpRecorder rec(lan.pc1);
  lan.pc1.stack().send(ip("10.0.0.2"), 1, echo_request(1, 1, 8));
  lan.run();
  const SimTime t0 = lan.world.now();
  Bytes echo = echo_request(2, 2, 100);
  Bytes first = fragment(echo, 0, 48, true, 0x1111);
  inject(lan, first);
  inject(lan, fragment(echo, 48, 48, true, 0x2222));  // another datagram, without its fragment 0
  lan.world.scheduler().run_until(t0 + seconds(30) - 1);
  CHECK(rec.of_type(11).empty());
  lan.run();
  auto te = rec.of_type(11);
  REQUIRE(te.size() == 1);
  CHECK(te[0].code == 1);
  CHECK(te[0].src == ip("10.0.0.2"));
  CHECK(te[0].time == t0 + seconds(30) + milliseconds(2));  // sent at 30 s, 2 ms via the switch
  CHECK(te[0].data == Bytes(first.begin(), first.begin() + 28));
  CHECK(lan.pc2.stack().counters().ip_reasm_failed == 2);
}

TEST_CASE("ipv4: no ICMP error about an ICMP error, a broadcast, or a non-first fragment", "[net][ipv4][icmp]") {
  SECTION("an ICMP error that cannot be routed draws nothing") {
    Routed n;
    IcmpRecorder rec(n.pc1);
    const Bytes quote(28, 0);
    wire::IcmpMessage err{3, 3, 0, 0, quote};
    n.pc1.stack().send(ip("172.16.0.1"), 1, err.to_bytes());
    n.run();
    CHECK(n.r1.stack().counters().ip_no_route == 1);
    CHECK(n.r1.stack().counters().icmp_errors_out == 0);
    CHECK(rec.msgs.empty());
    // with TTL 1 neither
    net::IpSendOptions o;
    o.ttl = 1;
    wire::IcmpMessage te{11, 0, 0, 0, quote};
    n.pc1.stack().send(ip("10.0.2.2"), 1, te.to_bytes(), o);
    n.run();
    CHECK(n.r1.stack().counters().ip_ttl_expired == 1);
    CHECK(n.r1.stack().counters().icmp_errors_out == 0);
    // but an echo request with TTL 1 does (ICMP non-errors are fine)
    n.pc1.stack().send(ip("10.0.2.2"), 1, echo_request(1, 1, 8), o);
    n.run();
    CHECK(n.r1.stack().counters().icmp_errors_out == 1);
  }
  SECTION("UDP to a broadcast address draws no port unreachable") {
    Lan lan;
    IcmpRecorder rec(lan.pc1);
    Bytes udp = wire::UdpDatagram{1, 9, 0, Bytes(4, 0)}.to_bytes(ip("10.0.0.1"), ip("255.255.255.255"));
    REQUIRE(lan.pc1.stack().send(ip("255.255.255.255"), 17, udp).ok());
    Bytes udp2 = wire::UdpDatagram{1, 9, 0, Bytes(4, 0)}.to_bytes(ip("10.0.0.1"), ip("10.0.0.255"));
    REQUIRE(lan.pc1.stack().send(ip("10.0.0.255"), 17, udp2).ok());
    lan.run();
    CHECK(lan.pc2.stack().counters().ip_delivered == 2);
    CHECK(lan.pc3.stack().counters().ip_delivered == 2);
    CHECK(lan.pc2.stack().counters().icmp_errors_out == 0);
    CHECK(lan.pc3.stack().counters().icmp_errors_out == 0);
    CHECK(rec.msgs.empty());
    CHECK(lan.pc1.stack().counters().arp_requests_out == 0);  // broadcasts need no ARP
  }
  SECTION("echo requests to a broadcast are ignored by default") {
    Lan lan;
    IcmpRecorder rec(lan.pc1);
    lan.pc1.stack().send(ip("10.0.0.255"), 1, echo_request(1, 1, 8));
    lan.run();
    CHECK(rec.of_type(0).empty());
    lan.pc2.stack().config().echo_ignore_broadcasts = false;
    lan.pc1.stack().send(ip("10.0.0.255"), 1, echo_request(1, 2, 8));
    lan.run();
    REQUIRE(rec.of_type(0).size() == 1);
    CHECK(rec.of_type(0)[0].src == ip("10.0.0.2"));
  }
}

TEST_CASE("ipv4: loopback ping to the own address and to 127.0.0.1", "[net][ipv4]") {
  Lan lan;
  IcmpRecorder rec(lan.pc1);
  for (const char* dst : {"10.0.0.1", "127.0.0.1"}) {
    rec.msgs.clear();
    auto s = lan.pc1.stack().send(ip(dst), 1, echo_request(4, 1, 56));
    REQUIRE(s.ok());
    lan.run();
    // raw-socket semantics: the listener sees the request and the reply, both local
    REQUIRE(rec.msgs.size() == 2);
    CHECK(rec.msgs[0].type == 8);
    CHECK(rec.msgs[1].type == 0);
    CHECK(rec.msgs[1].src == ip(dst));
    CHECK(rec.msgs[1].dst == ip(dst));
    CHECK(rec.msgs[1].data == echo_payload(56));
    CHECK(rec.msgs[1].time == 0);  // no wire, no delay
  }
  CHECK(lan.world.ctx().capture.frames().empty());
  CHECK(lan.pc1.stack().counters().arp_requests_out == 0);
  // a big loopback datagram is not fragmented
  rec.msgs.clear();
  REQUIRE(lan.pc1.stack().send(ip("127.0.0.1"), 1, echo_request(4, 2, 5000)).ok());
  lan.run();
  REQUIRE(rec.msgs.size() == 2);
  CHECK(rec.msgs[1].data.size() == 5000);
  CHECK(lan.pc1.stack().counters().ip_frag_created == 0);
}

TEST_CASE("ipv4: an MTU too small to fragment into drops instead of looping forever", "[net][ipv4][frag]") {
  // Below RFC 791's minimum of 68 (the scenario loader refuses it; the C++ API does not).
  devices::World w(1);
  auto& a = w.add_host("a");
  auto& b = w.add_host("b");
  a.add_interface("eth0", w.next_mac(), 24);
  b.add_interface("eth0", w.next_mac(), 24);
  address(a, 0, "10.0.0.1/24");
  address(b, 0, "10.0.0.2/24");
  a.stack().arp().add_static(ip("10.0.0.2"), b.stack().interfaces()[0].mac, 0);
  w.connect(a, 0, b, 0, ms_link(24));
  auto r = a.stack().send(ip("10.0.0.2"), 17, Bytes(100, 0));
  CHECK(r.ok());
  w.scheduler().run_until_idle(seconds(10));
  CHECK(a.stack().interfaces()[0].tx_dropped == 1);
  CHECK(w.ctx().capture.frames().empty());
}
