#!/usr/bin/env bash
# Run the lab: installs what is missing (tools/setup.sh), builds the browser version
# (build/web/site) and serves it on http://127.0.0.1:PORT/ until Ctrl+C.
#   tools/lab.sh [--port N]     (default 8080)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
# The whole script is one function, parsed before it runs: editing this file during a run
# (bash reads scripts lazily) cannot break the run in progress.
main() {
  port=8080
  while [ $# -gt 0 ]; do
    case $1 in
      --port) port=${2:?--port needs a number}; shift 2 ;;
      --port=*) port=${1#--port=}; shift ;;
      -h|--help) sed -n '2,4p' "$0"; exit 0 ;;
      *) echo "unknown option: $1 (try --help)" >&2; exit 2 ;;
    esac
  done
  case $port in ''|*[!0-9]*) echo "--port needs a number" >&2; exit 2 ;; esac
  cd "$root"
  . "$root/tools/build_common.sh"

  bash tools/setup.sh
  echo "[lab] building the web app (build/web)"
  configure_web
  build build/web
  site="$root/build/web/site"
  [ -f "$site/wirelab.js" ] && [ -f "$site/index.html" ] || { echo "[lab] build/web/site is incomplete" >&2; exit 1; }

  url="http://127.0.0.1:$port/"
  printf '\n  Wirelab is running at:  \033[1m%s\033[0m\n  (UI probe: %sprobe/)  Press Ctrl+C to stop.\n\n' "$url" "$url"
  # Debian's python (not pyenv's): its http.server serves .wasm as application/wasm.
  exec /usr/bin/python3 -m http.server --bind 127.0.0.1 --directory "$site" "$port"
}
main "$@"
exit $?
