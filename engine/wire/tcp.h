// TCP segments (RFC 9293 §3.1) with the IPv4 pseudo-header checksum, and TCP options:
// EOL/NOP (RFC 9293 §3.2), MSS (kind 2), window scale (kind 3, RFC 7323 §2), SACK-permitted and
// SACK (kinds 4 and 5, RFC 2018), timestamps (kind 8, RFC 7323 §3). Unknown kinds are kept raw.
//
// TcpSegment is the parsed form (payload borrowed from the buffer); TcpSegmentOut is the owned
// form an engine hands out (payload owned), encoded once the IP addresses are known.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/base/bytes.h"
#include "engine/base/result.h"
#include "engine/wire/ipv4_address.h"

namespace wirelab::wire {

// The 12 bits after the data offset: 3 reserved bits, AE (RFC 9768 AccECN), then the 8 flags.
namespace tcp_flags {
constexpr std::uint16_t kFin = 0x001, kSyn = 0x002, kRst = 0x004, kPsh = 0x008, kAck = 0x010,
                        kUrg = 0x020, kEce = 0x040, kCwr = 0x080, kAe = 0x100, kReserved = 0xe00;
}  // namespace tcp_flags

enum class TcpOptionKind : std::uint8_t {
  End = 0, Nop = 1, Mss = 2, WindowScale = 3, SackPermitted = 4, Sack = 5, Timestamps = 8,
};

struct SackBlock {
  std::uint32_t left = 0;   // first sequence number of the block
  std::uint32_t right = 0;  // sequence number just after the block
  bool operator==(const SackBlock&) const = default;
};

struct TcpOption {
  std::uint8_t kind = 0;
  std::uint16_t mss = 0;                  // Mss
  std::uint8_t window_shift = 0;          // WindowScale
  std::uint32_t ts_val = 0, ts_ecr = 0;   // Timestamps
  std::vector<SackBlock> sack_blocks;     // Sack
  // For an unknown kind, or a known kind with the wrong length: the body after kind and length,
  // kept verbatim (is_raw) and emitted back unchanged.
  bool is_raw = false;
  Bytes raw;

  static TcpOption end() { return make(TcpOptionKind::End); }
  static TcpOption nop() { return make(TcpOptionKind::Nop); }
  static TcpOption max_segment_size(std::uint16_t v) { auto o = make(TcpOptionKind::Mss); o.mss = v; return o; }
  static TcpOption window_scale(std::uint8_t s) { auto o = make(TcpOptionKind::WindowScale); o.window_shift = s; return o; }
  static TcpOption sack_permitted() { return make(TcpOptionKind::SackPermitted); }
  static TcpOption sack(std::vector<SackBlock> b) { auto o = make(TcpOptionKind::Sack); o.sack_blocks = std::move(b); return o; }
  static TcpOption timestamps(std::uint32_t val, std::uint32_t ecr) {
    auto o = make(TcpOptionKind::Timestamps); o.ts_val = val; o.ts_ecr = ecr; return o;
  }
  static TcpOption unknown(std::uint8_t kind, Bytes body) {
    TcpOption o; o.kind = kind; o.is_raw = true; o.raw = std::move(body); return o;
  }
  static TcpOption make(TcpOptionKind k) { TcpOption o; o.kind = static_cast<std::uint8_t>(k); return o; }

  bool is(TcpOptionKind k) const { return !is_raw && kind == static_cast<std::uint8_t>(k); }
  std::size_t wire_len() const;  // bytes on the wire, kind and length included
  bool operator==(const TcpOption&) const = default;
};

// What a list of options says, for the connection (the last valid occurrence wins).
struct TcpOptionSummary {
  std::optional<std::uint16_t> mss;
  std::optional<std::uint8_t> window_shift;
  bool sack_permitted = false;
  std::optional<std::uint32_t> ts_val, ts_ecr;
  std::vector<SackBlock> sack_blocks;
};
TcpOptionSummary summarize(const std::vector<TcpOption>& options);

// Header fields shared by the parsed and the owned forms.
struct TcpHeader {
  static constexpr std::size_t kMinHeaderLen = 20;
  static constexpr std::size_t kMaxOptionsLen = 40;

  std::uint16_t src_port = 0;
  std::uint16_t dst_port = 0;
  std::uint32_t seq = 0;
  std::uint32_t ack = 0;
  std::uint16_t flags = 0;  // tcp_flags bits, reserved bits kept
  std::uint16_t window = 0;
  std::uint16_t checksum = 0;  // as received; computed by emit
  std::uint16_t urgent = 0;
  std::vector<TcpOption> options;

  bool has(std::uint16_t flag) const { return (flags & flag) != 0; }
  bool syn() const { return has(tcp_flags::kSyn); }
  bool fin() const { return has(tcp_flags::kFin); }
  bool rst() const { return has(tcp_flags::kRst); }
  bool ack_flag() const { return has(tcp_flags::kAck); }
  std::size_t options_len() const;  // padded to a multiple of 4
  std::size_t header_len() const { return kMinHeaderLen + options_len(); }
};

// Compact "SYN,ACK" style flag names, in Wireshark's order (for messages and test failures).
std::string flags_to_string(std::uint16_t flags);

struct TcpSegment : TcpHeader {
  ByteView payload;

  // src/dst are the pseudo-header addresses; verify=false for the dissector.
  static Result<TcpSegment> parse(ByteView segment, Ipv4Address src, Ipv4Address dst, bool verify = true);
  static std::uint16_t compute_checksum(ByteView segment, Ipv4Address src, Ipv4Address dst);

  // Sequence space used: payload plus one each for SYN and FIN.
  std::uint32_t seg_len() const { return static_cast<std::uint32_t>(payload.size()) + (syn() ? 1 : 0) + (fin() ? 1 : 0); }
  std::size_t buffer_len() const { return header_len() + payload.size(); }
  // Precondition: options fit in 40 bytes and out.size() >= buffer_len().
  void emit(MutableByteView out, Ipv4Address src, Ipv4Address dst) const;
  Bytes to_bytes(Ipv4Address src, Ipv4Address dst) const;
};

// Owned output of an engine: encoded when the IP layer knows the addresses.
struct TcpSegmentOut : TcpHeader {
  Bytes payload;

  std::uint32_t seg_len() const { return static_cast<std::uint32_t>(payload.size()) + (syn() ? 1 : 0) + (fin() ? 1 : 0); }
  // A parsed-form view borrowing this segment's payload (valid while *this lives unchanged).
  TcpSegment view() const;
  Bytes encode(Ipv4Address src, Ipv4Address dst) const;
};

}  // namespace wirelab::wire
