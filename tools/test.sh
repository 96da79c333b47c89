#!/usr/bin/env bash
# The one test command: installs what is missing (tools/setup.sh), builds the native, sanitizer
# and web builds, and runs every test. Exit status is non-zero on any failure; the last output is
# ctest's summary. Timings of each phase go to build/test-timings.txt.
#   tools/test.sh            everything (as CI does: bash .ci/run)
# Environment: WIRELAB_JOBS (default 2).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
. "$root/tools/build_common.sh"
# The whole script is one function, parsed before it runs: editing this file during a run
# (bash reads scripts lazily) cannot break the run in progress.
main() {
  t_all=$(date +%s)

  phase "setup"
  bash tools/setup.sh
  phase_done

  phase "native build"
  configure_native build/native
  build build/native
  phase_done

  phase "web build"
  configure_web
  build build/web
  phase_done

  phase "asan build"
  # -O1 -g1 (asserts on): half the compile time of -O2 -g under ASan+UBSan, same diagnostics.
  configure_native build/asan -DWIRELAB_SANITIZE=ON -DWIRELAB_WEB_BUILD_DIR="$root/build/web" \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1"
  build build/asan
  phase_done

  status=0
  phase "heavy/interop tests (native)"
  # Long-running and real-peer tests run on the optimised build; none yet is fine.
  if [ -n "$(cd build/native && ctest -N -L 'heavy|interop' | grep -E '^ *Test +#' || true)" ]; then
    (cd build/native && ctest --output-on-failure --no-label-summary -j "$jobs" -L 'heavy|interop') || status=1
  else
    echo "(no heavy/interop tests)"
  fi
  phase_done

  write_timings() {
    {
      echo "tools/test.sh timings ($(date -u +%FT%TZ), $(nproc) cores, -j$jobs, load $(cut -d' ' -f1-3 /proc/loadavg))"
      printf '  %s\n' "${WIRELAB_TIMINGS[@]}"
      printf '  %-30s %5ds wall\n' "total" $(( $(date +%s) - t_all ))
    } > build/test-timings.txt
  }
  write_timings
  cat build/test-timings.txt
  [ $status = 0 ] || echo "FAILED: heavy/interop tests on the native build (see above)"

  phase "tests (asan: unit, scenario, tshark, web)"
  asan_status=0
  (cd build/asan && UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure --no-label-summary \
     -j "$jobs" -LE 'heavy|interop') || asan_status=1
  phase_done
  write_timings  # the final summary above stays ctest's; the full timings are in the file
  [ $status = 0 ] && [ $asan_status = 0 ]
}
main "$@"
exit $?
