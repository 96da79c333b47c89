// ping through the shell: replies, ICMP errors from routers and from the own stack, MTU.
#include <catch2/catch.hpp>

#include "tests/shell/shell_fixture.h"

using namespace wirelab;
using test::run;

TEST_CASE("ping on a LAN: three replies, statistics and rtt line", "[shell][ping]") {
  test::Lan net;
  shell::Shell sh(net.world.ctx(), net.pc1);
  const auto& r = run(net.world, sh, "ping -c 3 10.0.0.2");
  // The first echo waits for ARP (request + reply, 2 ms each way through the switch).
  CHECK(r.output ==
        "PING 10.0.0.2 (10.0.0.2) 56(84) bytes of data.\n"
        "64 bytes from 10.0.0.2: icmp_seq=1 ttl=64 time=8.000 ms\n"
        "64 bytes from 10.0.0.2: icmp_seq=2 ttl=64 time=4.000 ms\n"
        "64 bytes from 10.0.0.2: icmp_seq=3 ttl=64 time=4.000 ms\n"
        "\n"
        "--- 10.0.0.2 ping statistics ---\n"
        "3 packets transmitted, 3 received, 0% packet loss, time 2004ms\n"
        "rtt min/avg/max/mdev = 4.000/5.333/8.000/1.886 ms\n");
  CHECK(r.exit_code == 0);
  CHECK(sh.transcript() == "pc1$ ping -c 3 10.0.0.2\n" + r.output + "pc1$ ");
}

TEST_CASE("ping through routers decrements the TTL", "[shell][ping]") {
  test::Routed net;
  shell::Shell sh(net.world.ctx(), net.pc1);
  const auto& r = run(net.world, sh, "ping -c 2 10.0.2.2");
  CHECK(r.output ==
        "PING 10.0.2.2 (10.0.2.2) 56(84) bytes of data.\n"
        "64 bytes from 10.0.2.2: icmp_seq=1 ttl=62 time=12.000 ms\n"
        "64 bytes from 10.0.2.2: icmp_seq=2 ttl=62 time=6.000 ms\n"
        "\n"
        "--- 10.0.2.2 ping statistics ---\n"
        "2 packets transmitted, 2 received, 0% packet loss, time 1006ms\n"
        "rtt min/avg/max/mdev = 6.000/9.000/12.000/3.000 ms\n");
}

TEST_CASE("ping to an unroutable network: Destination Net Unreachable from the router", "[shell][ping]") {
  test::Routed net;
  shell::Shell sh(net.world.ctx(), net.pc1);
  const auto& r = run(net.world, sh, "ping -c 2 10.9.9.9");
  CHECK(r.output ==
        "PING 10.9.9.9 (10.9.9.9) 56(84) bytes of data.\n"
        "From 10.0.1.1 icmp_seq=1 Destination Net Unreachable\n"
        "From 10.0.1.1 icmp_seq=2 Destination Net Unreachable\n"
        "\n"
        "--- 10.9.9.9 ping statistics ---\n"
        "2 packets transmitted, 0 received, +2 errors, 100% packet loss, time 1002ms\n");
  CHECK(r.exit_code == 1);
}

TEST_CASE("ping -t 1 through a router: Time to live exceeded", "[shell][ping]") {
  test::Routed net;
  shell::Shell sh(net.world.ctx(), net.pc1);
  const auto& r = run(net.world, sh, "ping -c 1 -t 1 10.0.2.2");
  CHECK(r.output ==
        "PING 10.0.2.2 (10.0.2.2) 56(84) bytes of data.\n"
        "From 10.0.1.1 icmp_seq=1 Time to live exceeded\n"
        "\n"
        "--- 10.0.2.2 ping statistics ---\n"
        "1 packets transmitted, 0 received, +1 errors, 100% packet loss, time 4ms\n");
  CHECK(r.exit_code == 1);
}

TEST_CASE("ping to a silent on-link address: Destination Host Unreachable after ARP gives up", "[shell][ping]") {
  test::Lan net;
  shell::Shell sh(net.world.ctx(), net.pc1);
  const auto& r = run(net.world, sh, "ping -c 1 10.0.0.3");
  CHECK(r.output ==
        "PING 10.0.0.3 (10.0.0.3) 56(84) bytes of data.\n"
        "From 10.0.0.1 icmp_seq=1 Destination Host Unreachable\n"
        "\n"
        "--- 10.0.0.3 ping statistics ---\n"
        "1 packets transmitted, 0 received, +1 errors, 100% packet loss, time 3000ms\n");
  CHECK(r.exit_code == 1);
  CHECK(r.ended - r.started == seconds(3));  // three ARP requests, 1 s apart
}

TEST_CASE("ping -s 4000 is fragmented and reassembled", "[shell][ping]") {
  test::Lan net;
  shell::Shell sh(net.world.ctx(), net.pc1);
  const auto& r = run(net.world, sh, "ping -c 2 -s 4000 10.0.0.2");
  CHECK(r.output.find("PING 10.0.0.2 (10.0.0.2) 4000(4028) bytes of data.\n") == 0);
  CHECK(r.output.find("4008 bytes from 10.0.0.2: icmp_seq=1 ttl=64 time=8.000 ms\n") != std::string::npos);
  CHECK(r.output.find("4008 bytes from 10.0.0.2: icmp_seq=2 ttl=64 time=4.000 ms\n") != std::string::npos);
  CHECK(r.output.find("2 packets transmitted, 2 received, 0% packet loss") != std::string::npos);
  CHECK(net.pc1.stack().counters().ip_frag_created == 6);  // 3 fragments per request
  CHECK(net.pc2.stack().counters().ip_reasm_ok == 2);
}

TEST_CASE("ping -M do -s 2000: local error message too long", "[shell][ping]") {
  test::Lan net;
  shell::Shell sh(net.world.ctx(), net.pc1);
  const auto& r = run(net.world, sh, "ping -c 1 -M do -s 2000 10.0.0.2");
  CHECK(r.output ==
        "PING 10.0.0.2 (10.0.0.2) 2000(2028) bytes of data.\n"
        "ping: local error: message too long, mtu=1500\n"
        "\n"
        "--- 10.0.0.2 ping statistics ---\n"
        "1 packets transmitted, 0 received, +1 errors, 100% packet loss, time 0ms\n");
  CHECK(r.exit_code == 1);
}

TEST_CASE("ping usage errors", "[shell][ping]") {
  test::Lan net;
  shell::Shell sh(net.world.ctx(), net.pc1);
  const auto& none = run(net.world, sh, "ping");
  CHECK(none.output ==
        "Usage: ping [-c count] [-i interval] [-s packetsize] [-t ttl] [-W timeout] [-M do|dont|want] destination\n");
  CHECK(none.exit_code == 2);
  const auto& bad = run(net.world, sh, "ping -c abc x");
  CHECK(bad.output == "ping: invalid argument: 'abc': out of range: 1 <= value <= 1000000\n");
  CHECK(bad.exit_code == 2);
  const auto& opt = run(net.world, sh, "ping -z 10.0.0.2");
  CHECK(opt.output.rfind("ping: invalid option -- 'z'\nUsage: ping", 0) == 0);
  CHECK(opt.exit_code == 2);
  const auto& name = run(net.world, sh, "ping nosuchhost");
  CHECK(name.output == "ping: nosuchhost: Name or service not known\n");
  CHECK(name.exit_code == 2);
}

TEST_CASE("an unknown command exits 127", "[shell]") {
  test::Lan net;
  shell::Shell sh(net.world.ctx(), net.pc1);
  const auto& r = run(net.world, sh, "foo -x");
  CHECK(r.output == "foo: command not found\n");
  CHECK(r.exit_code == 127);
  CHECK(r.finished);
}
