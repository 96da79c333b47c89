// The trivial services (RFC 862/863/864/867/868) and Finger (RFC 1288): their pure parts, then
// each over the virtual network through the TCP and UDP layers.
#include <catch2/catch.hpp>

#include "engine/apps/service_host.h"
#include "engine/apps/services/finger_service.h"
#include "engine/apps/services/trivial_services.h"
#include "engine/devices/world.h"
#include "engine/scenario/value_parsers.h"

using namespace wirelab;

namespace {

const std::int64_t kEpoch = *scenario::parse_utc_timestamp("2026-11-22T02:00:00Z");

struct Lan {
  devices::World world{9};
  devices::Host& client = world.add_host("client");
  devices::Host& server = world.add_host("server");
  std::unique_ptr<apps::ServiceHost> services;
  Lan(std::vector<apps::ServiceSpec> specs) {
    client.add_interface("eth0", world.next_mac());
    server.add_interface("eth0", world.next_mac());
    client.stack().set_address(0, wire::Ipv4Prefix::parse("10.0.0.1/24"));
    server.stack().set_address(0, wire::Ipv4Prefix::parse("10.0.0.2/24"));
    link::LinkParams p;
    p.delay = milliseconds(1);
    world.connect(client, 0, server, 0, p);
    services = std::make_unique<apps::ServiceHost>(world.ctx(), server, specs, kEpoch);
  }
  ~Lan() { services.reset(); }
  void run(SimDuration d) { world.scheduler().run_until(world.now() + d); }

  // Connects, sends `request` (then half-closes if asked), and collects the reply until EOF.
  std::string exchange(std::uint16_t port, const std::string& request, bool half_close, SimDuration wait = seconds(2)) {
    auto c = client.tcp().connect({*wire::Ipv4Address::parse("10.0.0.2"), port});
    REQUIRE(c.ok());
    run(milliseconds(10));
    if (!request.empty()) REQUIRE(client.tcp().send(*c.value, Bytes(request.begin(), request.end())).ok());
    if (half_close) client.tcp().shutdown_write(*c.value);
    std::string got;
    for (SimTime end = world.now() + wait; world.now() < end;) {
      run(milliseconds(5));
      std::uint8_t buf[4096];
      auto r = client.tcp().receive(*c.value, buf);
      if (r.ok() && *r.value == 0) break;
      if (r.ok()) got.append(reinterpret_cast<char*>(buf), *r.value);
    }
    client.tcp().close(*c.value);
    return got;
  }
};

apps::ServiceSpec spec(const std::string& type) {
  apps::ServiceSpec s;
  s.type = type;
  return s;
}

}  // namespace

TEST_CASE("clock formats for daytime and time", "[services]") {
  CHECK(apps::ctime_text(kEpoch) == "Sun Nov 22 02:00:00 2026");
  CHECK(apps::ctime_text(0) == "Thu Jan  1 00:00:00 1970");
  CHECK(apps::rfc868_time(0) == 2208988800u);  // RFC 868: 1970-01-01 is 2,208,988,800
  CHECK(apps::chargen_line(0).substr(0, 10) == " !\"#$%&'()");
  CHECK(apps::chargen_line(1).substr(0, 3) == "!\"#");
  CHECK(apps::chargen_line(0).size() == 74);
}

TEST_CASE("finger answers lists, users, /W, unknown users, forwarding and refuse mode", "[services]") {
  apps::FingerConfig c;
  c.users.push_back({"alice", "Alice Liddell", "B12", "555-0100", "Visit Wonderland.", true, "pts/0", "10.0.0.1"});
  c.users.push_back({"bob", "Bob Builder", "", "", "", false, "", ""});
  const std::string list = apps::finger_reply(c, "", kEpoch);
  CHECK(list.find("Login     Name") == 0);
  CHECK(list.find("alice     Alice Liddell") != std::string::npos);
  CHECK(list.find("bob") == std::string::npos);  // not logged in
  const std::string alice = apps::finger_reply(c, "alice", kEpoch);
  CHECK(alice.find("Login: alice") == 0);
  CHECK(alice.find("Plan:\r\nVisit Wonderland.\r\n") != std::string::npos);
  CHECK(apps::finger_reply(c, "/W bob", kEpoch).find("Never logged in.") != std::string::npos);
  CHECK(apps::finger_reply(c, "carol", kEpoch) == "finger: carol: no such user.\r\n");
  CHECK(apps::finger_reply(c, "alice@elsewhere", kEpoch) == "finger: forwarding service denied\r\n");
  c.refuse_message = "Finger service disabled.";
  CHECK(apps::finger_reply(c, "alice", kEpoch) == "Finger service disabled.\r\n");
}

TEST_CASE("TCP echo returns every byte, discard swallows them", "[services]") {
  Lan lan({spec("echo"), spec("discard")});
  std::string big(100000, 'x');
  for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>('a' + i % 26);
  CHECK(lan.exchange(7, big, true, seconds(5)) == big);
  CHECK(lan.exchange(9, "thrown away", true) == "");
}

TEST_CASE("daytime and time answer on connect and close", "[services]") {
  Lan lan({spec("daytime"), spec("time")});
  lan.run(seconds(10));
  CHECK(lan.exchange(13, "", false) == "Sun Nov 22 02:00:10 2026\r\n");
  const std::string t = lan.exchange(37, "", false);
  REQUIRE(t.size() == 4);
  const std::uint32_t v = (std::uint32_t(std::uint8_t(t[0])) << 24) | (std::uint32_t(std::uint8_t(t[1])) << 16) |
                          (std::uint32_t(std::uint8_t(t[2])) << 8) | std::uint8_t(t[3]);
  CHECK(v == apps::rfc868_time(kEpoch) + 10);
}

TEST_CASE("chargen streams its pattern as fast as the client reads", "[services]") {
  Lan lan({spec("chargen")});
  auto c = lan.client.tcp().connect({*wire::Ipv4Address::parse("10.0.0.2"), 19});
  REQUIRE(c.ok());
  std::string got;
  for (int i = 0; i < 200 && got.size() < 20000; ++i) {
    lan.run(milliseconds(5));
    std::uint8_t buf[8192];
    auto r = lan.client.tcp().receive(*c.value, buf);
    if (r.ok()) got.append(reinterpret_cast<char*>(buf), *r.value);
  }
  REQUIRE(got.size() >= 20000);
  CHECK(got.substr(0, 74) == apps::chargen_line(0));
  CHECK(got.substr(74, 74) == apps::chargen_line(1));
  lan.client.tcp().close(*c.value);
  lan.run(seconds(1));
}

TEST_CASE("finger over TCP", "[services]") {
  apps::ServiceSpec f = spec("finger");
  f.finger.users.push_back({"alice", "Alice Liddell", "", "", "", true, "pts/0", ""});
  Lan lan({f});
  CHECK(lan.exchange(79, "alice\r\n", false).find("Login: alice") == 0);
}

TEST_CASE("UDP echo and daytime", "[services]") {
  Lan lan({spec("echo"), spec("daytime")});
  auto s = lan.client.udp().open();
  REQUIRE(s.ok());
  const net::Endpoint echo{*wire::Ipv4Address::parse("10.0.0.2"), 7}, daytime{echo.address, 13};
  REQUIRE(lan.client.udp().send_to(*s.value, Bytes{'h', 'i'}, echo).ok());
  REQUIRE(lan.client.udp().send_to(*s.value, Bytes{}, daytime).ok());
  lan.run(milliseconds(100));
  auto a = lan.client.udp().receive(*s.value);
  auto b = lan.client.udp().receive(*s.value);
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  CHECK(a.value->data == Bytes{'h', 'i'});
  CHECK(std::string(b.value->data.begin(), b.value->data.end()) == "Sun Nov 22 02:00:00 2026\r\n");
}
