#include "engine/capture/pcap_writer.h"

namespace wirelab::capture {
namespace {

void put_le16(Bytes& out, std::uint16_t v) {
  out.push_back(static_cast<std::uint8_t>(v));
  out.push_back(static_cast<std::uint8_t>(v >> 8));
}
void put_le32(Bytes& out, std::uint32_t v) {
  put_le16(out, static_cast<std::uint16_t>(v));
  put_le16(out, static_cast<std::uint16_t>(v >> 16));
}

}  // namespace

Bytes write_pcap(const CaptureLog& log, const std::vector<std::size_t>* only_frames) {
  Bytes out;
  put_le32(out, kPcapMagicNanos);
  put_le16(out, 2);  // version 2.4
  put_le16(out, 4);
  put_le32(out, 0);  // thiszone
  put_le32(out, 0);  // sigfigs
  put_le32(out, kPcapSnaplen);
  put_le32(out, kLinktypeEthernet);
  const auto& frames = log.frames();
  std::size_t n = only_frames ? only_frames->size() : frames.size();
  for (std::size_t k = 0; k < n; ++k) {
    std::size_t i = only_frames ? (*only_frames)[k] : k;
    if (i >= frames.size()) continue;
    const CapturedFrame& f = frames[i];
    std::int64_t t = log.epoch_ns + f.time;
    std::uint64_t ts = t < 0 ? 0 : static_cast<std::uint64_t>(t);
    std::size_t caplen = f.bytes.size() < kPcapSnaplen ? f.bytes.size() : kPcapSnaplen;
    put_le32(out, static_cast<std::uint32_t>(ts / 1000000000u));
    put_le32(out, static_cast<std::uint32_t>(ts % 1000000000u));
    put_le32(out, static_cast<std::uint32_t>(caplen));
    put_le32(out, static_cast<std::uint32_t>(f.bytes.size()));
    out.insert(out.end(), f.bytes.begin(), f.bytes.begin() + static_cast<std::ptrdiff_t>(caplen));
  }
  return out;
}

}  // namespace wirelab::capture
