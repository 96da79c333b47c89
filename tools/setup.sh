#!/usr/bin/env bash
# Wirelab setup: installs from Debian's archive everything the native build, the web build and the
# tests need, then builds the third-party libraries the browser needs (Botan 2, Dear ImGui) from
# Debian's own source packages into .cache/ (ignored by git), keyed by version and build options.
# Idempotent: a second run only checks (a few seconds). Needs root for apt (CI runs as root).
# Environment: WIRELAB_SETUP_QUIET=1 prints nothing when everything is already in place.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cache="$root/.cache"
mkdir -p "$cache"

log() { [ "${WIRELAB_SETUP_QUIET:-0}" = 1 ] && [ "${did_work:-0}" = 0 ] && return 0; printf '[setup] %s\n' "$*"; }
did_work=0

# --- 1. Debian packages ----------------------------------------------------------------------
pkgs=(build-essential cmake ninja-build pkg-config git python3 xz-utils ca-certificates
      emscripten nodejs libbotan-2-dev nlohmann-json3-dev catch2 libimgui-dev fonts-dejavu-core
      tshark dpkg-dev
      iproute2 iputils-ping iputils-arping nmap netcat-openbsd socat nftables)  # interop tests
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  did_work=1
  log "installing: ${missing[*]}"
  if [ "$(id -u)" != 0 ]; then
    echo "[setup] missing Debian packages (${missing[*]}): run tools/setup.sh as root" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# Emscripten's JS optimizer needs Debian's node modules (acorn); see docs/building.md.
export NODE_PATH=/usr/share/nodejs

# --- 2. Debian source packages for the wasm build (private apt lists: system config untouched) --
src_dir="$cache/src"
archive_uri() { # the Debian mirror this machine already uses (deb.debian.org if none found)
  local uri=""
  if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    uri=$(awk '/^URIs:/ { for (i = 2; i <= NF; i++) if ($i !~ /security/) { print $i; exit } }' \
            /etc/apt/sources.list.d/debian.sources)
  fi
  if [ -z "$uri" ] && [ -f /etc/apt/sources.list ]; then
    uri=$(awk '$1 == "deb" && $0 !~ /security/ { for (i = 2; i <= NF; i++) if ($i ~ /^https?:/) { print $i; exit } }' \
            /etc/apt/sources.list)
  fi
  echo "${uri:-http://deb.debian.org/debian}"
}
fetch_source() { # $1 = source package, $2 = a file the unpacked tree must contain; prints the dir
  local pkg=$1 marker=$2 dir
  dir=$(find "$src_dir" -maxdepth 1 -type d -name "$pkg-*" 2>/dev/null | sort | tail -n1)
  if [ -z "$dir" ] || [ ! -f "$dir/$marker" ]; then
    [ -n "$dir" ] && rm -rf "$dir"  # a half-unpacked tree from an interrupted run
    mkdir -p "$src_dir/lists/partial"
    local list="$src_dir/sources.list" apt_opts
    . /etc/os-release
    local signed=""
    [ -f /usr/share/keyrings/debian-archive-keyring.gpg ] && signed="[signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] "
    echo "deb-src ${signed}$(archive_uri) ${VERSION_CODENAME:-bookworm} main" > "$list"
    apt_opts=(-q -o Dir::Etc::SourceList="$list" -o Dir::Etc::SourceParts=/dev/null
              -o Dir::State::Lists="$src_dir/lists" -o APT::Sandbox::User=root)
    apt-get "${apt_opts[@]}" update >&2
    (cd "$src_dir" && apt-get "${apt_opts[@]}" source "$pkg" >&2)
    dir=$(find "$src_dir" -maxdepth 1 -type d -name "$pkg-*" | sort | tail -n1)
    [ -n "$dir" ] && [ -f "$dir/$marker" ] || { echo "[setup] could not fetch source of $pkg" >&2; exit 1; }
  fi
  echo "$dir"
}

# --- 3. Botan 2 for wasm: amalgamation compiled by em++ -------------------------------------
# The module list is part of the cache key: change it and the next run rebuilds.
botan_modules=tls,tls_cbc,aead,gcm,chacha20poly1305,chacha,poly1305,aes,sha2_32,sha2_64,sha1,md5,hmac,ecdh,ecdsa,rsa,dh,x509,curve25519,ed25519,auto_rng,stateful_rng,hmac_drbg,pubkey,emsa_pssr,emsa_pkcs1,eme_pkcs1,eme_oaep,hkdf,ctr,cbc,pbkdf2,pem,kdf1,prf_tls,system_rng
botan_cxxflags="-std=c++17 -O2 -fexceptions"
botan_key="botan 2.19.3 | emscripten $(dpkg-query -W -f='${Version}' emscripten) | $botan_cxxflags | $botan_modules"
botan_out="$cache/wasm/botan-2.19.3"
if [ ! -f "$botan_out/lib/libbotan-2.a" ] || [ ! -f "$botan_out/include/botan/hash.h" ] || [ "$(cat "$botan_out/stamp" 2>/dev/null)" != "$botan_key" ]; then
  did_work=1
  log "building Botan for wasm (one time, about 3 minutes)"
  t0=$(date +%s)
  bsrc=$(fetch_source botan configure.py)
  build="$cache/build/botan-wasm"
  rm -rf "$build" "$botan_out"; mkdir -p "$build"
  # configure.py writes botan_all.cpp/.h into the current directory: run it inside the build dir.
  (cd "$build" && /usr/bin/python3 "$bsrc/configure.py" --os=emscripten --cpu=llvm --cc=clang \
     --cc-bin=em++ --ar-command=emar --minimized-build --enable-modules="$botan_modules" \
     --disable-shared-library --amalgamation --without-documentation \
     --with-build-dir="$build" --prefix="$botan_out" >"$build/configure.log" 2>&1) \
    || { tail -n 30 "$build/configure.log" >&2; echo "[setup] Botan configure failed" >&2; exit 1; }
  # shellcheck disable=SC2086
  (cd "$build" && em++ $botan_cxxflags -I"$build/build/include" -I"$build/build/include/external" \
      -c botan_all.cpp -o botan_all.o >"$build/compile.log" 2>&1) \
    || { grep -v warning "$build/compile.log" | tail -n 40 >&2; echo "[setup] Botan wasm compile failed" >&2; exit 1; }
  mkdir -p "$botan_out/lib" "$botan_out/include/botan"
  emar rcs "$botan_out/lib/libbotan-2.a" "$build/botan_all.o"
  cp "$build/botan_all.h" "$botan_out/include/botan/botan_all.h"
  # configure.py symlinks the headers (relative links into the source tree): copy the files.
  cp -rL "$build/build/include/botan/." "$botan_out/include/botan/"
  rm -f "$build/botan_all.o"
  echo "$botan_key" > "$botan_out/stamp"
  log "Botan for wasm built in $(( $(date +%s) - t0 ))s"
fi

# --- 4. Dear ImGui sources for wasm (compiled by our CMake tree with em++: ui/CMakeLists.txt) --
imgui_out="$cache/wasm/imgui-1.86"
imgui_key="imgui 1.86: core, imconfig.h, glfw + opengl3 backends"
if [ "$(cat "$imgui_out/stamp" 2>/dev/null)" != "$imgui_key" ]; then
  did_work=1
  log "fetching Dear ImGui sources"
  isrc=$(fetch_source imgui imgui.cpp)
  rm -rf "$imgui_out"; mkdir -p "$imgui_out/backends"
  cp "$isrc"/imgui*.cpp "$isrc"/imgui*.h "$isrc"/imconfig.h "$isrc"/imstb_*.h "$imgui_out/"
  cp "$isrc"/backends/imgui_impl_glfw.* "$isrc"/backends/imgui_impl_opengl3.* "$imgui_out/backends/"
  cp "$isrc"/backends/imgui_impl_opengl3_loader.h "$imgui_out/backends/"
  cp "$isrc"/LICENSE.txt "$imgui_out/" 2>/dev/null || true
  echo "$imgui_key" > "$imgui_out/stamp"
fi
log "ready (cache: $cache)"
