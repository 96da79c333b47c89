// DHCP codec (RFC 2131 §2, RFC 2132): a DISCOVER built byte by byte (the one in Wireshark's
// sample dhcp.pcap, broadcast bit set), round trips, option overload, malformed rejects, fuzz.
#include <catch2/catch.hpp>

#include "engine/base/bytes.h"
#include "engine/base/rng.h"
#include "engine/wire/dhcp.h"

using namespace wirelab;
using namespace wirelab::wire;

namespace {
Ipv4Address ip(const char* s) { return *Ipv4Address::parse(s); }

Bytes known_discover() {
  Bytes b;
  for (auto v : {0x01, 0x01, 0x06, 0x00}) b.push_back(static_cast<std::uint8_t>(v));  // op htype hlen hops
  append_u32(b, 0x3903f326);  // xid
  append_u16(b, 0);           // secs
  append_u16(b, 0x8000);      // flags: broadcast
  b.resize(b.size() + 16, 0);  // ciaddr yiaddr siaddr giaddr
  for (auto v : {0x00, 0x0b, 0x82, 0x01, 0xfc, 0x42}) b.push_back(static_cast<std::uint8_t>(v));
  b.resize(b.size() + 10 + 64 + 128, 0);  // chaddr padding, sname, file
  append_u32(b, 0x63825363);
  append(b, from_hex("350101"));                  // 53: DISCOVER
  append(b, from_hex("3d0701000b8201fc42"));      // 61: client id 01 + MAC
  append(b, from_hex("320400000000"));            // 50: requested 0.0.0.0
  append(b, from_hex("3704010306 2a"));           // 55: 1 3 6 42
  b.push_back(0xff);
  b.resize(300, 0);
  return b;
}
}  // namespace

TEST_CASE("dhcp codec: hand-built DISCOVER decodes at the RFC 2131 offsets", "[dhcp][wire]") {
  Bytes b = known_discover();
  REQUIRE(b.size() == 300);
  CHECK(read_u32(b, 4) == 0x3903f326);
  CHECK(read_u16(b, 10) == 0x8000);
  CHECK(b[28] == 0x00);
  CHECK(b[29] == 0x0b);
  CHECK(read_u32(b, 236) == 0x63825363);
  CHECK(b[240] == 53);

  auto m = DhcpMessage::parse(b);
  REQUIRE(m.ok());
  CHECK(m->op == 1);
  CHECK(m->htype == 1);
  CHECK(m->hlen == 6);
  CHECK(m->xid == 0x3903f326);
  CHECK(m->broadcast());
  CHECK(m->client_mac() == *MacAddress::parse("00:0b:82:01:fc:42"));
  CHECK(m->message_type() == DhcpMessageType::Discover);
  CHECK(m->requested_ip() == ip("0.0.0.0"));
  CHECK(m->parameter_request_list() == Bytes{1, 3, 6, 42});
  CHECK(*m->client_id() == from_hex("01000b8201fc42"));
  CHECK(m->options.size() == 4);
  CHECK_FALSE(m->server_id());
}

TEST_CASE("dhcp codec: building the same DISCOVER gives the same 300 bytes", "[dhcp][wire]") {
  DhcpMessage m;
  m.xid = 0x3903f326;
  m.set_broadcast(true);
  m.set_client_mac(*MacAddress::parse("00:0b:82:01:fc:42"));
  m.set_message_type(DhcpMessageType::Discover);
  m.set_option(dhcp_option::kClientId, from_hex("01000b8201fc42"));
  m.set_address_option(dhcp_option::kRequestedIp, ip("0.0.0.0"));
  m.set_option(dhcp_option::kParameterRequestList, {1, 3, 6, 42});
  CHECK(m.buffer_len() == 300);
  CHECK(to_hex(m.to_bytes(), 0) == to_hex(known_discover(), 0));
}

TEST_CASE("dhcp codec: an ACK with every typed option round-trips", "[dhcp][wire]") {
  DhcpMessage m;
  m.op = DhcpMessage::kBootReply;
  m.xid = 0xdeadbeef;
  m.secs = 7;
  m.ciaddr = ip("10.0.0.9");
  m.yiaddr = ip("10.0.0.10");
  m.siaddr = ip("10.0.0.1");
  m.giaddr = ip("10.0.1.1");
  m.hops = 1;
  m.set_client_mac(*MacAddress::parse("02:00:00:00:00:07"));
  m.set_message_type(DhcpMessageType::Ack);
  m.set_address_option(dhcp_option::kServerId, ip("10.0.0.1"));
  m.set_address_option(dhcp_option::kSubnetMask, ip("255.255.255.0"));
  m.set_address_list_option(dhcp_option::kRouters, {ip("10.0.0.1"), ip("10.0.0.2")});
  m.set_address_list_option(dhcp_option::kDnsServers, {ip("10.0.0.53")});
  m.set_string_option(dhcp_option::kHostName, "pc1");
  m.set_string_option(dhcp_option::kDomainName, "lab.example");
  m.set_u32_option(dhcp_option::kLeaseTime, 3600);
  m.set_u32_option(dhcp_option::kRenewalTime, 1800);
  m.set_u32_option(dhcp_option::kRebindingTime, 3150);
  m.set_option(dhcp_option::kRelayAgentInfo, from_hex("0104 00000001"));
  m.set_option(200, Bytes(300, 0xab));  // long unknown option: split in two on the wire (RFC 3396)
  m.set_option(201, {});                // zero-length option
  Bytes b = m.to_bytes();
  CHECK(b.size() == m.buffer_len());
  CHECK(b.size() > 300);
  auto back = DhcpMessage::parse(b);
  REQUIRE(back.ok());
  CHECK(back->options == m.options);
  CHECK(back->yiaddr == ip("10.0.0.10"));
  CHECK(back->giaddr == ip("10.0.1.1"));
  CHECK(back->hops == 1);
  CHECK(back->secs == 7);
  CHECK(back->lease_time() == 3600u);
  CHECK(back->renewal_time() == 1800u);
  CHECK(back->rebinding_time() == 3150u);
  CHECK(back->routers() == std::vector<Ipv4Address>{ip("10.0.0.1"), ip("10.0.0.2")});
  CHECK(back->dns_servers() == std::vector<Ipv4Address>{ip("10.0.0.53")});
  CHECK(back->host_name() == std::string("pc1"));
  CHECK(back->domain_name() == std::string("lab.example"));
  CHECK(back->find(dhcp_option::kRelayAgentInfo)->data == from_hex("010400000001"));
  CHECK(back->to_bytes() == b);
}

TEST_CASE("dhcp codec: option overload (52) pulls options out of file and sname", "[dhcp][wire]") {
  DhcpMessage m;
  m.set_message_type(DhcpMessageType::Offer);
  m.set_option(dhcp_option::kOverload, {3});
  Bytes b = m.to_bytes();
  // file (offset 108): lease time; sname (offset 44): host name, then end.
  Bytes file_opts = from_hex("3304 00000e10 ff");
  Bytes sname_opts = from_hex("0c03 616263 ff");
  std::copy(file_opts.begin(), file_opts.end(), b.begin() + 108);
  std::copy(sname_opts.begin(), sname_opts.end(), b.begin() + 44);
  auto p = DhcpMessage::parse(b);
  REQUIRE(p.ok());
  CHECK(p->lease_time() == 3600u);
  CHECK(p->host_name() == std::string("abc"));
  CHECK_FALSE(p->find(dhcp_option::kOverload));
  CHECK(p->file[0] == 0);
  CHECK(p->sname[0] == 0);

  Bytes bad = b;
  bad[240 + 3 + 2] = 4;  // overload value 4
  CHECK_FALSE(DhcpMessage::parse(bad).ok());
}

TEST_CASE("dhcp codec: malformed messages are rejected with a reason", "[dhcp][wire]") {
  Bytes good = known_discover();
  REQUIRE(DhcpMessage::parse(good).ok());

  auto p = DhcpMessage::parse(ByteView(good.data(), 239));
  REQUIRE_FALSE(p.ok());
  CHECK(p.error().kind == ErrorKind::Truncated);

  Bytes cookie = good;
  cookie[236] = 0x64;
  p = DhcpMessage::parse(cookie);
  REQUIRE_FALSE(p.ok());
  CHECK(p.error().kind == ErrorKind::Malformed);

  Bytes overrun = good;
  overrun.resize(243);
  overrun[241] = 5;  // message type claims 5 bytes, 1 left
  p = DhcpMessage::parse(overrun);
  REQUIRE_FALSE(p.ok());
  CHECK(p.error().kind == ErrorKind::Malformed);

  Bytes no_len = good;
  no_len.resize(241);  // a code with no length byte
  CHECK_FALSE(DhcpMessage::parse(no_len).ok());

  Bytes no_end = good;
  std::fill(no_end.begin() + 240 + 24, no_end.end(), 0);  // the end option becomes pad
  p = DhcpMessage::parse(no_end);
  REQUIRE_FALSE(p.ok());
  CHECK(p.error().reason.find("end") != std::string::npos);

  Bytes cookie_only(240, 0);
  write_u32(cookie_only, 236, DhcpMessage::kMagicCookie);
  CHECK_FALSE(DhcpMessage::parse(cookie_only).ok());  // no end option at all
}

TEST_CASE("dhcp codec: seeded fuzz never crashes and re-emits what it parses", "[dhcp][wire][fuzz]") {
  Rng rng(2131);
  Bytes seed = known_discover();
  int parsed = 0;
  for (int i = 0; i < 20000; ++i) {
    Bytes b = seed;
    int flips = 1 + static_cast<int>(rng.uniform(8));
    for (int f = 0; f < flips; ++f) {
      std::size_t at = rng.uniform(2) ? 236 + rng.uniform(b.size() - 236) : rng.uniform(b.size());
      b[at] = static_cast<std::uint8_t>(rng.next_u32());
    }
    if (rng.uniform(4) == 0) b.resize(rng.uniform(b.size() + 1));
    auto m = DhcpMessage::parse(b);
    if (!m) continue;
    ++parsed;
    auto again = DhcpMessage::parse(m->to_bytes());
    REQUIRE(again.ok());
    CHECK(again->options == m->options);
    CHECK(again->xid == m->xid);
  }
  CHECK(parsed > 0);
}
