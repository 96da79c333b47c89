// engine/base: hex helpers, Result, durations and the deterministic Rng.
#include <catch2/catch.hpp>

#include <set>

#include "engine/base/bytes.h"
#include "engine/base/result.h"
#include "engine/base/rng.h"
#include "engine/base/sim_time.h"

using namespace wirelab;

TEST_CASE("bytes: hex helpers and big-endian access", "[base]") {
  Bytes b = from_hex("de:ad be\nEF");
  REQUIRE(b.size() == 4);
  CHECK(to_hex(b) == "de ad be ef");
  CHECK(to_hex(b, 0) == "deadbeef");
  CHECK(from_hex("abc").empty());  // odd digit count
  CHECK(from_hex("zz").empty());
  CHECK(read_u16(b, 0) == 0xdead);
  CHECK(read_u32(b, 0) == 0xdeadbeef);
  Bytes out;
  append_u8(out, 1);
  append_u16(out, 0x0203);
  append_u32(out, 0x04050607);
  CHECK(to_hex(out, 0) == "01020304050607");
  write_u16(out, 0, 0xffee);
  write_u32(out, 3, 0x11223344);
  CHECK(to_hex(out, 0) == "ffee0311223344");
}

TEST_CASE("result: value or error", "[base]") {
  Result<int> ok(5);
  REQUIRE(ok);
  CHECK(*ok == 5);
  Result<int> bad(make_error(ErrorKind::Truncated, "short"));
  REQUIRE_FALSE(bad);
  CHECK(bad.error().kind == ErrorKind::Truncated);
  CHECK(bad.error().reason == "short");
  CHECK(std::string(to_string(ErrorKind::BadChecksum)) == "bad checksum");
}

TEST_CASE("sim_time: durations and formatting", "[base]") {
  CHECK(parse_duration("1.5s") == seconds(1) + milliseconds(500));
  CHECK(parse_duration("20ms") == milliseconds(20));
  CHECK(parse_duration("100us") == microseconds(100));
  CHECK(parse_duration("250ns") == 250);
  CHECK(parse_duration("2m") == seconds(120));
  CHECK(parse_duration("1h") == seconds(3600));
  CHECK(parse_duration("3") == seconds(3));
  CHECK_FALSE(parse_duration(""));
  CHECK_FALSE(parse_duration("-1s"));
  CHECK_FALSE(parse_duration("1 s"));
  CHECK_FALSE(parse_duration("1fortnight"));
  CHECK_FALSE(parse_duration("1e30s"));
  CHECK(format_seconds(seconds(1) + microseconds(123)) == "1.000123");
  CHECK(format_seconds(-milliseconds(1500)) == "-1.500000");
  CHECK(format_ms(microseconds(512)) == "0.512");
}

TEST_CASE("rng: same seed and name give the same stream", "[base][rng]") {
  Rng a = Rng::derive(42, "host:pc1"), b = Rng::derive(42, "host:pc1");
  for (int i = 0; i < 1000; ++i) REQUIRE(a.next_u64() == b.next_u64());
  Rng c(99), d(99);
  for (int i = 0; i < 100; ++i) REQUIRE(c.next_u64() == d.next_u64());
  std::uint8_t x[13], y[13];
  Rng e(5), f(5);
  e.fill(x, sizeof x);
  f.fill(y, sizeof y);
  CHECK(std::equal(x, x + 13, y));
}

TEST_CASE("rng: different names or seeds give different streams", "[base][rng]") {
  auto first = [](Rng r) {
    std::vector<std::uint64_t> v;
    for (int i = 0; i < 8; ++i) v.push_back(r.next_u64());
    return v;
  };
  auto s1 = first(Rng::derive(42, "host:pc1"));
  CHECK(s1 != first(Rng::derive(42, "host:pc2")));
  CHECK(s1 != first(Rng::derive(43, "host:pc1")));
  CHECK(first(Rng::derive(1, "a")) != first(Rng::derive(1, "b")));
  // no trivial collisions among many names
  std::set<std::uint64_t> seen;
  for (int i = 0; i < 1000; ++i) seen.insert(Rng::derive(7, "link:" + std::to_string(i)).next_u64());
  CHECK(seen.size() == 1000);
}

TEST_CASE("rng: uniform stays within bounds and covers them", "[base][rng]") {
  Rng r(1);
  CHECK(r.uniform(0) == 0);
  CHECK(r.uniform(1) == 0);
  std::vector<int> hist(7, 0);
  for (int i = 0; i < 70000; ++i) {
    auto v = r.uniform(7);
    REQUIRE(v < 7);
    ++hist[v];
  }
  for (int h : hist) {
    CHECK(h > 9000);
    CHECK(h < 11000);
  }
  for (int i = 0; i < 10000; ++i) {
    double d = r.next_double();
    REQUIRE(d >= 0.0);
    REQUIRE(d < 1.0);
  }
  const std::uint64_t big = (std::uint64_t{1} << 63) + 12345;
  for (int i = 0; i < 1000; ++i) REQUIRE(r.uniform(big) < big);
}
