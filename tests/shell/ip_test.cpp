// ip (iproute2), ifconfig and route (net-tools): output formats and configuration changes.
#include <catch2/catch.hpp>

#include "tests/shell/shell_fixture.h"

using namespace wirelab;
using test::run;

TEST_CASE("ip addr shows lo and the interfaces", "[shell][ip]") {
  test::Routed net;
  shell::Shell sh(net.world.ctx(), net.r1);
  const auto& r = run(net.world, sh, "ip addr");
  CHECK(r.output ==
        "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000\n"
        "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n"
        "    inet 127.0.0.1/8 scope host lo\n"
        "       valid_lft forever preferred_lft forever\n"
        "2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP group default qlen 1000\n"
        "    link/ether 02:00:00:00:00:02 brd ff:ff:ff:ff:ff:ff\n"
        "    inet 10.0.1.1/24 brd 10.0.1.255 scope global eth0\n"
        "       valid_lft forever preferred_lft forever\n"
        "3: eth1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP group default qlen 1000\n"
        "    link/ether 02:00:00:00:00:03 brd ff:ff:ff:ff:ff:ff\n"
        "    inet 10.0.12.1/24 brd 10.0.12.255 scope global eth1\n"
        "       valid_lft forever preferred_lft forever\n");
  CHECK(r.exit_code == 0);
  CHECK(run(net.world, sh, "ip a show dev eth1").output ==
        "3: eth1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP group default qlen 1000\n"
        "    link/ether 02:00:00:00:00:03 brd ff:ff:ff:ff:ff:ff\n"
        "    inet 10.0.12.1/24 brd 10.0.12.255 scope global eth1\n"
        "       valid_lft forever preferred_lft forever\n");
  const auto& missing = run(net.world, sh, "ip address show eth9");
  CHECK(missing.output == "Device \"eth9\" does not exist.\n");
  CHECK(missing.exit_code == 1);
}

TEST_CASE("ip link shows carrier and admin state", "[shell][ip]") {
  test::Lan net;
  auto& pc3 = net.world.add_host("pc3");
  pc3.add_interface("eth0", net.world.next_mac());  // no cable: NO-CARRIER
  shell::Shell sh(net.world.ctx(), pc3);
  CHECK(run(net.world, sh, "ip link").output ==
        "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\n"
        "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n"
        "2: eth0: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc fq_codel state DOWN mode DEFAULT group default qlen 1000\n"
        "    link/ether 02:00:00:00:00:03 brd ff:ff:ff:ff:ff:ff\n");
  CHECK(run(net.world, sh, "ip link set eth0 down").exit_code == 0);
  CHECK(run(net.world, sh, "ip l show eth0").output ==
        "2: eth0: <BROADCAST,MULTICAST> mtu 1500 qdisc fq_codel state DOWN mode DEFAULT group default qlen 1000\n"
        "    link/ether 02:00:00:00:00:03 brd ff:ff:ff:ff:ff:ff\n");
  CHECK(!pc3.stack().interfaces()[0].up);
}

TEST_CASE("ip route shows kernel and static routes", "[shell][ip]") {
  test::Routed net;
  shell::Shell pc(net.world.ctx(), net.pc1);
  CHECK(run(net.world, pc, "ip route").output ==
        "default via 10.0.1.1 dev eth0\n"
        "10.0.1.0/24 dev eth0 proto kernel scope link src 10.0.1.2\n");
  shell::Shell r1(net.world.ctx(), net.r1);
  CHECK(run(net.world, r1, "ip r").output ==
        "10.0.1.0/24 dev eth0 proto kernel scope link src 10.0.1.1\n"
        "10.0.2.0/24 via 10.0.12.2 dev eth1\n"
        "10.0.12.0/24 dev eth1 proto kernel scope link src 10.0.12.1\n");
  CHECK(run(net.world, pc, "ip route get 10.0.2.2").output ==
        "10.0.2.2 via 10.0.1.1 dev eth0 src 10.0.1.2 uid 0 \n    cache \n");
}

TEST_CASE("ip route add default, then ping works", "[shell][ip]") {
  test::Routed net;
  net.pc1.stack().routes().remove(*wire::Ipv4Prefix::parse("0.0.0.0/0"));
  shell::Shell sh(net.world.ctx(), net.pc1);
  const auto& before = run(net.world, sh, "ping -c 1 10.0.2.2");
  CHECK(before.output == "ping: connect: Network is unreachable\n");
  CHECK(before.exit_code == 2);

  const auto& bad_gw = run(net.world, sh, "ip route add default via 10.0.9.1");
  CHECK(bad_gw.output == "Error: Nexthop has invalid gateway.\n");
  CHECK(bad_gw.exit_code == 2);
  const auto& bad_dev = run(net.world, sh, "ip route add default via 10.0.1.1 dev eth9");
  CHECK(bad_dev.output == "Cannot find device \"eth9\"\n");
  const auto& garbage = run(net.world, sh, "ip route add 10.0.2.0/24 10.0.1.1");
  CHECK(garbage.output == "Error: either \"to\" is duplicate, or \"10.0.1.1\" is a garbage.\n");
  const auto& host_bits = run(net.world, sh, "ip route add 10.0.2.1/24 via 10.0.1.1");
  CHECK(host_bits.output == "Error: Invalid prefix for given prefix length.\n");

  CHECK(run(net.world, sh, "ip route add default via 10.0.1.1").exit_code == 0);
  const auto& dup = run(net.world, sh, "ip route add default via 10.0.1.1");
  CHECK(dup.output == "RTNETLINK answers: File exists\n");
  CHECK(dup.exit_code == 2);
  CHECK(run(net.world, sh, "ping -c 1 10.0.2.2").exit_code == 0);

  CHECK(run(net.world, sh, "ip route del default").exit_code == 0);
  const auto& gone = run(net.world, sh, "ip route del default");
  CHECK(gone.output == "RTNETLINK answers: No such process\n");
  CHECK(gone.exit_code == 2);
}

TEST_CASE("ip addr add and del change the interface address and its route", "[shell][ip]") {
  test::Lan net;
  shell::Shell sh(net.world.ctx(), net.pc1);
  CHECK(run(net.world, sh, "ip addr del 10.0.0.1/24 dev eth0").exit_code == 0);
  CHECK(!net.pc1.stack().interfaces()[0].address);
  CHECK(run(net.world, sh, "ip route").output.empty());
  CHECK(run(net.world, sh, "ip addr add 10.0.0.7/24 dev eth0").exit_code == 0);
  CHECK(run(net.world, sh, "ip route").output == "10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.7\n");
  CHECK(run(net.world, sh, "ping -c 1 10.0.0.2").exit_code == 0);
  const auto& exists = run(net.world, sh, "ip addr add 10.0.0.7/24 dev eth0");
  CHECK(exists.output == "RTNETLINK answers: File exists\n");
  const auto& nodev = run(net.world, sh, "ip addr add 10.0.0.8/24");
  CHECK(nodev.output == "Not enough information: \"dev\" argument is required.\n");
  const auto& wrong = run(net.world, sh, "ip addr del 10.0.0.9/24 dev eth0");
  CHECK(wrong.output == "RTNETLINK answers: Cannot assign requested address\n");
  const auto& obj = run(net.world, sh, "ip foo");
  CHECK(obj.output == "Object \"foo\" is unknown, try \"ip help\".\n");
  const auto& usage = run(net.world, sh, "ip");
  CHECK(usage.exit_code == 2);
  CHECK(usage.output.rfind("Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }\n", 0) == 0);
}

TEST_CASE("ifconfig prints net-tools blocks with counters", "[shell][ifconfig]") {
  test::Lan net;
  shell::Shell sh(net.world.ctx(), net.pc1);
  run(net.world, sh, "ping -c 1 10.0.0.2");
  // Sent: ARP request (60 bytes with padding) and the echo (98); received: ARP reply and echo reply.
  const auto& r = run(net.world, sh, "ifconfig");
  CHECK(r.output ==
        "eth0: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500\n"
        "        inet 10.0.0.1  netmask 255.255.255.0  broadcast 10.0.0.255\n"
        "        ether 02:00:00:00:00:01  txqueuelen 1000  (Ethernet)\n"
        "        RX packets 2  bytes 158 (158.0 B)\n"
        "        RX errors 0  dropped 0  overruns 0  frame 0\n"
        "        TX packets 2  bytes 158 (158.0 B)\n"
        "        TX errors 0  dropped 0 overruns 0  carrier 0  collisions 0\n"
        "\n"
        "lo: flags=73<UP,LOOPBACK,RUNNING>  mtu 65536\n"
        "        inet 127.0.0.1  netmask 255.0.0.0\n"
        "        loop  txqueuelen 1000  (Local Loopback)\n"
        "        RX packets 0  bytes 0 (0.0 B)\n"
        "        RX errors 0  dropped 0  overruns 0  frame 0\n"
        "        TX packets 0  bytes 0 (0.0 B)\n"
        "        TX errors 0  dropped 0 overruns 0  carrier 0  collisions 0\n"
        "\n");
  const auto& missing = run(net.world, sh, "ifconfig eth9");
  CHECK(missing.output == "eth9: error fetching interface information: Device not found\n");
  CHECK(missing.exit_code == 1);
}

TEST_CASE("ifconfig configures address, netmask and state", "[shell][ifconfig]") {
  test::Lan net;
  shell::Shell sh(net.world.ctx(), net.pc1);
  CHECK(run(net.world, sh, "ifconfig eth0 down").exit_code == 0);
  CHECK(run(net.world, sh, "ifconfig").output.rfind("lo: ", 0) == 0);  // down interfaces need -a
  CHECK(run(net.world, sh, "ifconfig -a eth0").output.rfind("eth0: flags=4098<BROADCAST,MULTICAST>  mtu 1500\n", 0) == 0);
  CHECK(run(net.world, sh, "ping -c 1 10.0.0.2").exit_code != 0);
  CHECK(run(net.world, sh, "ifconfig eth0 10.0.0.9 netmask 255.255.255.0 up").exit_code == 0);
  const auto& ni = net.pc1.stack().interfaces()[0];
  CHECK(ni.up);
  CHECK(ni.address->to_string() == "10.0.0.9/24");
  CHECK(run(net.world, sh, "ping -c 1 10.0.0.2").exit_code == 0);
  CHECK(run(net.world, sh, "ifconfig eth0 172.16.0.1").exit_code == 0);  // classful: /16
  CHECK(net.pc1.stack().interfaces()[0].address->to_string() == "172.16.0.1/16");
  CHECK(run(net.world, sh, "ifconfig eth0 10.0.0.1 netmask 255.0.255.0").output == "SIOCSIFNETMASK: Invalid argument\n");
}

TEST_CASE("route -n prints the kernel routing table", "[shell][route]") {
  test::Routed net;
  shell::Shell r1(net.world.ctx(), net.r1);
  CHECK(run(net.world, r1, "route -n").output ==
        "Kernel IP routing table\n"
        "Destination     Gateway         Genmask         Flags Metric Ref    Use Iface\n"
        "10.0.1.0        0.0.0.0         255.255.255.0   U     0      0        0 eth0\n"
        "10.0.2.0        10.0.12.2       255.255.255.0   UG    0      0        0 eth1\n"
        "10.0.12.0       0.0.0.0         255.255.255.0   U     0      0        0 eth1\n");
  shell::Shell pc(net.world.ctx(), net.pc1);
  CHECK(run(net.world, pc, "route").output ==
        "Kernel IP routing table\n"
        "Destination     Gateway         Genmask         Flags Metric Ref    Use Iface\n"
        "default         10.0.1.1        0.0.0.0         UG    0      0        0 eth0\n"
        "10.0.1.0        0.0.0.0         255.255.255.0   U     0      0        0 eth0\n");
}

TEST_CASE("route add default gw, then ping works; route del removes it", "[shell][route]") {
  test::Routed net;
  net.pc1.stack().routes().remove(*wire::Ipv4Prefix::parse("0.0.0.0/0"));
  shell::Shell sh(net.world.ctx(), net.pc1);
  const auto& far = run(net.world, sh, "route add default gw 10.0.9.1");
  CHECK(far.output == "SIOCADDRT: Network is unreachable\n");
  CHECK(far.exit_code == 7);
  CHECK(run(net.world, sh, "route add -net 10.0.2.0 netmask 255.255.255.0 gw 10.0.1.1").exit_code == 0);
  CHECK(run(net.world, sh, "route add -host 10.0.3.3 gw 10.0.1.1 metric 5").exit_code == 0);
  CHECK(run(net.world, sh, "route -n").output ==
        "Kernel IP routing table\n"
        "Destination     Gateway         Genmask         Flags Metric Ref    Use Iface\n"
        "10.0.1.0        0.0.0.0         255.255.255.0   U     0      0        0 eth0\n"
        "10.0.2.0        10.0.1.1        255.255.255.0   UG    0      0        0 eth0\n"
        "10.0.3.3        10.0.1.1        255.255.255.255 UGH   5      0        0 eth0\n");
  CHECK(run(net.world, sh, "ping -c 1 10.0.2.2").exit_code == 0);
  const auto& dup = run(net.world, sh, "route add -net 10.0.2.0/24 gw 10.0.1.1");
  CHECK(dup.output == "SIOCADDRT: File exists\n");
  CHECK(run(net.world, sh, "route del -net 10.0.2.0/24").exit_code == 0);
  const auto& gone = run(net.world, sh, "route del -net 10.0.2.0/24");
  CHECK(gone.output == "SIOCDELRT: No such process\n");
  CHECK(gone.exit_code == 7);
  const auto& mismatch = run(net.world, sh, "route add -net 10.0.2.1 netmask 255.255.255.0 gw 10.0.1.1");
  CHECK(mismatch.output == "route: netmask doesn't match route address\n");
  const auto& usage = run(net.world, sh, "route -z");
  CHECK(usage.exit_code == 2);
  CHECK(usage.output.rfind("route: invalid option -- 'z'\nUsage: route", 0) == 0);
}

TEST_CASE("help lists every built-in command; help CMD shows its usage", "[shell][help]") {
  test::Lan net;
  shell::Shell sh(net.world.ctx(), net.pc1);
  const auto& r = run(net.world, sh, "help");
  CHECK(r.exit_code == 0);
  for (const auto& c : shell::CommandRegistry::builtin().all()) {
    INFO(c.name);
    CHECK(r.output.find("  " + c.name + " ") != std::string::npos);
    CHECK(r.output.find(c.summary) != std::string::npos);
  }
  for (const char* name : {"ping", "traceroute", "arp", "arping", "ip", "ifconfig", "route", "help"})
    CHECK(shell::CommandRegistry::builtin().find(name) != nullptr);
  const auto& one = run(net.world, sh, "help traceroute");
  CHECK(one.output.rfind("Usage: traceroute [-nI]", 0) == 0);
  const auto& unknown = run(net.world, sh, "help foo");
  CHECK(unknown.output == "help: no help topics match `foo'.\n");
  CHECK(unknown.exit_code == 1);
}
