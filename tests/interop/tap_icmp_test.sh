#!/usr/bin/env bash
# Interoperability through the TAP bridge: the Linux kernel and real tools (ping, arping, nmap)
# against a virtual host. Needs root and network namespaces; skips with a visible notice
# otherwise. Traffic stays inside a namespace this test creates (10.77.0.0/24).
# Usage: tap_icmp_test.sh WIRELAB_BINARY
set -u
wirelab=$1
here=$(cd "$(dirname "$0")" && pwd)
ns=wl-icmp-$$
work=$(mktemp -d)
skip() { echo "SKIPPED: $*"; exit 0; }
fail() { echo "FAIL: $*"; exit 1; }

[ "$(id -u)" = 0 ] || skip "needs root for network namespaces"
ip netns add "$ns" 2>/dev/null || skip "network namespaces are unavailable here"
cleanup() { [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; ip netns del "$ns" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
NX() { ip netns exec "$ns" "$@"; }
ip -n "$ns" link set lo up
ip -n "$ns" tuntap add dev vtap0 mode tap || skip "TUN/TAP is unavailable here"
ip -n "$ns" addr add 10.77.0.1/24 dev vtap0
ip -n "$ns" link set vtap0 up
NX sysctl -qw net.ipv6.conf.all.disable_ipv6=1

ip netns exec "$ns" "$wirelab" run "$here/bridge-lan.json" --tap vtap0@sw1:4 --until 20s --pcap "$work/cap.pcap" >"$work/out.txt" 2>&1 &
pid=$!
sleep 1
# The lab runs 20 s of real time; everything below must finish well inside that.

status=0
NX ping -c 3 -i 0.2 -W 2 10.77.0.2 >"$work/ping.txt" 2>&1 || { cat "$work/ping.txt"; echo "FAIL: ping"; status=1; }
grep -q "3 received" "$work/ping.txt" && echo "ok: ping 3/3"
NX ping -c 1 -s 3000 -W 2 10.77.0.2 >"$work/ping_big.txt" 2>&1 || { cat "$work/ping_big.txt"; echo "FAIL: ping -s 3000"; status=1; }
grep -q "3008 bytes from 10.77.0.2" "$work/ping_big.txt" && echo "ok: 3000-byte ping fragmented and reassembled both ways"
NX arping -c 2 -w 3 -I vtap0 10.77.0.2 >"$work/arping.txt" 2>&1 || { cat "$work/arping.txt"; echo "FAIL: arping"; status=1; }
grep -q "reply from 10.77.0.2 \[02:00:00:00:00:01\]" "$work/arping.txt" && echo "ok: arping got the right MAC"
if command -v nmap >/dev/null; then
  NX nmap -n -sU -Pn -p 7,9 10.77.0.2 >"$work/nmap.txt" 2>&1
  if grep -Eq "^7/udp +closed" "$work/nmap.txt" && grep -Eq "^9/udp +closed" "$work/nmap.txt"; then
    echo "ok: nmap -sU sees closed ports (ICMP port unreachable)"
  else
    cat "$work/nmap.txt"; echo "FAIL: nmap -sU"; status=1
  fi
else
  echo "FAIL: nmap is not installed (tools/setup.sh installs it)"; status=1
fi

wait "$pid"; rc=$?; pid=
cat "$work/out.txt"
[ $rc = 0 ] || { echo "FAIL: wirelab checks (exit $rc)"; status=1; }
if command -v tshark >/dev/null; then
  problems=$(tshark -r "$work/cap.pcap" -o ip.check_checksum:TRUE -o udp.check_checksum:TRUE \
    -Y '_ws.malformed || _ws.expert.severity >= warning' -T fields -e frame.number -e _ws.expert.message 2>/dev/null)
  [ -z "$problems" ] && echo "ok: tshark finds no malformed packet or bad checksum" || { echo "$problems"; echo "FAIL: tshark"; status=1; }
fi
[ $status = 0 ] && echo "PASS" || echo "FAILED"
exit $status
