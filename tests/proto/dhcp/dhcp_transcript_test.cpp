// Client and server engines wired together (dhcp_harness.h): DORA, renew at T1, rebind at T2,
// expiry, NAK, DECLINE, RELEASE, two servers, reservations, exhaustion, INFORM, retransmission.
#include <catch2/catch.hpp>

#include "proto/dhcp/dhcp_harness.h"

using namespace dhcp_test;
using T = DhcpMessageType;
namespace opt = wirelab::wire::dhcp_option;

namespace {
Lab bound_lab() {
  Lab lab;
  lab.add_server(lan_server());
  lab.add_client("02:00:00:00:00:01", 7, "pc1");
  REQUIRE(lab.client().start(0).ok());
  lab.pump();
  REQUIRE(lab.client().state() == ClientState::Bound);
  return lab;
}
}  // namespace

TEST_CASE("dhcp: DORA binds the first free address with the pool's options", "[dhcp][proto]") {
  Lab lab = bound_lab();
  CHECK(lab.types() == std::vector<T>{T::Discover, T::Offer, T::Request, T::Ack});

  const auto& discover = lab.transcript[0];
  CHECK(discover.dgram.src == ip("0.0.0.0"));
  CHECK(discover.dgram.dst == ip("255.255.255.255"));
  CHECK(discover.dgram.src_port == 68);
  CHECK(discover.dgram.dst_port == 67);
  CHECK(discover.dgram.payload.size() == 300);
  CHECK(discover.msg.host_name() == std::string("pc1"));
  CHECK(*discover.msg.client_id() == from_hex("01 020000000001"));

  const auto& offer = lab.transcript[1];
  CHECK(offer.msg.op == DhcpMessage::kBootReply);
  CHECK(offer.msg.yiaddr == ip("10.0.0.100"));
  CHECK(offer.msg.xid == discover.msg.xid);
  CHECK(offer.dgram.src_port == 67);
  CHECK(offer.dgram.dst_port == 68);
  CHECK(offer.dgram.dst == ip("10.0.0.100"));  // no broadcast bit: unicast to yiaddr at chaddr
  CHECK(offer.dgram.dst_mac == mac("02:00:00:00:00:01"));
  CHECK(offer.msg.lease_time() == 1000u);
  CHECK(offer.msg.renewal_time() == 500u);
  CHECK(offer.msg.rebinding_time() == 875u);

  const auto& request = lab.transcript[2];
  CHECK(request.msg.requested_ip() == ip("10.0.0.100"));
  CHECK(request.msg.server_id() == ip("10.0.0.1"));
  CHECK(request.msg.ciaddr.is_any());
  CHECK(request.dgram.dst.is_broadcast());

  REQUIRE(lab.client_events.size() == 1);
  const auto& e = lab.client_events[0];
  CHECK(e.kind == ClientEvent::Kind::Bound);
  CHECK(e.lease.address == ip("10.0.0.100"));
  CHECK(e.lease.mask == ip("255.255.255.0"));
  CHECK(e.lease.routers == std::vector<Ipv4Address>{ip("10.0.0.1")});
  CHECK(e.lease.dns == std::vector<Ipv4Address>{ip("10.0.0.53")});
  CHECK(e.lease.domain == "lab.test");
  CHECK(e.lease.server == ip("10.0.0.1"));
  CHECK(e.lease.lease_time == seconds(1000));
  CHECK(lab.client().poll_at() == seconds(500));

  REQUIRE(lab.server().leases().count(ip("10.0.0.100")) == 1);
  CHECK(lab.server().leases().at(ip("10.0.0.100")).state == LeaseRecord::State::Bound);
  CHECK(lab.has_server_event(ServerEvent::Kind::Offered));
  CHECK(lab.has_server_event(ServerEvent::Kind::Acked));
}

TEST_CASE("dhcp: broadcast flag makes the server broadcast its replies", "[dhcp][proto]") {
  Lab lab;
  lab.add_server(lan_server());
  ClientConfig c;
  c.mac = mac("02:00:00:00:00:01");
  c.broadcast_flag = true;
  lab.clients.emplace_back(c, Rng(3));
  REQUIRE(lab.client().start(0).ok());
  lab.pump();
  REQUIRE(lab.types() == std::vector<T>{T::Discover, T::Offer, T::Request, T::Ack});
  CHECK(lab.transcript[1].dgram.dst.is_broadcast());
  CHECK(lab.transcript[3].dgram.dst.is_broadcast());
}

TEST_CASE("dhcp: RENEWING starts at exactly T1 with a unicast REQUEST carrying ciaddr", "[dhcp][proto]") {
  Lab lab = bound_lab();
  lab.run_until(seconds(500) - 1);
  CHECK(lab.transcript.size() == 4);
  lab.run_until(seconds(500));
  REQUIRE(lab.transcript.size() == 6);
  const auto& req = lab.transcript[4];
  CHECK(req.at == seconds(500));
  CHECK(req.msg.message_type() == T::Request);
  CHECK(req.msg.ciaddr == ip("10.0.0.100"));
  CHECK_FALSE(req.msg.requested_ip());
  CHECK_FALSE(req.msg.server_id());
  CHECK(req.dgram.src == ip("10.0.0.100"));
  CHECK(req.dgram.dst == ip("10.0.0.1"));
  const auto& ack = lab.transcript[5];
  CHECK(ack.msg.message_type() == T::Ack);
  CHECK(ack.dgram.dst == ip("10.0.0.100"));
  CHECK(ack.msg.ciaddr == ip("10.0.0.100"));
  CHECK(lab.client_events.back().kind == ClientEvent::Kind::Renewed);
  CHECK(lab.client().state() == ClientState::Bound);
  CHECK(lab.client().poll_at() == seconds(1000));  // the new T1
}

TEST_CASE("dhcp: a silent server sends the client to REBINDING at T2, broadcast", "[dhcp][proto]") {
  Lab lab = bound_lab();
  lab.servers[0].silent = true;
  lab.run_until(seconds(875) - 1);
  CHECK(lab.client().state() == ClientState::Renewing);
  // Unicast retries at T1 and then half the time left to T2, at least 60 s (RFC 2131 §4.4.5).
  std::vector<SimTime> times;
  for (std::size_t i = 4; i < lab.transcript.size(); ++i) {
    CHECK(lab.transcript[i].dgram.dst == ip("10.0.0.1"));
    times.push_back(lab.transcript[i].at);
  }
  CHECK(times == std::vector<SimTime>{seconds(500), milliseconds(687500), milliseconds(781250), milliseconds(841250)});

  lab.run_until(seconds(875));
  CHECK(lab.client().state() == ClientState::Rebinding);
  const auto& rebind = lab.transcript.back();
  CHECK(rebind.at == seconds(875));
  CHECK(rebind.msg.message_type() == T::Request);
  CHECK(rebind.dgram.dst.is_broadcast());
  CHECK(rebind.msg.ciaddr == ip("10.0.0.100"));

  lab.servers[0].silent = false;  // the next rebinding retry (after 62.5 s) is answered
  lab.run_until(seconds(940));
  CHECK(lab.client().state() == ClientState::Bound);
  CHECK(lab.client_events.back().kind == ClientEvent::Kind::Renewed);
  CHECK(lab.transcript.back().msg.message_type() == T::Ack);
  CHECK(lab.transcript.back().at == milliseconds(937500));
}

TEST_CASE("dhcp: lease expiry returns the client to INIT and a new DISCOVER", "[dhcp][proto]") {
  Lab lab = bound_lab();
  lab.servers[0].silent = true;
  lab.run_until(seconds(1000) - 1);
  CHECK(lab.client().state() == ClientState::Rebinding);
  CHECK_FALSE(lab.has_client_event(ClientEvent::Kind::Expired));
  lab.run_until(seconds(1000));
  CHECK(lab.has_client_event(ClientEvent::Kind::Expired));
  CHECK(lab.client().state() == ClientState::Selecting);
  CHECK(lab.transcript.back().msg.message_type() == T::Discover);
  CHECK(lab.transcript.back().at == seconds(1000));
  CHECK(lab.client().lease().address.is_any());
}

TEST_CASE("dhcp: INIT-REBOOT from the wrong subnet is NAKed, then DORA", "[dhcp][proto]") {
  Lab lab;
  lab.add_server(lan_server());
  lab.add_client("02:00:00:00:00:01");
  REQUIRE(lab.client().start_reboot(0, ip("192.168.5.7")).ok());
  lab.pump();
  CHECK(lab.types() == std::vector<T>{T::Request, T::Nak, T::Discover, T::Offer, T::Request, T::Ack});
  const auto& nak = lab.transcript[1];
  CHECK(nak.dgram.dst.is_broadcast());
  CHECK(nak.msg.yiaddr.is_any());
  CHECK_FALSE(nak.msg.lease_time());
  CHECK(nak.msg.server_id() == ip("10.0.0.1"));
  CHECK(lab.has_client_event(ClientEvent::Kind::Nak));
  CHECK(lab.has_server_event(ServerEvent::Kind::Nakked));
  CHECK(lab.client().lease().address == ip("10.0.0.100"));
}

TEST_CASE("dhcp: INIT-REBOOT for its own lease is ACKed", "[dhcp][proto]") {
  Lab lab = bound_lab();
  lab.clients.clear();
  lab.add_client("02:00:00:00:00:01", 9);  // the same host after a reboot
  REQUIRE(lab.client().start_reboot(seconds(10), ip("10.0.0.100")).ok());
  lab.transcript.clear();
  lab.now = seconds(10);
  lab.pump();
  CHECK(lab.types() == std::vector<T>{T::Request, T::Ack});
  CHECK(lab.client().state() == ClientState::Bound);
}

TEST_CASE("dhcp: DECLINE marks the address bad and the client gets another after 10 s", "[dhcp][proto]") {
  Lab lab = bound_lab();
  lab.run_until(seconds(1));
  REQUIRE(lab.client().address_in_use(lab.now).ok());
  CHECK_FALSE(lab.client().address_in_use(lab.now).ok());  // misuse: nothing to decline now
  lab.pump();
  const auto& decline = lab.transcript.back();
  CHECK(decline.msg.message_type() == T::Decline);
  CHECK(decline.msg.requested_ip() == ip("10.0.0.100"));
  CHECK(decline.msg.server_id() == ip("10.0.0.1"));
  CHECK(decline.msg.ciaddr.is_any());
  CHECK(lab.has_client_event(ClientEvent::Kind::Declined));
  CHECK(lab.has_server_event(ServerEvent::Kind::Declined));
  CHECK(lab.server().leases().at(ip("10.0.0.100")).state == LeaseRecord::State::Declined);

  lab.run_until(seconds(11) - 1);
  CHECK(lab.client().state() == ClientState::Init);
  lab.run_until(seconds(11));
  CHECK(lab.client().state() == ClientState::Bound);
  CHECK(lab.client().lease().address == ip("10.0.0.101"));
}

TEST_CASE("dhcp: RELEASE frees the lease for the next client", "[dhcp][proto]") {
  Lab lab = bound_lab();
  REQUIRE(lab.client().release(seconds(5)).ok());
  lab.pump();
  const auto& rel = lab.transcript.back();
  CHECK(rel.msg.message_type() == T::Release);
  CHECK(rel.msg.ciaddr == ip("10.0.0.100"));
  CHECK(rel.dgram.dst == ip("10.0.0.1"));
  CHECK(lab.has_server_event(ServerEvent::Kind::Released));
  CHECK(lab.server().leases().empty());
  CHECK(lab.client().state() == ClientState::Stopped);
  CHECK(lab.client().poll_at() == kNever);

  lab.add_client("02:00:00:00:00:02", 8);
  REQUIRE(lab.client(1).start(seconds(6)).ok());
  lab.pump();
  CHECK(lab.client(1).lease().address == ip("10.0.0.100"));
}

TEST_CASE("dhcp: with two servers the client takes the first offer", "[dhcp][proto]") {
  Lab lab;
  lab.add_server(lan_server("10.0.0.1"));
  ServerConfig b = lan_server("10.0.0.2");
  b.pools[0].first = ip("10.0.0.200");
  b.pools[0].last = ip("10.0.0.250");
  lab.add_server(b, "10.0.0.2/24");
  lab.add_client("02:00:00:00:00:01");
  REQUIRE(lab.client().start(0).ok());
  lab.pump();
  CHECK(lab.types() == std::vector<T>{T::Discover, T::Offer, T::Offer, T::Request, T::Ack});
  CHECK(lab.client().lease().address == ip("10.0.0.100"));
  CHECK(lab.client().lease().server == ip("10.0.0.1"));
  CHECK(lab.server(1).leases().empty());  // B saw the REQUEST for A and dropped its offer
  CHECK(lab.server(0).leases().size() == 1);
}

TEST_CASE("dhcp: a reservation by MAC wins and is kept from others", "[dhcp][proto]") {
  ServerConfig c = lan_server();
  c.reservations.push_back(Reservation{mac("02:00:00:00:00:09"), ip("10.0.0.100")});
  c.reservations.push_back(Reservation{mac("02:00:00:00:00:0a"), ip("10.0.0.50")});  // outside the range
  Lab lab;
  lab.add_server(c);
  lab.add_client("02:00:00:00:00:01", 1);
  lab.add_client("02:00:00:00:00:0a", 2);
  REQUIRE(lab.client(0).start(0).ok());
  REQUIRE(lab.client(1).start(0).ok());
  lab.pump();
  CHECK(lab.client(0).lease().address == ip("10.0.0.101"));
  CHECK(lab.client(1).lease().address == ip("10.0.0.50"));
}

TEST_CASE("dhcp: an exhausted pool makes no offer and the client keeps retrying", "[dhcp][proto]") {
  ServerConfig c = lan_server();
  c.pools[0].last = ip("10.0.0.102");
  c.pools[0].excluded = {ip("10.0.0.101")};
  Lab lab;
  lab.add_server(c);
  for (int i = 0; i < 3; ++i) {
    std::string m = "02:00:00:00:00:0" + std::to_string(i + 1);
    lab.add_client(m.c_str(), static_cast<std::uint64_t>(i + 1));
    REQUIRE(lab.client(static_cast<std::size_t>(i)).start(0).ok());
  }
  lab.run_until(seconds(30));
  CHECK(lab.client(0).lease().address == ip("10.0.0.100"));
  CHECK(lab.client(1).lease().address == ip("10.0.0.102"));
  CHECK(lab.client(2).state() == ClientState::Selecting);
  CHECK(lab.has_server_event(ServerEvent::Kind::NoAddress));
  int discovers = 0;
  for (const auto& s : lab.transcript)
    if (s.msg.message_type() == T::Discover && s.msg.client_mac() == mac("02:00:00:00:00:03")) ++discovers;
  CHECK(discovers >= 3);
}

TEST_CASE("dhcp: INFORM gets parameters without an address or lease", "[dhcp][proto]") {
  Lab lab;
  lab.add_server(lan_server());
  lab.add_client("02:00:00:00:00:05");
  REQUIRE(lab.client().start_inform(0, ip("10.0.0.7"), ip("10.0.0.1")).ok());
  lab.pump();
  REQUIRE(lab.types() == std::vector<T>{T::Inform, T::Ack});
  CHECK(lab.transcript[0].msg.ciaddr == ip("10.0.0.7"));
  const auto& ack = lab.transcript[1];
  CHECK(ack.msg.yiaddr.is_any());
  CHECK_FALSE(ack.msg.lease_time());
  CHECK_FALSE(ack.msg.renewal_time());
  CHECK(ack.msg.subnet_mask() == ip("255.255.255.0"));
  CHECK(ack.dgram.dst == ip("10.0.0.7"));
  CHECK(lab.client().state() == ClientState::Informed);
  CHECK(lab.client_events.back().kind == ClientEvent::Kind::Informed);
  CHECK(lab.client_events.back().lease.routers == std::vector<Ipv4Address>{ip("10.0.0.1")});
  CHECK(lab.server().leases().empty());
}

TEST_CASE("dhcp: retransmission backs off 4, 8, 16, 32, 64 s with seeded ±1 s jitter", "[dhcp][proto]") {
  auto discover_times = [](std::uint64_t seed) {
    Lab lab;
    lab.add_client("02:00:00:00:00:01", seed);
    REQUIRE(lab.client().start(0).ok());
    lab.run_until(seconds(200));
    std::vector<SimTime> t;
    for (const auto& s : lab.transcript) t.push_back(s.at);
    return t;
  };
  auto t = discover_times(42);
  REQUIRE(t.size() >= 6);
  SimDuration expect[] = {seconds(4), seconds(8), seconds(16), seconds(32), seconds(64)};
  for (std::size_t i = 0; i < 5; ++i) {
    SimDuration gap = t[i + 1] - t[i];
    CHECK(gap >= expect[i] - seconds(1));
    CHECK(gap <= expect[i] + seconds(1));
  }
  CHECK(discover_times(42) == t);  // deterministic
  CHECK(discover_times(43) != t);
}

TEST_CASE("dhcp: INIT-REBOOT is answered by the lease's server; the other stays silent", "[dhcp][proto]") {
  Lab lab;
  lab.add_server(lan_server("10.0.0.1"));
  ServerConfig b = lan_server("10.0.0.2");
  b.pools[0].first = ip("10.0.0.200");
  b.pools[0].last = ip("10.0.0.250");
  lab.add_server(b, "10.0.0.2/24");
  lab.add_client("02:00:00:00:00:01");
  REQUIRE(lab.client().start(0).ok());
  lab.pump();
  REQUIRE(lab.client().lease().address == ip("10.0.0.100"));
  lab.clients.clear();
  lab.add_client("02:00:00:00:00:01", 5);
  lab.transcript.clear();
  REQUIRE(lab.client().start_reboot(0, ip("10.0.0.100")).ok());
  lab.pump();
  CHECK(lab.types() == std::vector<T>{T::Request, T::Ack});
  CHECK(lab.transcript[1].msg.server_id() == ip("10.0.0.1"));
  CHECK_FALSE(lab.has_server_event(ServerEvent::Kind::Nakked));
}
