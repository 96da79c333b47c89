#!/usr/bin/env bash
# Wirelab setup: installs from Debian's archive everything the native build, the web build and the
# tests need, then builds the third-party libraries the browser needs (Botan 2, Dear ImGui) from
# Debian's own source packages into .cache/ (ignored by git). Idempotent: a second run only checks.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cache="$root/.cache"
mkdir -p "$cache"

log() { printf '[setup] %s\n' "$*"; }

# --- 1. Debian packages ----------------------------------------------------------------------
pkgs=(build-essential cmake ninja-build pkg-config git python3 xz-utils ca-certificates
      emscripten libbotan-2-dev nlohmann-json3-dev catch2 libimgui-dev fonts-dejavu-core
      tshark dpkg-dev)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# Emscripten's JS optimizer needs Debian's node modules (acorn); see shared TOOLCHAIN.md.
export NODE_PATH=/usr/share/nodejs

# --- 2. Debian source packages for the wasm build (private apt lists: system config untouched) --
src_dir="$cache/src"
fetch_source() { # $1 = source package; prints the unpacked directory
  local pkg=$1
  local dir
  dir=$(find "$src_dir" -maxdepth 1 -type d -name "$pkg-*" 2>/dev/null | head -n1)
  if [ -z "$dir" ]; then
    mkdir -p "$src_dir/lists/partial"
    local list="$src_dir/sources.list"
    . /etc/os-release
    echo "deb-src http://deb.debian.org/debian ${VERSION_CODENAME:-bookworm} main" > "$list"
    apt-get -q -o Dir::Etc::SourceList="$list" -o Dir::Etc::SourceParts=/dev/null \
      -o Dir::State::Lists="$src_dir/lists" update >&2
    (cd "$src_dir" && apt-get -q -o Dir::Etc::SourceList="$list" -o Dir::Etc::SourceParts=/dev/null \
      -o Dir::State::Lists="$src_dir/lists" source "$pkg" >&2)
    dir=$(find "$src_dir" -maxdepth 1 -type d -name "$pkg-*" | head -n1)
  fi
  echo "$dir"
}

# --- 3. Botan 2 for wasm: amalgamation compiled by em++ -------------------------------------
botan_out="$cache/wasm/botan-2.19.3"
if [ ! -f "$botan_out/lib/libbotan-2.a" ]; then
  log "building Botan for wasm (one time, a few minutes)"
  bsrc=$(fetch_source botan)
  build="$cache/build/botan-wasm"
  rm -rf "$build"; mkdir -p "$build"
  (cd "$bsrc" && /usr/bin/python3 configure.py --os=emscripten --cpu=llvm --cc=clang --cc-bin=em++ \
     --ar-command=emar --minimized-build \
     --enable-modules=tls,tls_cbc,aead,gcm,chacha20poly1305,chacha,poly1305,aes,sha2_32,sha2_64,sha1,md5,hmac,ecdh,ecdsa,rsa,dh,x509,curve25519,ed25519,auto_rng,stateful_rng,hmac_drbg,pubkey,emsa_pssr,emsa_pkcs1,eme_pkcs1,eme_oaep,hkdf,ctr,cbc,pbkdf2,pem,kdf1,prf_tls,system_rng \
     --disable-shared-library --amalgamation --without-documentation \
     --with-build-dir="$build" --prefix="$botan_out" >/dev/null)
  mkdir -p "$botan_out/lib" "$botan_out/include/botan"
  (cd "$build" && em++ -std=c++17 -O2 -fexceptions -I"$build/build/include" -I"$build/build/include/external" \
      -c "$bsrc/botan_all.cpp" -o botan_all.o 2>&1 | grep -v warning || true)
  [ -f "$build/botan_all.o" ] || { echo "Botan wasm compile failed" >&2; exit 1; }
  emar rcs "$botan_out/lib/libbotan-2.a" "$build/botan_all.o"
  cp "$bsrc/botan_all.h" "$botan_out/include/botan/botan_all.h"
  cp -r "$build/build/include/botan/." "$botan_out/include/botan/" 2>/dev/null || true
fi

# --- 4. Dear ImGui sources for wasm (compiled by our CMake tree with em++) --------------------
imgui_out="$cache/wasm/imgui-1.86"
if [ ! -f "$imgui_out/imgui.cpp" ]; then
  log "fetching Dear ImGui sources"
  isrc=$(fetch_source imgui)
  mkdir -p "$imgui_out/backends"
  cp "$isrc"/imgui*.cpp "$isrc"/imgui*.h "$isrc"/imstb_*.h "$imgui_out/"
  cp "$isrc"/backends/imgui_impl_glfw.* "$isrc"/backends/imgui_impl_opengl3.* "$imgui_out/backends/"
  cp "$isrc"/backends/imgui_impl_opengl3_loader.h "$imgui_out/backends/" 2>/dev/null || true
fi
log "ready (cache: $cache)"
