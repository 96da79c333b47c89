// IPv4 header (RFC 791). parse checks version, IHL, total length and the header checksum;
// emit fills in the checksum. Options are kept as raw bytes.
#pragma once
#include <cstdint>

#include "engine/base/bytes.h"
#include "engine/base/result.h"
#include "engine/wire/ipv4_address.h"

namespace wirelab::wire {

enum class IpProtocol : std::uint8_t { Icmp = 1, Tcp = 6, Udp = 17 };

struct Ipv4Packet {
  static constexpr std::size_t kMinHeaderLen = 20;

  std::uint8_t tos = 0;  // DSCP (6 bits) + ECN (2 bits)
  std::uint16_t identification = 0;
  bool dont_fragment = false;
  bool more_fragments = false;
  bool reserved_flag = false;    // the "evil bit": kept so the dissector can show it
  std::uint16_t fragment_offset = 0;  // in 8-byte units
  std::uint8_t ttl = 64;
  std::uint8_t protocol = 0;
  std::uint16_t checksum = 0;  // as received; recomputed by emit
  Ipv4Address src;
  Ipv4Address dst;
  ByteView options;  // 0..40 bytes, multiple of 4
  ByteView payload;  // exactly total_length - header_len bytes (link padding excluded)

  // Parse with the checksum verified (verify_checksum=false is for the dissector, which
  // reports a bad checksum instead of refusing the packet).
  static Result<Ipv4Packet> parse(ByteView packet, bool verify_checksum = true);

  std::size_t header_len() const { return kMinHeaderLen + options.size(); }
  std::size_t buffer_len() const { return header_len() + payload.size(); }
  std::size_t total_length() const { return buffer_len(); }
  bool is_fragment() const { return more_fragments || fragment_offset != 0; }
  void emit(MutableByteView out) const;
  Bytes to_bytes() const;
};

}  // namespace wirelab::wire
