#include "engine/wire/ethernet.h"

#include <algorithm>

namespace wirelab::wire {

Result<EthernetFrame> EthernetFrame::parse(ByteView frame) {
  if (frame.size() < kHeaderLen)
    return make_error(ErrorKind::Truncated, "Ethernet frame shorter than its 14-byte header");
  EthernetFrame f;
  f.dst = MacAddress::from(frame.subspan(0, 6));
  f.src = MacAddress::from(frame.subspan(6, 6));
  f.ethertype = read_u16(frame, 12);
  if (f.ethertype < 0x0600)
    return make_error(ErrorKind::Unsupported, "IEEE 802.3 length field, not an Ethernet II type");
  f.payload = frame.subspan(kHeaderLen);
  return f;
}

std::size_t EthernetFrame::buffer_len() const {
  return std::max(kHeaderLen + payload.size(), kMinFrameLen);
}

void EthernetFrame::emit(MutableByteView out) const {
  std::copy(dst.octets.begin(), dst.octets.end(), out.begin());
  std::copy(src.octets.begin(), src.octets.end(), out.begin() + 6);
  write_u16(out, 12, ethertype);
  std::copy(payload.begin(), payload.end(), out.begin() + kHeaderLen);
  std::fill(out.begin() + kHeaderLen + payload.size(), out.begin() + buffer_len(), 0);
}

Bytes EthernetFrame::to_bytes() const {
  Bytes b(buffer_len());
  emit(b);
  return b;
}

}  // namespace wirelab::wire
