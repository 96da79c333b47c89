// Proves the wasm build of Botan (tools/setup.sh -> .cache/wasm/botan-2.19.3) links and works
// under node: prints the version, SHA-256("abc"), an HMAC, random bytes from the system RNG, and
// that a Botan exception crosses into our code (-fexceptions). Run by tests/web/smoke.sh.
#include <botan/auto_rng.h>
#include <botan/exceptn.h>
#include <botan/hash.h>
#include <botan/hex.h>
#include <botan/mac.h>
#include <botan/version.h>

#include <cstdio>
#include <string>

int main() {
  std::printf("botan %s\n", Botan::short_version_cstr());

  auto sha = Botan::HashFunction::create_or_throw("SHA-256");
  sha->update("abc");
  std::printf("sha256(abc) %s\n", Botan::hex_encode(sha->final(), false).c_str());

  auto hmac = Botan::MessageAuthenticationCode::create_or_throw("HMAC(SHA-256)");
  hmac->set_key(reinterpret_cast<const uint8_t*>("key"), 3);
  hmac->update("The quick brown fox jumps over the lazy dog");
  std::printf("hmac %s\n", Botan::hex_encode(hmac->final(), false).c_str());

  Botan::AutoSeeded_RNG rng;
  std::printf("rng %zu bytes\n", rng.random_vec(16).size());

  try {
    Botan::HashFunction::create_or_throw("NoSuchHash");
    std::printf("exceptions BROKEN\n");
    return 1;
  } catch (const Botan::Exception& e) {
    std::printf("exceptions ok\n");
  }
  return 0;
}
