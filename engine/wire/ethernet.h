// Ethernet II frames (IEEE 802.3 with an EtherType). Frames are captured without the FCS, as
// Wireshark shows them; emit pads to the 60-byte minimum (64 on the wire with the FCS).
#pragma once
#include <cstdint>

#include "engine/base/bytes.h"
#include "engine/base/result.h"
#include "engine/wire/mac_address.h"

namespace wirelab::wire {

enum class EtherType : std::uint16_t { Ipv4 = 0x0800, Arp = 0x0806, Ipv6 = 0x86dd };

struct EthernetFrame {
  static constexpr std::size_t kHeaderLen = 14;
  static constexpr std::size_t kMinFrameLen = 60;  // without FCS

  MacAddress dst;
  MacAddress src;
  std::uint16_t ethertype = 0;  // unknown values kept as-is
  ByteView payload;             // may include trailing padding

  static Result<EthernetFrame> parse(ByteView frame);
  std::size_t buffer_len() const;
  void emit(MutableByteView out) const;  // out.size() >= buffer_len()
  Bytes to_bytes() const;
};

}  // namespace wirelab::wire
