// arp and arping against a two-host LAN with exact 1 ms links.
#include <catch2/catch.hpp>

#include "tests/shell/shell_fixture.h"

using namespace wirelab;
using test::run;

TEST_CASE("arp shows the cache after a ping, in both styles", "[shell][arp]") {
  test::Lan net;
  shell::Shell sh(net.world.ctx(), net.pc1);
  run(net.world, sh, "ping -c 1 10.0.0.2");
  CHECK(run(net.world, sh, "arp -a").output == "? (10.0.0.2) at 02:00:00:00:00:02 [ether] on eth0\n");
  CHECK(run(net.world, sh, "arp -n").output ==
        "Address                  HWtype  HWaddress           Flags Mask            Iface\n"
        "10.0.0.2                 ether   02:00:00:00:00:02   C                     eth0\n");
  CHECK(run(net.world, sh, "ip neigh").output == "10.0.0.2 dev eth0 lladdr 02:00:00:00:00:02 REACHABLE\n");
}

TEST_CASE("arp shows incomplete and static entries", "[shell][arp]") {
  test::Lan net;
  shell::Shell sh(net.world.ctx(), net.pc1);
  sh.input("ping -c 1 10.0.0.3");
  net.world.scheduler().run_until(milliseconds(500));  // the ARP request is still unanswered
  shell::Shell other(net.world.ctx(), net.pc1);
  other.input("arp -a");
  CHECK(other.history().back().output == "? (10.0.0.3) at <incomplete> on eth0\n");
  other.input("arp");
  CHECK(other.history().back().output ==
        "Address                  HWtype  HWaddress           Flags Mask            Iface\n"
        "10.0.0.3                         (incomplete)                              eth0\n");
  other.input("ip neigh show");
  CHECK(other.history().back().output == "10.0.0.3 dev eth0  INCOMPLETE\n");
  net.world.scheduler().run_until_idle(seconds(60));
  const auto& s = run(net.world, sh, "arp -s 10.0.0.9 02:00:00:00:00:99");
  CHECK(s.exit_code == 0);
  CHECK(run(net.world, sh, "arp -a").output == "? (10.0.0.9) at 02:00:00:00:00:99 [ether] PERM on eth0\n");
  CHECK(run(net.world, sh, "arp -n").output ==
        "Address                  HWtype  HWaddress           Flags Mask            Iface\n"
        "10.0.0.9                 ether   02:00:00:00:00:99   CM                    eth0\n");
}

TEST_CASE("arp -d deletes an entry", "[shell][arp]") {
  test::Lan net;
  shell::Shell sh(net.world.ctx(), net.pc1);
  run(net.world, sh, "ping -c 1 10.0.0.2");
  const auto& d = run(net.world, sh, "arp -d 10.0.0.2");
  CHECK(d.output.empty());
  CHECK(d.exit_code == 0);
  CHECK(run(net.world, sh, "arp -an").output.empty());
  const auto& again = run(net.world, sh, "arp -d 10.0.0.2");
  CHECK(again.output == "No ARP entry for 10.0.0.2\n");
  CHECK(again.exit_code != 0);
  const auto& bad = run(net.world, sh, "arp -x");
  CHECK(bad.output.rfind("arp: invalid option -- 'x'\nUsage:\n  arp [-vn]", 0) == 0);
  CHECK(bad.exit_code == 2);
}

TEST_CASE("arping: three requests, three replies", "[shell][arping]") {
  test::Lan net;
  shell::Shell sh(net.world.ctx(), net.pc1);
  const auto& r = run(net.world, sh, "arping -c 3 10.0.0.2");
  CHECK(r.output ==
        "ARPING 10.0.0.2 from 10.0.0.1 eth0\n"
        "Unicast reply from 10.0.0.2 [02:00:00:00:00:02]  4.000ms\n"
        "Unicast reply from 10.0.0.2 [02:00:00:00:00:02]  4.000ms\n"
        "Unicast reply from 10.0.0.2 [02:00:00:00:00:02]  4.000ms\n"
        "Sent 3 probes (3 broadcast(s))\n"
        "Received 3 response(s)\n");
  CHECK(r.exit_code == 0);
  CHECK(r.ended - r.started == seconds(3));
}

TEST_CASE("arping to a silent address exits 1; -U announces", "[shell][arping]") {
  test::Lan net;
  shell::Shell sh(net.world.ctx(), net.pc1);
  const auto& r = run(net.world, sh, "arping -c 2 -I eth0 10.0.0.3");
  CHECK(r.output ==
        "ARPING 10.0.0.3 from 10.0.0.1 eth0\n"
        "Sent 2 probes (2 broadcast(s))\n"
        "Received 0 response(s)\n");
  CHECK(r.exit_code == 1);
  const auto& u = run(net.world, sh, "arping -U -c 1 10.0.0.1");
  CHECK(u.output ==
        "ARPING 10.0.0.1 from 10.0.0.1 eth0\n"
        "Sent 1 probes (1 broadcast(s))\n"
        "Received 0 response(s)\n");
  CHECK(u.exit_code == 0);
  const auto& dev = run(net.world, sh, "arping -I eth9 10.0.0.2");
  CHECK(dev.output == "arping: Device eth9 not available.\n");
  CHECK(dev.exit_code == 2);
  const auto& none = run(net.world, sh, "arping");
  CHECK(none.exit_code == 2);
  CHECK(none.output.rfind("Usage:\n  arping [options] <destination>", 0) == 0);
}
