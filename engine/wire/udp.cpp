#include "engine/wire/udp.h"

#include <algorithm>

#include "engine/wire/checksum.h"
#include "engine/wire/ipv4.h"

namespace wirelab::wire {

std::uint16_t UdpDatagram::compute_checksum(ByteView d, Ipv4Address src, Ipv4Address dst) {
  ChecksumAccumulator acc;
  add_pseudo_header(acc, src, dst, static_cast<std::uint8_t>(IpProtocol::Udp), static_cast<std::uint16_t>(d.size()));
  acc.add(d);
  return acc.finish();
}

Result<UdpDatagram> UdpDatagram::parse(ByteView d, Ipv4Address src, Ipv4Address dst, bool verify) {
  if (d.size() < kHeaderLen) return make_error(ErrorKind::Truncated, "UDP header shorter than 8 bytes");
  std::size_t length = read_u16(d, 4);
  if (length < kHeaderLen) return make_error(ErrorKind::Malformed, "UDP length smaller than its header");
  if (length > d.size()) return make_error(ErrorKind::Truncated, "UDP length exceeds the IP payload");
  UdpDatagram u;
  u.src_port = read_u16(d, 0);
  u.dst_port = read_u16(d, 2);
  u.checksum = read_u16(d, 6);
  u.payload = d.subspan(kHeaderLen, length - kHeaderLen);
  if (verify && u.checksum != 0 && compute_checksum(d.first(length), src, dst) != 0)
    return make_error(ErrorKind::BadChecksum, "UDP checksum mismatch");
  return u;
}

void UdpDatagram::emit(MutableByteView out, Ipv4Address src, Ipv4Address dst) const {
  write_u16(out, 0, src_port);
  write_u16(out, 2, dst_port);
  write_u16(out, 4, static_cast<std::uint16_t>(buffer_len()));
  write_u16(out, 6, 0);
  std::copy(payload.begin(), payload.end(), out.begin() + kHeaderLen);
  std::uint16_t c = compute_checksum(ByteView(out.data(), buffer_len()), src, dst);
  write_u16(out, 6, c == 0 ? 0xffff : c);  // RFC 768: a computed zero is sent as all ones
}

Bytes UdpDatagram::to_bytes(Ipv4Address src, Ipv4Address dst) const {
  Bytes b(buffer_len());
  emit(b, src, dst);
  return b;
}

}  // namespace wirelab::wire
