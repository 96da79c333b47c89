// ARP for IPv4 over Ethernet (RFC 826). Other hardware/protocol types are reported Unsupported.
#pragma once
#include <cstdint>

#include "engine/base/bytes.h"
#include "engine/base/result.h"
#include "engine/wire/ipv4_address.h"
#include "engine/wire/mac_address.h"

namespace wirelab::wire {

enum class ArpOp : std::uint16_t { Request = 1, Reply = 2 };

struct ArpPacket {
  static constexpr std::size_t kLen = 28;

  std::uint16_t operation = 1;  // unknown opcodes kept
  MacAddress sender_mac;
  Ipv4Address sender_ip;
  MacAddress target_mac;
  Ipv4Address target_ip;

  static Result<ArpPacket> parse(ByteView packet);
  std::size_t buffer_len() const { return kLen; }
  void emit(MutableByteView out) const;
  Bytes to_bytes() const;
};

}  // namespace wirelab::wire
