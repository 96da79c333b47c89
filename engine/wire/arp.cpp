#include "engine/wire/arp.h"

#include <algorithm>

namespace wirelab::wire {

Result<ArpPacket> ArpPacket::parse(ByteView p) {
  if (p.size() < 8) return make_error(ErrorKind::Truncated, "ARP header shorter than 8 bytes");
  std::uint16_t htype = read_u16(p, 0), ptype = read_u16(p, 2);
  if (htype != 1 || ptype != 0x0800 || p[4] != 6 || p[5] != 4)
    return make_error(ErrorKind::Unsupported, "ARP for a hardware/protocol pair other than Ethernet/IPv4");
  if (p.size() < kLen) return make_error(ErrorKind::Truncated, "ARP packet shorter than 28 bytes");
  ArpPacket a;
  a.operation = read_u16(p, 6);
  a.sender_mac = MacAddress::from(p.subspan(8, 6));
  a.sender_ip = {read_u32(p, 14)};
  a.target_mac = MacAddress::from(p.subspan(18, 6));
  a.target_ip = {read_u32(p, 24)};
  return a;
}

void ArpPacket::emit(MutableByteView out) const {
  write_u16(out, 0, 1);
  write_u16(out, 2, 0x0800);
  out[4] = 6;
  out[5] = 4;
  write_u16(out, 6, operation);
  std::copy(sender_mac.octets.begin(), sender_mac.octets.end(), out.begin() + 8);
  write_u32(out, 14, sender_ip.value);
  std::copy(target_mac.octets.begin(), target_mac.octets.end(), out.begin() + 18);
  write_u32(out, 24, target_ip.value);
}

Bytes ArpPacket::to_bytes() const {
  Bytes b(kLen);
  emit(b);
  return b;
}

}  // namespace wirelab::wire
