#!/usr/bin/env bash
# Our TCP client against the Linux kernel: pc1 runs `nc -N 10.77.0.1 9000` and sends 40 lines to a
# real `socat -u TCP-LISTEN:9000 OPEN:file` on the Linux side of the TAP bridge; the file must
# hold exactly those lines (sha256 compared). Needs root and namespaces; skips visibly otherwise.
# Usage: tap_tcp_client_test.sh WIRELAB_BINARY
set -u
wirelab=$1
here=$(cd "$(dirname "$0")" && pwd)
ns=wl-cli-$$
work=$(mktemp -d)
skip() { echo "SKIPPED: $*"; exit 0; }
[ "$(id -u)" = 0 ] || skip "needs root for network namespaces"
command -v socat >/dev/null || { echo "FAIL: socat missing (tools/setup.sh installs it)"; exit 1; }
ip netns add "$ns" 2>/dev/null || skip "network namespaces are unavailable here"
pid=; spid=
cleanup() { for p in $pid $spid; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; ip netns del "$ns" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
ip -n "$ns" link set lo up
ip -n "$ns" tuntap add dev vtap0 mode tap || skip "TUN/TAP is unavailable here"
ip -n "$ns" addr add 10.77.0.1/24 dev vtap0
ip -n "$ns" link set vtap0 up
ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1

ip netns exec "$ns" timeout 20 socat -u TCP-LISTEN:9000,reuseaddr OPEN:"$work/received",creat,trunc &
spid=$!
sleep 0.3
ip netns exec "$ns" "$wirelab" run "$here/bridge-client.json" --tap vtap0@sw1:4 --until 6s >"$work/lab.txt" 2>&1 &
pid=$!
wait "$pid"; rc=$?; pid=
wait "$spid"; spid=
cat "$work/lab.txt"
status=0
[ $rc = 0 ] || { echo "FAIL: the lab's checks failed (exit $rc)"; status=1; }
want=$(sha256sum <"$here/bridge-client.expected" | cut -d' ' -f1)
got=$(sha256sum <"$work/received" 2>/dev/null | cut -d' ' -f1)
if [ "$want" = "$got" ]; then echo "ok: socat received exactly the 40 lines (sha256 $got)"; else
  echo "FAIL: socat received different bytes"; diff <(cat "$here/bridge-client.expected") "$work/received" | head; status=1; fi
[ $status = 0 ] && echo "PASS" || echo "FAILED"
exit $status
