// The Internet checksum (RFC 1071): one's complement sum of 16-bit words.
#pragma once
#include <cstdint>

#include "engine/base/bytes.h"
#include "engine/wire/ipv4_address.h"

namespace wirelab::wire {

// Accumulates 16-bit big-endian words; odd trailing byte padded with zero (RFC 1071 §4.1).
class ChecksumAccumulator {
 public:
  void add(ByteView data);
  void add_u16(std::uint16_t v) { sum_ += v; }
  void add_u32(std::uint32_t v) { sum_ += (v >> 16) + (v & 0xffff); }
  // The folded, complemented checksum to put on the wire.
  std::uint16_t finish() const;

 private:
  std::uint64_t sum_ = 0;
  bool odd_ = false;  // true after an odd-length add: the next byte is a low byte
};

std::uint16_t internet_checksum(ByteView data);

// Pseudo-header for UDP and TCP (RFC 768, RFC 9293 §3.1).
void add_pseudo_header(ChecksumAccumulator& acc, Ipv4Address src, Ipv4Address dst,
                       std::uint8_t protocol, std::uint16_t length);

}  // namespace wirelab::wire
