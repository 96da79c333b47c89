// The one-shot service clients: finger (RFC 1288), daytime (RFC 867), rdate (RFC 868), against
// small servers written in the test on the socket API.
#include <catch2/catch.hpp>

#include "tests/shell/transport_fixture.h"

using namespace wirelab;

namespace {
// RFC 1288: read the query line, answer, close.
test::ScriptedServer::Script finger_script() {
  return [](const std::string& received, bool, bool& close) -> std::string {
    if (received.find("\r\n") == std::string::npos) return "";
    close = true;
    if (received == "\r\n") return "Login     Name       Tty\r\nalice     Alice      pts/0\r\n";
    return "Login: alice          \tName: Alice Liddell\r\nNo mail.\r\nNo Plan.";  // no final CRLF
  };
}

std::string time_bytes(std::uint32_t t) {
  return {static_cast<char>(t >> 24), static_cast<char>(t >> 16), static_cast<char>(t >> 8), static_cast<char>(t)};
}
}  // namespace

TEST_CASE("finger user@host: [host], the query with CRLF, the reply with newlines", "[transport-cmd][finger]") {
  test::TwoShells t;
  test::ScriptedServer fingerd(t.net.pc2, 79, finger_script());
  const auto& r = t.type(t.sh1, "finger alice@10.0.0.2");
  CHECK(fingerd.received == "alice\r\n");
  CHECK(r.output == "[10.0.0.2]\nLogin: alice          \tName: Alice Liddell\nNo mail.\nNo Plan.\n");
  CHECK(r.exit_code == 0);

  const auto& all = t.type(t.sh1, "finger @10.0.0.2");
  CHECK(fingerd.received == "\r\n");
  CHECK(all.output == "[10.0.0.2]\nLogin     Name       Tty\nalice     Alice      pts/0\n");

  t.type(t.sh1, "finger -l alice@10.0.0.2");
  CHECK(fingerd.received == "/W alice\r\n");  // RFC 1288 §2.3: the verbose switch

  t.type(t.sh1, "finger bob@pc3@10.0.0.2");
  CHECK(fingerd.received == "bob@pc3\r\n");  // forwarding: the last host is asked
}

TEST_CASE("finger: refused, local, usage", "[transport-cmd][finger]") {
  test::TwoShells t;
  const auto& r = t.type(t.sh1, "finger alice@10.0.0.2");
  CHECK(r.output == "[10.0.0.2]\nfinger: connect: Connection refused\n");
  CHECK(r.exit_code == 1);
  CHECK(t.type(t.sh1, "finger").output == "No one logged on.\n");
  CHECK(t.type(t.sh1, "finger bob").output == "finger: bob: no such user.\n");
  const auto& u = t.type(t.sh1, "finger -x");
  CHECK(u.output == "finger: invalid option -- 'x'\nusage: finger [-lmps] [login ...]\n");
  CHECK(u.exit_code == 2);
}

TEST_CASE("daytime HOST prints the server's line (TCP and UDP)", "[transport-cmd][daytime]") {
  test::TwoShells t;
  const auto& refused = t.type(t.sh1, "daytime 10.0.0.2");
  CHECK(refused.output == "daytime: connect: Connection refused\n");
  CHECK(refused.exit_code == 1);

  test::ScriptedServer daytimed(t.net.pc2, 13, nullptr, "Sun Nov 22 02:00:00 2026\r\n");
  const auto& r = t.type(t.sh1, "daytime 10.0.0.2");
  CHECK(r.output == "Sun Nov 22 02:00:00 2026\n");
  CHECK(r.exit_code == 0);

  apps::UdpSocket udp(t.net.pc2);
  udp.bind({wire::Ipv4Address{}, 13});
  udp.on_readable([&] {
    auto d = udp.receive_from();
    if (d.ok()) udp.send_to(apps::as_bytes("Sun Nov 22 02:00:01 2026\r\n"), d.value->from);
  });
  CHECK(t.type(t.sh1, "daytime -u 10.0.0.2").output == "Sun Nov 22 02:00:01 2026\n");
}

TEST_CASE("rdate -p: RFC 868 seconds since 1900, printed as ctime in UTC", "[transport-cmd][rdate]") {
  test::TwoShells t;
  const auto& refused = t.type(t.sh1, "rdate -p 10.0.0.2");
  CHECK(refused.output == "rdate: Could not connect socket: Connection refused\n");
  CHECK(refused.exit_code == 1);
  CHECK(t.type(t.sh1, "rdate").exit_code == 2);

  // 2026-11-22 02:00:00 UTC = 1795312800 s after 1970 = 4004301600 s after 1900.
  test::ScriptedServer timed(t.net.pc2, 37, nullptr, time_bytes(4004301600u));
  const auto& r = t.type(t.sh1, "rdate -p 10.0.0.2");
  CHECK(r.output == "rdate: [10.0.0.2]\tSun Nov 22 02:00:00 2026\n");
  CHECK(r.exit_code == 0);

  // -u: an empty datagram asks. After 2036 the count wraps: 128239309 is 2040-03-01 12:30:05.
  apps::UdpSocket udp(t.net.pc2);
  udp.bind({wire::Ipv4Address{}, 37});
  udp.on_readable([&] {
    auto d = udp.receive_from();
    if (d.ok() && d.value->data.empty()) udp.send_to(apps::as_bytes(time_bytes(128239309u)), d.value->from);
  });
  CHECK(t.type(t.sh1, "rdate -pu 10.0.0.2").output == "rdate: [10.0.0.2]\tThu Mar  1 12:30:05 2040\n");

}
