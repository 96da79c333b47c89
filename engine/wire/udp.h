// UDP datagrams (RFC 768) with the IPv4 pseudo-header checksum. A zero checksum means "none".
#pragma once
#include <cstdint>

#include "engine/base/bytes.h"
#include "engine/base/result.h"
#include "engine/wire/ipv4_address.h"

namespace wirelab::wire {

struct UdpDatagram {
  static constexpr std::size_t kHeaderLen = 8;

  std::uint16_t src_port = 0;
  std::uint16_t dst_port = 0;
  std::uint16_t checksum = 0;  // as received; computed by emit
  ByteView payload;            // exactly length - 8 bytes

  // src/dst are the IPv4 addresses of the pseudo-header; verify=false for the dissector.
  static Result<UdpDatagram> parse(ByteView datagram, Ipv4Address src, Ipv4Address dst, bool verify = true);
  static std::uint16_t compute_checksum(ByteView datagram, Ipv4Address src, Ipv4Address dst);

  std::size_t buffer_len() const { return kHeaderLen + payload.size(); }
  void emit(MutableByteView out, Ipv4Address src, Ipv4Address dst) const;
  Bytes to_bytes(Ipv4Address src, Ipv4Address dst) const;
};

}  // namespace wirelab::wire
