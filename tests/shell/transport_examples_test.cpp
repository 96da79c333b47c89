// The course's socket-programming examples, end to end: UDP and TCP uppercase servers and
// clients as shell commands on two hosts.
#include <catch2/catch.hpp>

#include "tests/shell/transport_fixture.h"

using namespace wirelab;
using Catch::Matchers::StartsWith;

TEST_CASE("udp-upper-server and udp-upper-client", "[transport-cmd][examples]") {
  test::TwoShells t;
  const auto& server = t.type(t.sh2, "udp-upper-server");
  CHECK(server.output == "The server is ready to receive on UDP port 12000\n");
  const auto& client = t.type(t.sh1, "udp-upper-client 10.0.0.2 12000 'hello, udp'");
  CHECK(client.output == "HELLO, UDP\n");
  CHECK(client.exit_code == 0);
  CHECK_THAT(server.output, StartsWith("The server is ready to receive on UDP port 12000\nFrom 10.0.0.1:"));
  CHECK_THAT(server.output, Catch::Matchers::EndsWith(": hello, udp\n"));

  // Interactive: lines typed, each answered; ^D ends.
  const auto& inter = t.type(t.sh1, "udp-upper-client 10.0.0.2 12000");
  t.type(t.sh1, "abc", true);
  t.type(t.sh1, "^D", true);
  CHECK(inter.output == "Input lowercase sentence: abc\nABC\nInput lowercase sentence: ^D\n");
  CHECK(inter.exit_code == 0);

  // The server runs until Ctrl+C, and releases its port.
  CHECK_FALSE(server.finished);
  t.sh2.interrupt();
  t.advance();
  CHECK(server.exit_code == 130);
  CHECK(t.net.pc2.udp().sockets().empty());

  // No server: UDP does not notice; the client gives up after 5 s.
  const auto& lost = t.type(t.sh1, "udp-upper-client 10.0.0.2 12000 hello", false, seconds(6));
  CHECK(lost.output == "udp-upper-client: no reply within 5 s (UDP does not retransmit)\n");
  CHECK(lost.exit_code == 1);
}

TEST_CASE("tcp-upper-server and tcp-upper-client", "[transport-cmd][examples]") {
  test::TwoShells t;
  const auto& server = t.type(t.sh2, "tcp-upper-server 12000");
  CHECK(server.output == "The server is ready to receive on TCP port 12000\n");
  const auto& client = t.type(t.sh1, "tcp-upper-client 10.0.0.2 12000 'hello, tcp'");
  CHECK(client.output == "From Server: HELLO, TCP\n");
  CHECK(client.exit_code == 0);
  CHECK_THAT(server.output, StartsWith("The server is ready to receive on TCP port 12000\nConnection from 10.0.0.1:"));

  // Two lines over one connection, then ^D: the server closes after the last answer.
  const auto& inter = t.type(t.sh1, "tcp-upper-client 10.0.0.2 12000");
  t.type(t.sh1, "one", true);
  t.type(t.sh1, "two", true);
  t.type(t.sh1, "^D", true);
  CHECK(inter.output ==
        "Input lowercase sentence: one\nFrom Server: ONE\nInput lowercase sentence: two\n"
        "From Server: TWO\nInput lowercase sentence: ^D\n");
  CHECK(inter.finished);
  CHECK(inter.exit_code == 0);

  // Works with nc as the client too (it is just TCP).
  const auto& nc = t.type(t.sh1, "nc 10.0.0.2 12000");
  t.type(t.sh1, "via netcat", true);
  CHECK(nc.output == "via netcat\nVIA NETCAT\n");
  t.sh1.interrupt();
  t.advance();

  t.sh2.interrupt();
  t.advance();
  CHECK(server.exit_code == 130);
  for (const auto& s : t.net.pc2.tcp().sockets()) CHECK(s.state != net::tcp::State::Listen);

  const auto& refused = t.type(t.sh1, "tcp-upper-client 10.0.0.2 12000 hi");
  CHECK(refused.output == "tcp-upper-client: connect: Connection refused\n");
  CHECK(refused.exit_code == 1);
}
