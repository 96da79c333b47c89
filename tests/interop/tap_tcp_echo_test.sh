#!/usr/bin/env bash
# The Linux kernel as TCP's judge: 20 MB through our Echo service (RFC 862) with the real
# `nc -N` (which also half-closes after EOF), compared byte for byte, across the kernel's
# SACK/timestamps/window-scaling switches, MTU 1500 and 576, and nftables dropping 2 % of the
# kernel's segments. Needs root and network namespaces; skips with a visible notice otherwise.
# Usage: tap_tcp_echo_test.sh WIRELAB_BINARY
set -u
wirelab=$1
here=$(cd "$(dirname "$0")" && pwd)
ns=wl-tcp-$$
work=$(mktemp -d)
skip() { echo "SKIPPED: $*"; exit 0; }

[ "$(id -u)" = 0 ] || skip "needs root for network namespaces"
for tool in nc nft; do command -v $tool >/dev/null || { echo "FAIL: $tool missing (tools/setup.sh installs it)"; exit 1; }; done
ip netns add "$ns" 2>/dev/null || skip "network namespaces are unavailable here"
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; ip netns del "$ns" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
NX() { ip netns exec "$ns" "$@"; }
ip -n "$ns" link set lo up
ip -n "$ns" tuntap add dev vtap0 mode tap || skip "TUN/TAP is unavailable here"
ip -n "$ns" addr add 10.77.0.1/24 dev vtap0
ip -n "$ns" link set vtap0 up
NX sysctl -qw net.ipv6.conf.all.disable_ipv6=1
head -c 20M /dev/urandom > "$work/in"

status=0
# name  sack/ts/wscale  mtu  loss%
run_case() {
  local name=$1 opts=$2 mtu=$3 loss=$4
  NX sysctl -qw net.ipv4.tcp_sack=$opts net.ipv4.tcp_timestamps=$opts net.ipv4.tcp_window_scaling=$opts
  ip -n "$ns" link set vtap0 mtu "$mtu"
  NX nft flush ruleset
  if [ "$loss" != 0 ]; then
    NX nft add table inet t
    NX nft add chain inet t out '{type filter hook output priority 0;}'
    NX nft add rule inet t out ip daddr 10.77.0.0/24 numgen random mod 100 '<' "$loss" drop
  fi
  ip netns exec "$ns" "$wirelab" run "$here/bridge-echo.json" --tap vtap0@sw1:4 --until 100s -q >"$work/lab.txt" 2>&1 &
  pid=$!
  sleep 0.5
  local t0=$(date +%s%N)
  NX timeout 90 nc -N 10.77.0.2 7 <"$work/in" >"$work/out"
  local rc=$? t1=$(date +%s%N)
  kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; pid=
  if [ $rc = 0 ] && cmp -s "$work/in" "$work/out"; then
    printf 'ok: %-34s 20 MB echoed intact in %d ms\n' "$name" $(( (t1 - t0) / 1000000 ))
  else
    printf 'FAIL: %-32s nc exit %s, %s of 20971520 bytes back\n' "$name" "$rc" "$(stat -c %s "$work/out")"
    cat "$work/lab.txt"
    status=1
  fi
}
run_case "sack+ts+wscale on, mtu 1500"    1 1500 0
run_case "sack+ts+wscale off, mtu 1500"   0 1500 0
run_case "sack+ts+wscale on, mtu 576"     1 576  0
run_case "options on, 2% loss"            1 1500 2
run_case "options off, mtu 576, 2% loss"  0 576  2
[ $status = 0 ] && echo "PASS" || echo "FAILED"
exit $status
