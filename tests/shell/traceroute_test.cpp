// traceroute over exact 1 ms links: every RTT below is a whole number of milliseconds.
#include <catch2/catch.hpp>

#include "tests/shell/shell_fixture.h"

using namespace wirelab;
using test::run;

TEST_CASE("traceroute -n through two routers lists three hops", "[shell][traceroute]") {
  test::Routed net;
  shell::Shell sh(net.world.ctx(), net.pc1);
  const auto& r = run(net.world, sh, "traceroute -n 10.0.2.2");
  // First probe of each hop waits for one more ARP exchange (2 ms) than the others.
  CHECK(r.output ==
        "traceroute to 10.0.2.2 (10.0.2.2), 30 hops max, 60 byte packets\n"
        " 1  10.0.1.1  4.000 ms  2.000 ms  2.000 ms\n"
        " 2  10.0.12.2  6.000 ms  4.000 ms  4.000 ms\n"
        " 3  10.0.2.2  8.000 ms  6.000 ms  6.000 ms\n");
  CHECK(r.exit_code == 0);
}

TEST_CASE("traceroute without -n prints name and address", "[shell][traceroute]") {
  test::Routed net;
  shell::Shell sh(net.world.ctx(), net.pc1);
  run(net.world, sh, "ping -c 1 10.0.2.2");  // warm every ARP cache on the path
  const auto& r = run(net.world, sh, "traceroute 10.0.2.2");
  CHECK(r.output ==
        "traceroute to 10.0.2.2 (10.0.2.2), 30 hops max, 60 byte packets\n"
        " 1  10.0.1.1 (10.0.1.1)  2.000 ms  2.000 ms  2.000 ms\n"
        " 2  10.0.12.2 (10.0.12.2)  4.000 ms  4.000 ms  4.000 ms\n"
        " 3  10.0.2.2 (10.0.2.2)  6.000 ms  6.000 ms  6.000 ms\n");
}

TEST_CASE("traceroute -I uses ICMP echo and stops at the echo reply", "[shell][traceroute]") {
  test::Routed net;
  shell::Shell sh(net.world.ctx(), net.pc1);
  const auto& r = run(net.world, sh, "traceroute -I -n 10.0.2.2");
  CHECK(r.output ==
        "traceroute to 10.0.2.2 (10.0.2.2), 30 hops max, 60 byte packets\n"
        " 1  10.0.1.1  4.000 ms  2.000 ms  2.000 ms\n"
        " 2  10.0.12.2  6.000 ms  4.000 ms  4.000 ms\n"
        " 3  10.0.2.2  8.000 ms  6.000 ms  6.000 ms\n");
}

TEST_CASE("traceroute to an unroutable network ends with !N", "[shell][traceroute]") {
  test::Routed net;
  shell::Shell sh(net.world.ctx(), net.pc1);
  const auto& r = run(net.world, sh, "traceroute -n 10.9.9.9");
  CHECK(r.output ==
        "traceroute to 10.9.9.9 (10.9.9.9), 30 hops max, 60 byte packets\n"
        " 1  10.0.1.1  4.000 ms !N  2.000 ms !N  2.000 ms !N\n");
  CHECK(r.exit_code == 0);
}

TEST_CASE("traceroute prints stars for silent hops and stops at max_ttl", "[shell][traceroute]") {
  test::Routed net;
  // r2 loses its way back: its time-exceeded messages and pc2's answers never reach pc1.
  net.r2.stack().routes().remove(*wire::Ipv4Prefix::parse("0.0.0.0/0"));
  shell::Shell sh(net.world.ctx(), net.pc1);
  const auto& r = run(net.world, sh, "traceroute -n -m 3 -w 1 10.0.2.2");
  CHECK(r.output ==
        "traceroute to 10.0.2.2 (10.0.2.2), 3 hops max, 60 byte packets\n"
        " 1  10.0.1.1  4.000 ms  2.000 ms  2.000 ms\n"
        " 2  * * *\n"
        " 3  * * *\n");
  CHECK(r.ended - r.started == milliseconds(8) + seconds(6));
}

TEST_CASE("traceroute -q and -m shorten the trace", "[shell][traceroute]") {
  test::Routed net;
  shell::Shell sh(net.world.ctx(), net.pc1);
  const auto& r = run(net.world, sh, "traceroute -n -m 2 -q 1 10.0.2.2");
  CHECK(r.output ==
        "traceroute to 10.0.2.2 (10.0.2.2), 2 hops max, 60 byte packets\n"
        " 1  10.0.1.1  4.000 ms\n"
        " 2  10.0.12.2  6.000 ms\n");
}

TEST_CASE("traceroute usage errors exit 2", "[shell][traceroute]") {
  test::Lan net;
  shell::Shell sh(net.world.ctx(), net.pc1);
  const auto& none = run(net.world, sh, "traceroute");
  CHECK(none.exit_code == 2);
  CHECK(none.output.rfind("Usage:\n  traceroute [ -nI ]", 0) == 0);
  const auto& bad = run(net.world, sh, "traceroute -x 10.0.0.2");
  CHECK(bad.output == "Bad option `-x' (argc 1)\n");
  CHECK(bad.exit_code == 2);
  const auto& bad_m = run(net.world, sh, "traceroute -m abc 10.0.0.2");
  CHECK(bad_m.exit_code == 2);
}

TEST_CASE("traceroute without a route says so", "[shell][traceroute]") {
  test::Lan net;
  shell::Shell sh(net.world.ctx(), net.pc1);
  const auto& r = run(net.world, sh, "traceroute 192.168.9.9");
  CHECK(r.output ==
        "traceroute to 192.168.9.9 (192.168.9.9), 30 hops max, 60 byte packets\n"
        "connect: Network is unreachable\n");
  CHECK(r.exit_code == 1);
}
