// netstat and ss: rows for listeners, UDP sockets, an open connection and TIME_WAIT.
#include <catch2/catch.hpp>

#include "tests/shell/transport_fixture.h"

using namespace wirelab;

namespace {
std::string pad(std::string s, std::size_t n) {
  if (s.size() < n) s.append(n - s.size(), ' ');
  return s;
}
}  // namespace

TEST_CASE("netstat -a: a listener, a UDP socket, an established connection, then TIME_WAIT",
          "[transport-cmd][netstat]") {
  test::TwoShells t;
  apps::TcpListener listener(t.net.pc2);
  REQUIRE(listener.listen({wire::Ipv4Address{}, 7}).ok());
  std::unique_ptr<apps::TcpSocket> accepted;
  listener.on_accept([&](std::unique_ptr<apps::TcpSocket> s) {
    accepted = std::move(s);
    accepted->on_readable([&] {
      accepted->receive_text();
      if (accepted->at_eof()) accepted.reset();  // the client closed: close too
    });
  });
  apps::UdpSocket udp(t.net.pc2);
  REQUIRE(udp.bind({wire::Ipv4Address{}, 13}).ok());

  apps::TcpSocket client(t.net.pc1);
  bool connected = false;
  client.connect({*wire::Ipv4Address::parse("10.0.0.2"), 7}, [&] { connected = true; }, nullptr);
  t.advance();
  REQUIRE(connected);
  const std::string eph = std::to_string(client.local().port);

  const auto& n = t.type(t.sh2, "netstat -an");
  CHECK(n.output ==
        "Active Internet connections (servers and established)\n"
        "Proto Recv-Q Send-Q Local Address           Foreign Address         State      \n"
        "tcp        0      0 0.0.0.0:7               0.0.0.0:*               LISTEN     \n"
        "tcp        0      0 10.0.0.2:7              " + pad("10.0.0.1:" + eph, 23) + " ESTABLISHED\n"
        "udp        0      0 0.0.0.0:13              0.0.0.0:*                          \n");
  // Names for ports without -n; -l only servers; -t only TCP; default: only connections.
  CHECK(t.type(t.sh2, "netstat -lt").output ==
        "Active Internet connections (only servers)\n"
        "Proto Recv-Q Send-Q Local Address           Foreign Address         State      \n"
        "tcp        0      0 0.0.0.0:echo            0.0.0.0:*               LISTEN     \n");
  CHECK(t.type(t.sh2, "netstat -nu").output ==
        "Active Internet connections (w/o servers)\n"
        "Proto Recv-Q Send-Q Local Address           Foreign Address         State      \n");

  const auto& s = t.type(t.sh2, "ss -tuna");
  CHECK(s.output ==
        "Netid State  Recv-Q Send-Q Local Address:Port Peer Address:Port \n"
        "udp   UNCONN 0      0            0.0.0.0:13        0.0.0.0:*    \n"
        "tcp   LISTEN 0      0            0.0.0.0:7         0.0.0.0:*    \n"
        "tcp   ESTAB  0      0           10.0.0.2:7        10.0.0.1:" + pad(eph, 5) + "\n");

  // The client closes first: it ends in TIME_WAIT (2 MSL), the server's side disappears.
  client.close();
  t.advance();
  const auto& tw = t.type(t.sh1, "netstat -tn");
  CHECK(tw.output ==
        "Active Internet connections (w/o servers)\n"
        "Proto Recv-Q Send-Q Local Address           Foreign Address         State      \n"
        "tcp        0      0 " + pad("10.0.0.1:" + eph, 23) + " 10.0.0.2:7              TIME_WAIT  \n");
  CHECK(t.type(t.sh1, "ss -tan").output ==
        "State     Recv-Q Send-Q Local Address:Port  Peer Address:Port\n"
        "TIME-WAIT 0      0           10.0.0.1:" + pad(eph, 5) + "     10.0.0.2:7   \n");
  // ss without -a hides TIME-WAIT, as iproute2 does.
  CHECK(t.type(t.sh1, "ss -tn").output == "State Recv-Q Send-Q Local Address:Port Peer Address:Port\n");
  CHECK(t.type(t.sh2, "netstat -tn").output ==
        "Active Internet connections (w/o servers)\n"
        "Proto Recv-Q Send-Q Local Address           Foreign Address         State      \n");
}

TEST_CASE("netstat and ss: bad options", "[transport-cmd][netstat]") {
  test::TwoShells t;
  const auto& n = t.type(t.sh1, "netstat -q");
  CHECK_THAT(n.output, Catch::Matchers::StartsWith("netstat: invalid option -- 'q'\nusage: netstat"));
  CHECK(n.exit_code == 3);
  const auto& s = t.type(t.sh1, "ss -q");
  CHECK_THAT(s.output, Catch::Matchers::StartsWith("ss: invalid option -- 'q'\nUsage: ss [ OPTIONS ]"));
  CHECK(s.exit_code == 255);
}
