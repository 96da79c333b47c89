#include "engine/wire/checksum.h"

namespace wirelab::wire {

void ChecksumAccumulator::add(ByteView data) {
  std::size_t i = 0;
  if (odd_ && !data.empty()) {
    sum_ += data[0];
    i = 1;
    odd_ = false;
  }
  for (; i + 1 < data.size(); i += 2) sum_ += (std::uint32_t{data[i]} << 8) | data[i + 1];
  if (i < data.size()) {
    sum_ += std::uint32_t{data[i]} << 8;
    odd_ = true;
  }
}

std::uint16_t ChecksumAccumulator::finish() const {
  std::uint64_t s = sum_;
  while (s >> 16) s = (s & 0xffff) + (s >> 16);
  return static_cast<std::uint16_t>(~s & 0xffff);
}

std::uint16_t internet_checksum(ByteView data) {
  ChecksumAccumulator acc;
  acc.add(data);
  return acc.finish();
}

void add_pseudo_header(ChecksumAccumulator& acc, Ipv4Address src, Ipv4Address dst,
                       std::uint8_t protocol, std::uint16_t length) {
  acc.add_u32(src.value);
  acc.add_u32(dst.value);
  acc.add_u16(protocol);
  acc.add_u16(length);
}

}  // namespace wirelab::wire
