// TCP segment codec: known bytes (checksums computed independently), options, malformed input,
// and a seeded fuzz loop.
#include <catch2/catch.hpp>

#include "engine/base/rng.h"
#include "engine/wire/tcp.h"

using namespace wirelab;
using namespace wirelab::wire;

namespace {
const Ipv4Address kSrc{0x0a000001}, kDst{0x0a000002};

// A Linux-style SYN: 10.0.0.1:40000 -> 10.0.0.2:80, MSS 1460, SACK_PERM, TS, NOP, WS 7.
const char* kSyn =
    "9c 40 00 50 12 34 56 78 00 00 00 00 a0 02 fa f0 51 8e 00 00"
    "02 04 05 b4 04 02 08 0a 00 01 e2 40 00 00 00 00 01 03 03 07";
// ACK|PSH with NOP NOP TS and "hello".
const char* kData =
    "9c 40 00 50 12 34 56 79 ab cd ef 01 80 18 01 f6 38 82 00 00"
    "01 01 08 0a 00 01 e2 4a 00 bc 61 4e 68 65 6c 6c 6f";
}  // namespace

TEST_CASE("tcp codec: decodes a Linux SYN with options", "[tcp][wire]") {
  Bytes b = from_hex(kSyn);
  auto r = TcpSegment::parse(b, kSrc, kDst);
  REQUIRE(r.ok());
  const TcpSegment& s = *r;
  CHECK(s.src_port == 40000);
  CHECK(s.dst_port == 80);
  CHECK(s.seq == 0x12345678u);
  CHECK(s.ack == 0);
  CHECK(s.flags == tcp_flags::kSyn);
  CHECK(s.syn());
  CHECK_FALSE(s.ack_flag());
  CHECK(s.window == 64240);
  CHECK(s.checksum == 0x518e);
  CHECK(s.header_len() == 40);
  CHECK(s.payload.empty());
  CHECK(s.seg_len() == 1);
  REQUIRE(s.options.size() == 5);
  CHECK(s.options[0] == TcpOption::max_segment_size(1460));
  CHECK(s.options[1] == TcpOption::sack_permitted());
  CHECK(s.options[2] == TcpOption::timestamps(123456, 0));
  CHECK(s.options[3] == TcpOption::nop());
  CHECK(s.options[4] == TcpOption::window_scale(7));
  auto sum = summarize(s.options);
  CHECK(sum.mss == 1460);
  CHECK(sum.window_shift == 7);
  CHECK(sum.sack_permitted);
  CHECK(sum.ts_val == 123456u);
  CHECK(sum.ts_ecr == 0u);
  CHECK(flags_to_string(s.flags) == "SYN");
  // Re-encoding gives the same bytes, checksum included.
  CHECK(to_hex(s.to_bytes(kSrc, kDst)) == to_hex(b));
}

TEST_CASE("tcp codec: data segment round trip through TcpSegmentOut", "[tcp][wire]") {
  TcpSegmentOut o;
  o.src_port = 40000;
  o.dst_port = 80;
  o.seq = 0x12345679;
  o.ack = 0xabcdef01;
  o.flags = tcp_flags::kAck | tcp_flags::kPsh;
  o.window = 502;
  o.options = {TcpOption::nop(), TcpOption::nop(), TcpOption::timestamps(123466, 12345678)};
  o.payload = {'h', 'e', 'l', 'l', 'o'};
  Bytes enc = o.encode(kSrc, kDst);
  CHECK(to_hex(enc) == to_hex(from_hex(kData)));
  auto r = TcpSegment::parse(enc, kSrc, kDst);
  REQUIRE(r.ok());
  CHECK(r->seg_len() == 5);
  CHECK(std::string(r->payload.begin(), r->payload.end()) == "hello");
  CHECK(flags_to_string(r->flags) == "PSH,ACK");
  // The view of the owned form encodes identically.
  CHECK(to_hex(o.view().to_bytes(kSrc, kDst)) == to_hex(enc));
}

TEST_CASE("tcp codec: checksum covers the pseudo-header and payload", "[tcp][wire]") {
  Bytes b = from_hex(kData);
  CHECK(TcpSegment::parse(b, kSrc, Ipv4Address{0x0a000003}).error().kind == ErrorKind::BadChecksum);
  Bytes c = b;
  c.back() ^= 1;
  CHECK(TcpSegment::parse(c, kSrc, kDst).error().kind == ErrorKind::BadChecksum);
  CHECK(TcpSegment::parse(c, kSrc, kDst, /*verify=*/false).ok());
}

TEST_CASE("tcp codec: SACK, unknown and odd options are kept; padding", "[tcp][wire]") {
  TcpSegmentOut o;
  o.flags = tcp_flags::kAck | tcp_flags::kAe | tcp_flags::kCwr | tcp_flags::kEce;
  o.options = {TcpOption::nop(), TcpOption::nop(), TcpOption::sack({{100, 200}, {300, 400}}),
               TcpOption::unknown(30, {0xde, 0xad}), TcpOption::unknown(2, {0x05})};
  CHECK(o.options_len() == 28);  // 2 + 18 + 4 + 3 = 27, padded to 28
  Bytes enc = o.encode(kSrc, kDst);
  CHECK(enc.size() == 48);
  CHECK(enc[12] == 0xc1);  // data offset 12, AE set
  CHECK(enc[13] == 0xd0);  // CWR ECE ACK
  CHECK(enc.back() == 0);  // EOL padding
  auto r = TcpSegment::parse(enc, kSrc, kDst);
  REQUIRE(r.ok());
  CHECK(r->flags == o.flags);
  REQUIRE(r->options.size() == 6);  // ... plus the EOL that padded the list
  CHECK(r->options[2].sack_blocks == std::vector<SackBlock>{{100, 200}, {300, 400}});
  CHECK(r->options[3].is_raw);
  CHECK(r->options[3].kind == 30);
  CHECK(r->options[3].raw == Bytes{0xde, 0xad});
  CHECK(r->options[4].is_raw);  // MSS with length 3: kept raw, not believed
  CHECK_FALSE(summarize(r->options).mss.has_value());
  CHECK(r->options[5] == TcpOption::end());
  CHECK(to_hex(r->to_bytes(kSrc, kDst)) == to_hex(enc));
}

TEST_CASE("tcp codec: malformed segments are rejected", "[tcp][wire]") {
  Bytes good = from_hex(kSyn);
  auto with = [&](auto edit) {
    Bytes b = good;
    edit(b);
    return TcpSegment::parse(b, kSrc, kDst, /*verify=*/false);
  };
  CHECK(TcpSegment::parse(ByteView(good.data(), 19), kSrc, kDst).error().kind == ErrorKind::Truncated);
  CHECK(with([](Bytes& b) { b[12] = 0x40; }).error().kind == ErrorKind::Malformed);   // offset 4
  CHECK(with([](Bytes& b) { b[12] = 0xb0; }).error().kind == ErrorKind::Truncated);   // offset 11 > 40 bytes
  CHECK(with([](Bytes& b) { b[21] = 40; }).error().kind == ErrorKind::Malformed);     // MSS length overruns
  CHECK(with([](Bytes& b) { b[21] = 1; }).error().kind == ErrorKind::Malformed);      // length < 2
  CHECK(with([](Bytes& b) { b[38] = 8; b[39] = 10; }).error().kind == ErrorKind::Malformed);
  CHECK(with([](Bytes& b) { b.resize(38); b[12] = 0x90; }).ok());  // offset 9: NOP, 03 become payload
  CHECK(with([](Bytes& b) { b[37] = 1; b[38] = 1; b[39] = 3; }).error().kind == ErrorKind::Malformed);  // no length byte
}

TEST_CASE("tcp codec: seeded fuzz never crashes and round-trips what it accepts", "[tcp][wire]") {
  Rng rng(0x7c9);
  Bytes base = from_hex(kSyn);
  int accepted = 0;
  for (int i = 0; i < 20000; ++i) {
    Bytes b;
    if (rng.uniform(4) == 0) {
      b.resize(rng.uniform(80));
      rng.fill(b.data(), b.size());
    } else {
      b = base;
      int flips = 1 + static_cast<int>(rng.uniform(6));
      for (int k = 0; k < flips; ++k) b[rng.uniform(b.size())] = static_cast<std::uint8_t>(rng.next_u32());
      if (rng.uniform(3) == 0) b.resize(rng.uniform(b.size() + 1));
    }
    auto r = TcpSegment::parse(b, kSrc, kDst, /*verify=*/false);
    if (!r) continue;
    ++accepted;
    Bytes again = r->to_bytes(kSrc, kDst);
    auto r2 = TcpSegment::parse(again, kSrc, kDst, /*verify=*/true);
    REQUIRE(r2.ok());
    CHECK(r2->payload.size() == r->payload.size());
  }
  CHECK(accepted > 1000);
}
