#!/usr/bin/env bash
# Web smoke test: the browser build, exercised under node (no browser needed).
#   1. the wasm Botan probe runs and computes known digests (Botan for wasm links and works);
#   2. wirelab.js loads, rejects bad JSON with errors, and every shipped scenario (ping-lan first)
#      loads, runs to completion and passes all its checks; a second run gives the same results.
# usage: tests/web/smoke.sh [WEB_BUILD_DIR [SCENARIO.json...]]  (default: build/web, every scenario)
# Exit 77 (ctest: skipped) when no scenario has been written yet.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
web=$(cd "${1:-$root/build/web}" && pwd)
# Emscripten 3.1.6's glue calls fetch() under node >= 18 and fails ("Failed to parse URL").
node=(node --no-experimental-fetch)

echo "== botan probe (wasm)"
probe_out=$("${node[@]}" "$web/probes/wirelab_botan_probe.js")
echo "$probe_out"
expect() {
  grep -qF -- "$1" <<<"$probe_out" || { echo "FAIL: botan probe did not print '$1'" >&2; exit 1; }
}
expect "botan 2.19.3"
expect "sha256(abc) ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
expect "hmac f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8"
expect "rng 16 bytes"
expect "exceptions ok"

# ping-lan first (the reference scenario), then every other shipped scenario; or just $2.
if [ $# -ge 2 ]; then
  scenarios=("${@:2}")
else
  scenarios=()
  [ -f "$root/scenarios/basics/ping-lan.json" ] && scenarios+=("$root/scenarios/basics/ping-lan.json")
  while IFS= read -r f; do
    [ "$f" = "$root/scenarios/basics/ping-lan.json" ] || scenarios+=("$f")
  done < <(find "$root/scenarios" -name '*.json' ! -name 'index.json' 2>/dev/null | sort)
fi
echo "== wirelab.js (wasm): ${#scenarios[@]} scenario(s)"
exec "${node[@]}" "$root/tests/web/smoke.js" "$web/site" "${scenarios[@]}"
