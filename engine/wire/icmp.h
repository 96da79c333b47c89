// ICMP for IPv4 (RFC 792, RFC 1191 for "fragmentation needed" with the next-hop MTU).
#pragma once
#include <cstdint>

#include "engine/base/bytes.h"
#include "engine/base/result.h"

namespace wirelab::wire {

enum class IcmpType : std::uint8_t {
  EchoReply = 0,
  DestinationUnreachable = 3,
  Redirect = 5,
  EchoRequest = 8,
  TimeExceeded = 11,
  ParameterProblem = 12,
};

// Destination unreachable codes (RFC 792).
enum class UnreachableCode : std::uint8_t { Net = 0, Host = 1, Protocol = 2, Port = 3, FragmentationNeeded = 4 };

struct IcmpMessage {
  static constexpr std::size_t kHeaderLen = 8;

  std::uint8_t type = 0;  // unknown types kept
  std::uint8_t code = 0;
  std::uint16_t checksum = 0;  // as received; recomputed by emit
  std::uint32_t rest = 0;      // id/seq for echo, next-hop MTU for code 4, unused otherwise
  ByteView data;               // echo payload, or the quoted IP header + 8 bytes for errors

  static Result<IcmpMessage> parse(ByteView message, bool verify_checksum = true);

  std::uint16_t echo_id() const { return static_cast<std::uint16_t>(rest >> 16); }
  std::uint16_t echo_seq() const { return static_cast<std::uint16_t>(rest); }
  std::uint16_t next_hop_mtu() const { return static_cast<std::uint16_t>(rest); }
  bool is_error() const { return type == 3 || type == 4 || type == 5 || type == 11 || type == 12; }

  static IcmpMessage echo(bool request, std::uint16_t id, std::uint16_t seq, ByteView data) {
    return {static_cast<std::uint8_t>(request ? 8 : 0), 0, 0, std::uint32_t{id} << 16 | seq, data};
  }

  std::size_t buffer_len() const { return kHeaderLen + data.size(); }
  void emit(MutableByteView out) const;
  Bytes to_bytes() const;
};

}  // namespace wirelab::wire
