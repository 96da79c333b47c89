#include "engine/wire/ipv4.h"

#include <algorithm>

#include "engine/wire/checksum.h"

namespace wirelab::wire {

Result<Ipv4Packet> Ipv4Packet::parse(ByteView p, bool verify_checksum) {
  if (p.size() < kMinHeaderLen) return make_error(ErrorKind::Truncated, "IPv4 header shorter than 20 bytes");
  if ((p[0] >> 4) != 4) return make_error(ErrorKind::Malformed, "IP version is not 4");
  std::size_t ihl = (p[0] & 15) * 4u;
  if (ihl < kMinHeaderLen) return make_error(ErrorKind::Malformed, "bogus IPv4 header length (IHL < 5)");
  std::size_t total = read_u16(p, 2);
  if (total < ihl) return make_error(ErrorKind::Malformed, "IPv4 total length smaller than its header");
  if (total > p.size()) return make_error(ErrorKind::Truncated, "IPv4 total length exceeds the frame");
  if (verify_checksum && internet_checksum(p.first(ihl)) != 0)
    return make_error(ErrorKind::BadChecksum, "IPv4 header checksum mismatch");
  Ipv4Packet ip;
  ip.tos = p[1];
  ip.identification = read_u16(p, 4);
  std::uint16_t flags = read_u16(p, 6);
  ip.reserved_flag = flags & 0x8000;
  ip.dont_fragment = flags & 0x4000;
  ip.more_fragments = flags & 0x2000;
  ip.fragment_offset = flags & 0x1fff;
  ip.ttl = p[8];
  ip.protocol = p[9];
  ip.checksum = read_u16(p, 10);
  ip.src = {read_u32(p, 12)};
  ip.dst = {read_u32(p, 16)};
  ip.options = p.subspan(kMinHeaderLen, ihl - kMinHeaderLen);
  ip.payload = p.subspan(ihl, total - ihl);
  return ip;
}

void Ipv4Packet::emit(MutableByteView out) const {
  std::size_t hl = header_len();
  out[0] = static_cast<std::uint8_t>(0x40 | (hl / 4));
  out[1] = tos;
  write_u16(out, 2, static_cast<std::uint16_t>(buffer_len()));
  write_u16(out, 4, identification);
  write_u16(out, 6, static_cast<std::uint16_t>((reserved_flag ? 0x8000 : 0) | (dont_fragment ? 0x4000 : 0) |
                                               (more_fragments ? 0x2000 : 0) | (fragment_offset & 0x1fff)));
  out[8] = ttl;
  out[9] = protocol;
  write_u16(out, 10, 0);
  write_u32(out, 12, src.value);
  write_u32(out, 16, dst.value);
  std::copy(options.begin(), options.end(), out.begin() + kMinHeaderLen);
  write_u16(out, 10, internet_checksum(ByteView(out.data(), hl)));
  std::copy(payload.begin(), payload.end(), out.begin() + hl);
}

Bytes Ipv4Packet::to_bytes() const {
  Bytes b(buffer_len());
  emit(b);
  return b;
}

}  // namespace wirelab::wire
