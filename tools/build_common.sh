# Sourced by tools/test.sh and tools/lab.sh: the three build folders and how to configure them.
#   build/native  g++, RelWithDebInfo: CLI, benchmarks, heavy/interop tests
#   build/asan    g++, ASan+UBSan: the unit/scenario/tshark tests (and the web smoke test)
#   build/web     em++ (emcmake), Release -O2: site/ with wirelab.js/.wasm, probes
root=${root:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
jobs=${WIRELAB_JOBS:-2}
# Emscripten's JS optimizer needs Debian's node modules (acorn); the machine's node may not be
# Debian's. Node >= 18 also needs --no-experimental-fetch to run emscripten 3.1.6 output.
export NODE_PATH=/usr/share/nodejs

# Phase timings: wall clock, and CPU seconds of child processes (a fairer measure on a busy machine).
phase_start=0
phase_cpu0=0
declare -a WIRELAB_TIMINGS=()
children_cpu() { # user+sys seconds of all finished children so far (bash `times`, 2nd line)
  local f="${TMPDIR:-/tmp}/wirelab-times.$$"
  times > "$f"  # not in a subshell: a subshell would report its own (empty) counters
  awk 'NR == 2 { t = 0; for (i = 1; i <= 2; i++) { split($i, a, /[ms]/); t += a[1] * 60 + a[2] } printf "%d", t }' "$f"
  rm -f "$f"
}
phase() {
  current_phase=$*
  phase_start=$(date +%s)
  children_cpu > "${TMPDIR:-/tmp}/wirelab-cpu.$$"; phase_cpu0=$(cat "${TMPDIR:-/tmp}/wirelab-cpu.$$")
  printf '\n\033[1m== %s\033[0m\n' "$*"
}
phase_done() {
  local f="${TMPDIR:-/tmp}/wirelab-cpu.$$" cpu
  children_cpu > "$f"; cpu=$(cat "$f"); rm -f "$f"
  WIRELAB_TIMINGS+=("$(printf '%-30s %5ds wall %5ds cpu' "$current_phase" \
    $(( $(date +%s) - phase_start )) $(( cpu - phase_cpu0 )))")
}

configure_native() { # $1 = folder, rest = extra cmake args
  local dir=$1; shift
  cmake -S "$root" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
}
configure_web() {
  # Release with -O2 rather than -O3: wasm-opt -O3 at link is much slower for little gain.
  emcmake cmake -S "$root" -B "$root/build/web" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG" >/dev/null
}
build() { cmake --build "$1" -j "$jobs"; }
