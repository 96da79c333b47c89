// DhcpServer alone, fed hand-built messages: relay agents (giaddr), wrong-subnet NAK through a
// relay, renewal of an unknown lease, and malformed input.
#include <catch2/catch.hpp>

#include "proto/dhcp/dhcp_harness.h"

using namespace dhcp_test;
using T = DhcpMessageType;

namespace {
DhcpMessage request_from(const char* m, T type, std::uint32_t xid = 0x1234) {
  DhcpMessage r;
  r.xid = xid;
  r.set_client_mac(mac(m));
  r.set_message_type(type);
  return r;
}
ServerConfig two_subnets() {
  ServerConfig c = lan_server();
  Pool far = lan_pool();
  far.subnet = *Ipv4Prefix::parse("10.0.1.0/24");
  far.first = ip("10.0.1.10");
  far.last = ip("10.0.1.20");
  far.routers = {ip("10.0.1.1")};
  c.pools.push_back(far);
  return c;
}
}  // namespace

TEST_CASE("dhcp server: a relayed DISCOVER is offered from the giaddr subnet, sent to port 67", "[dhcp][proto]") {
  DhcpServer s(two_subnets());
  DhcpMessage d = request_from("02:00:00:00:01:01", T::Discover);
  d.giaddr = ip("10.0.1.1");
  d.hops = 1;
  s.on_datagram(0, d.to_bytes(), *Ipv4Prefix::parse("10.0.0.1/24"));
  auto out = s.take_output();
  REQUIRE(out.size() == 1);
  CHECK(out[0].dst == ip("10.0.1.1"));
  CHECK(out[0].dst_port == 67);
  CHECK(out[0].src_port == 67);
  auto offer = DhcpMessage::parse(out[0].payload);
  REQUIRE(offer.ok());
  CHECK(offer->yiaddr == ip("10.0.1.10"));
  CHECK(offer->giaddr == ip("10.0.1.1"));
  CHECK(offer->routers() == std::vector<Ipv4Address>{ip("10.0.1.1")});

  // A relayed INIT-REBOOT REQUEST for an address of the other subnet: NAK via the relay with
  // the broadcast bit set (RFC 2131 §4.3.2).
  DhcpMessage r = request_from("02:00:00:00:01:02", T::Request);
  r.giaddr = ip("10.0.1.1");
  r.set_address_option(wirelab::wire::dhcp_option::kRequestedIp, ip("10.0.0.100"));
  s.on_datagram(1, r.to_bytes(), *Ipv4Prefix::parse("10.0.0.1/24"));
  out = s.take_output();
  REQUIRE(out.size() == 1);
  CHECK(out[0].dst == ip("10.0.1.1"));
  auto nak = DhcpMessage::parse(out[0].payload);
  REQUIRE(nak.ok());
  CHECK(nak->message_type() == T::Nak);
  CHECK(nak->broadcast());
}

TEST_CASE("dhcp server: SELECTING REQUEST for an address in use is NAKed", "[dhcp][proto]") {
  DhcpServer s(lan_server());
  auto lan = *Ipv4Prefix::parse("10.0.0.1/24");
  DhcpMessage d = request_from("02:00:00:00:00:01", T::Discover);
  s.on_datagram(0, d.to_bytes(), lan);
  DhcpMessage r = request_from("02:00:00:00:00:01", T::Request);
  r.set_address_option(wirelab::wire::dhcp_option::kRequestedIp, ip("10.0.0.100"));
  r.set_address_option(wirelab::wire::dhcp_option::kServerId, ip("10.0.0.1"));
  s.on_datagram(0, r.to_bytes(), lan);
  s.take_output();
  DhcpMessage other = request_from("02:00:00:00:00:02", T::Request);
  other.options = r.options;
  s.on_datagram(0, other.to_bytes(), lan);
  auto out = s.take_output();
  REQUIRE(out.size() == 1);
  CHECK(DhcpMessage::parse(out[0].payload)->message_type() == T::Nak);
  CHECK(out[0].dst.is_broadcast());
}

TEST_CASE("dhcp server: held offers expire; renewals of unknown leases are ignored", "[dhcp][proto]") {
  DhcpServer s(lan_server());
  auto lan = *Ipv4Prefix::parse("10.0.0.1/24");
  s.on_datagram(0, request_from("02:00:00:00:00:01", T::Discover).to_bytes(), lan);
  CHECK(s.leases().size() == 1);
  CHECK(s.poll_at() == seconds(60));
  s.poll(seconds(60));
  CHECK(s.leases().empty());
  s.take_output();

  DhcpMessage renew = request_from("02:00:00:00:00:01", T::Request);
  renew.ciaddr = ip("10.0.0.150");
  s.on_datagram(seconds(61), renew.to_bytes(), lan);
  CHECK(s.take_output().empty());
}

TEST_CASE("dhcp server and client ignore malformed and foreign datagrams", "[dhcp][proto]") {
  DhcpServer s(lan_server());
  auto lan = *Ipv4Prefix::parse("10.0.0.1/24");
  Rng rng(67);
  ClientConfig cc;
  cc.mac = mac("02:00:00:00:00:01");
  DhcpClient c(cc, Rng(1));
  REQUIRE(c.start(0).ok());
  Bytes seed = request_from("02:00:00:00:00:01", T::Discover).to_bytes();
  for (int i = 0; i < 3000; ++i) {
    Bytes b = seed;
    b[rng.uniform(b.size())] = static_cast<std::uint8_t>(rng.next_u32());
    b[rng.uniform(b.size())] = static_cast<std::uint8_t>(rng.next_u32());
    if (rng.uniform(3) == 0) b.resize(rng.uniform(b.size()));
    s.on_datagram(0, b, lan);
    c.on_datagram(0, b);
  }
  s.take_output();
  CHECK(c.state() == ClientState::Selecting);
  c.on_datagram(0, Bytes{});  // empty
  CHECK(c.state() == ClientState::Selecting);
}

TEST_CASE("dhcp server: raw extra options ride along in OFFER and ACK", "[dhcp][proto]") {
  ServerConfig c = lan_server();
  c.pools[0].extra.push_back(wirelab::wire::DhcpOption{42, {10, 0, 0, 123}});  // NTP servers
  DhcpServer s(c);
  s.on_datagram(0, request_from("02:00:00:00:00:01", T::Discover).to_bytes(), *Ipv4Prefix::parse("10.0.0.1/24"));
  auto out = s.take_output();
  REQUIRE(out.size() == 1);
  auto offer = DhcpMessage::parse(out[0].payload);
  REQUIRE(offer.ok());
  REQUIRE(offer->find(42));
  CHECK(offer->find(42)->data == Bytes{10, 0, 0, 123});
  CHECK(offer->server_id() == ip("10.0.0.1"));
  CHECK(offer->subnet_mask() == ip("255.255.255.0"));
  CHECK(offer->domain_name() == std::string("lab.test"));
}
