// The TCP layer over the virtual network: demultiplexing, listeners and accept, RST for a closed
// port (connection refused), data both ways, close and TIME_WAIT, ephemeral ports.
#include <catch2/catch.hpp>

#include "engine/devices/world.h"

using namespace wirelab;
using wire::Ipv4Address;

namespace {

struct TwoHosts {
  devices::World world{42};
  devices::Host& a = world.add_host("a");
  devices::Host& b = world.add_host("b");
  TwoHosts() {
    a.add_interface("eth0", world.next_mac());
    b.add_interface("eth0", world.next_mac());
    a.stack().set_address(0, wire::Ipv4Prefix::parse("10.0.0.1/24"));
    b.stack().set_address(0, wire::Ipv4Prefix::parse("10.0.0.2/24"));
    link::LinkParams p;
    p.delay = milliseconds(1);
    world.connect(a, 0, b, 0, p);
  }
  void run(SimDuration d) { world.scheduler().run_until(world.now() + d); }
};

Bytes pattern(std::size_t n) {
  Bytes b(n);
  for (std::size_t i = 0; i < n; ++i) b[i] = static_cast<std::uint8_t>(i * 7 + 3);
  return b;
}

}  // namespace

TEST_CASE("connecting to a port nobody listens on is refused by RST", "[tcp-layer]") {
  TwoHosts t;
  auto c = t.a.tcp().connect({*Ipv4Address::parse("10.0.0.2"), 80});
  REQUIRE(c.ok());
  t.run(seconds(1));
  REQUIRE(t.a.tcp().error(*c.value) == net::SocketError::ConnectionRefused);
  CHECK(t.b.tcp().resets_sent() == 1);
}

TEST_CASE("listen, accept, transfer both ways, close with TIME_WAIT", "[tcp-layer]") {
  TwoHosts t;
  auto l = t.b.tcp().listen({{}, 7});
  REQUIRE(l.ok());
  CHECK_FALSE(t.b.tcp().listen({{}, 7}).ok());  // address in use
  auto c = t.a.tcp().connect({*Ipv4Address::parse("10.0.0.2"), 7});
  REQUIRE(c.ok());
  const int client = *c.value;
  t.run(milliseconds(10));
  REQUIRE(t.a.tcp().is_connected(client));
  auto acc = t.b.tcp().accept(*l.value);
  REQUIRE(acc.ok());
  const int server = *acc.value;
  CHECK(t.b.tcp().accept(*l.value).error == net::SocketError::WouldBlock);

  const Bytes data = pattern(300000);
  std::size_t sent = 0;
  Bytes got;
  for (int i = 0; i < 2000 && got.size() < data.size(); ++i) {
    if (sent < data.size()) {
      auto s = t.a.tcp().send(client, ByteView(data).subspan(sent));
      if (s.ok()) sent += *s.value;
    }
    t.run(milliseconds(1));
    std::uint8_t buf[65536];
    while (true) {
      auto r = t.b.tcp().receive(server, buf);
      if (!r.ok() || *r.value == 0) break;
      got.insert(got.end(), buf, buf + *r.value);
    }
  }
  REQUIRE(got == data);

  // Reply, then the client closes first and ends in TIME_WAIT for 2*MSL (60 s by default).
  REQUIRE(t.b.tcp().send(server, pattern(10)).ok());
  t.run(milliseconds(100));
  std::uint8_t buf[100];
  auto r = t.a.tcp().receive(client, buf);
  REQUIRE(r.ok());
  CHECK(*r.value == 10);
  t.a.tcp().close(client);
  t.run(milliseconds(100));
  auto eof = t.b.tcp().receive(server, buf);
  REQUIRE(eof.ok());
  CHECK(*eof.value == 0);  // end of stream
  t.b.tcp().close(server);
  t.run(milliseconds(100));
  auto socks = t.a.tcp().sockets();
  REQUIRE(socks.size() == 1);
  CHECK(socks[0].state == net::tcp::State::TimeWait);
  t.run(seconds(61));
  CHECK(t.a.tcp().sockets().empty());
  CHECK(t.b.tcp().sockets().size() == 1);  // only the listener is left
}
