// nc (OpenBSD netcat) in the shell: port probes, TCP chat both ways, UDP, listen mode, usage.
#include <catch2/catch.hpp>

#include "tests/shell/transport_fixture.h"

using namespace wirelab;
using Catch::Matchers::StartsWith;

TEST_CASE("nc -zv: an open port succeeds, a closed one is refused", "[transport-cmd][nc]") {
  test::TwoShells t;
  apps::TcpListener echo(t.net.pc2);
  REQUIRE(echo.listen({wire::Ipv4Address{}, 7}).ok());

  const auto& open = t.type(t.sh1, "nc -zv 10.0.0.2 7");
  CHECK(open.output == "Connection to 10.0.0.2 7 port [tcp/echo] succeeded!\n");
  CHECK(open.exit_code == 0);

  const auto& closed = t.type(t.sh1, "nc -zv 10.0.0.2 8");
  CHECK(closed.output == "nc: connect to 10.0.0.2 port 8 (tcp) failed: Connection refused\n");
  CHECK(closed.exit_code == 1);

  const auto& range = t.type(t.sh1, "nc -zv 10.0.0.2 6-8");
  CHECK(range.output ==
        "nc: connect to 10.0.0.2 port 6 (tcp) failed: Connection refused\n"
        "Connection to 10.0.0.2 7 port [tcp/echo] succeeded!\n"
        "nc: connect to 10.0.0.2 port 8 (tcp) failed: Connection refused\n");
  CHECK(range.exit_code == 0);

  // Without -v nc says nothing; the exit code tells.
  const auto& quiet = t.type(t.sh1, "nc -z 10.0.0.2 8");
  CHECK(quiet.output.empty());
  CHECK(quiet.exit_code == 1);
  // -n: no service names.
  CHECK(t.type(t.sh1, "nc -znv 10.0.0.2 7").output == "Connection to 10.0.0.2 7 port [tcp/*] succeeded!\n");
}

TEST_CASE("nc -z -w: a host that never answers times out", "[transport-cmd][nc]") {
  test::TwoShells t;
  const auto& r = t.type(t.sh1, "nc -zv -w 2 10.0.0.3 80", false, seconds(10));
  CHECK(r.output == "nc: connect to 10.0.0.3 port 80 (tcp) failed: Connection timed out\n");
  CHECK(r.exit_code == 1);
  CHECK(r.ended - r.started == seconds(2));
}

TEST_CASE("nc: a TCP chat between nc -l and nc, both ways, ended by ^D with -N", "[transport-cmd][nc]") {
  test::TwoShells t;
  t.type(t.sh2, "nc -lv -p 5000");
  CHECK(t.sh2.history().back().output == "Listening on 0.0.0.0 5000\n");

  const auto& client = t.type(t.sh1, "nc -N 10.0.0.2 5000");
  const auto& server = t.sh2.history().back();
  CHECK_THAT(server.output, StartsWith("Listening on 0.0.0.0 5000\nConnection received on 10.0.0.1 "));
  CHECK_FALSE(client.finished);

  t.type(t.sh1, "hello from pc1", true);
  CHECK_THAT(server.output, Catch::Matchers::EndsWith("\nhello from pc1\n"));
  t.type(t.sh2, "hi from pc2", true);
  CHECK(client.output == "hello from pc1\nhi from pc2\n");  // the typed line echoes, then the reply

  // ^D: end of input; -N shuts the socket down, the listener sees EOF and exits, then so do we.
  t.type(t.sh1, "^D", true);
  CHECK(server.finished);
  CHECK(server.exit_code == 0);
  CHECK(client.finished);
  CHECK(client.exit_code == 0);
  CHECK(t.sh1.transcript() == "pc1$ nc -N 10.0.0.2 5000\nhello from pc1\nhi from pc2\n^D\npc1$ ");
  // Both sockets are gone from the tables except TIME_WAIT on the side that closed first.
  for (const auto& s : t.net.pc2.tcp().sockets()) CHECK(s.state != net::tcp::State::Listen);
}

TEST_CASE("nc: Ctrl+C interrupts a connection and a listener", "[transport-cmd][nc]") {
  test::TwoShells t;
  t.type(t.sh2, "nc -l 6000");
  t.type(t.sh1, "nc 10.0.0.2 6000");
  t.sh1.interrupt();
  t.advance();
  CHECK(t.sh1.history().back().exit_code == 130);
  CHECK(t.sh1.history().back().output == "^C\n");
  // The peer saw our FIN: nc -l prints nothing more and exits.
  CHECK(t.sh2.history().back().finished);

  t.type(t.sh2, "nc -l 6001");
  t.sh2.interrupt();
  t.advance();
  CHECK(t.sh2.history().back().exit_code == 130);
  CHECK(t.net.pc2.tcp().sockets().size() <= 1);  // no listener left (maybe a TIME_WAIT)
  for (const auto& s : t.net.pc2.tcp().sockets()) CHECK(s.state != net::tcp::State::Listen);
}

TEST_CASE("nc -u: datagrams to a UDP echo server and back", "[transport-cmd][nc]") {
  test::TwoShells t;
  test::UdpEcho echo(t.net.pc2, 7);
  const auto& r = t.type(t.sh1, "nc -u 10.0.0.2 7");
  t.type(t.sh1, "ping over udp", true);
  t.type(t.sh1, "again", true);
  CHECK(r.output == "ping over udp\nping over udp\nagain\nagain\n");
  t.sh1.interrupt();
  t.advance();
  CHECK(r.exit_code == 130);
  CHECK(t.net.pc1.udp().sockets().empty());
}

TEST_CASE("nc -u -l and nc -u: the first sender becomes the peer", "[transport-cmd][nc]") {
  test::TwoShells t;
  const auto& server = t.type(t.sh2, "nc -u -l 9999");
  const auto& client = t.type(t.sh1, "nc -u 10.0.0.2 9999");
  t.type(t.sh1, "knock knock", true);
  CHECK(server.output == "knock knock\n");
  t.type(t.sh2, "who's there?", true);
  CHECK(client.output == "knock knock\nwho's there?\n");
}

TEST_CASE("nc -uzv: an open UDP port succeeds after udptest's X datagrams; a closed one says nothing",
          "[transport-cmd][nc]") {
  test::TwoShells t;
  test::UdpEcho echo(t.net.pc2, 7);
  const auto& open = t.type(t.sh1, "nc -uzv 10.0.0.2 7", false, seconds(2));
  CHECK(open.output == "Connection to 10.0.0.2 7 port [udp/echo] succeeded!\n");
  CHECK(open.exit_code == 0);
  const auto& closed = t.type(t.sh1, "nc -uzv 10.0.0.2 8", false, seconds(2));
  CHECK(closed.output.empty());  // OpenBSD nc: "No info on failed or skipped test."
  CHECK(closed.exit_code == 1);
}

TEST_CASE("nc: usage errors and listen errors", "[transport-cmd][nc]") {
  test::TwoShells t;
  const auto& none = t.type(t.sh1, "nc");
  CHECK_THAT(none.output, StartsWith("usage: nc [-46CDdFhklNnrStUuvZz]"));
  CHECK(none.exit_code == 1);
  const auto& bad = t.type(t.sh1, "nc -Y 10.0.0.2 7");
  CHECK_THAT(bad.output, StartsWith("nc: invalid option -- 'Y'\nusage: nc "));
  CHECK(t.type(t.sh1, "nc 10.0.0.2 99999").output == "nc: port number invalid: 99999\n");
  CHECK_THAT(t.type(t.sh1, "nc -h").output, Catch::Matchers::Contains("^D ends standard input"));

  apps::TcpListener busy(t.net.pc1);
  REQUIRE(busy.listen({wire::Ipv4Address{}, 7000}).ok());
  const auto& inuse = t.type(t.sh1, "nc -l 7000");
  CHECK(inuse.output == "nc: Address already in use\n");
  CHECK(inuse.exit_code == 1);
}

TEST_CASE("nc against a server that talks first and closes (daytime style)", "[transport-cmd][nc]") {
  test::TwoShells t;
  test::ScriptedServer daytime(t.net.pc2, 13, nullptr, "Sun Nov 22 02:00:00 2026\r\n");
  const auto& r = t.type(t.sh1, "nc 10.0.0.2 13");
  CHECK(r.output == "Sun Nov 22 02:00:00 2026\r\n");  // nc prints the bytes as they are
  CHECK(r.finished);
  CHECK(r.exit_code == 0);
}
