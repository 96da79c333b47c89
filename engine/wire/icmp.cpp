#include "engine/wire/icmp.h"

#include <algorithm>

#include "engine/wire/checksum.h"

namespace wirelab::wire {

Result<IcmpMessage> IcmpMessage::parse(ByteView m, bool verify_checksum) {
  if (m.size() < kHeaderLen) return make_error(ErrorKind::Truncated, "ICMP message shorter than 8 bytes");
  if (verify_checksum && internet_checksum(m) != 0)
    return make_error(ErrorKind::BadChecksum, "ICMP checksum mismatch");
  IcmpMessage i;
  i.type = m[0];
  i.code = m[1];
  i.checksum = read_u16(m, 2);
  i.rest = read_u32(m, 4);
  i.data = m.subspan(kHeaderLen);
  return i;
}

void IcmpMessage::emit(MutableByteView out) const {
  out[0] = type;
  out[1] = code;
  write_u16(out, 2, 0);
  write_u32(out, 4, rest);
  std::copy(data.begin(), data.end(), out.begin() + kHeaderLen);
  write_u16(out, 2, internet_checksum(ByteView(out.data(), buffer_len())));
}

Bytes IcmpMessage::to_bytes() const {
  Bytes b(buffer_len());
  emit(b);
  return b;
}

}  // namespace wirelab::wire
