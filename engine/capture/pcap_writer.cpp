#include "engine/capture/pcap_writer.h"

namespace wirelab::capture {

Bytes write_pcap(const CaptureLog& log, const std::vector<std::size_t>* only_frames) {
  Bytes out;
  append_le32(out, kPcapMagicNanos);
  append_le16(out, 2);  // version 2.4
  append_le16(out, 4);
  append_le32(out, 0);  // thiszone
  append_le32(out, 0);  // sigfigs
  append_le32(out, kPcapSnaplen);
  append_le32(out, kLinktypeEthernet);
  const auto& frames = log.frames();
  std::size_t n = only_frames ? only_frames->size() : frames.size();
  for (std::size_t k = 0; k < n; ++k) {
    std::size_t i = only_frames ? (*only_frames)[k] : k;
    if (i >= frames.size()) continue;
    const CapturedFrame& f = frames[i];
    std::int64_t t = log.epoch_ns + f.time;
    std::uint64_t ts = t < 0 ? 0 : static_cast<std::uint64_t>(t);
    std::size_t caplen = f.bytes.size() < kPcapSnaplen ? f.bytes.size() : kPcapSnaplen;
    append_le32(out, static_cast<std::uint32_t>(ts / 1000000000u));
    append_le32(out, static_cast<std::uint32_t>(ts % 1000000000u));
    append_le32(out, static_cast<std::uint32_t>(caplen));
    append_le32(out, static_cast<std::uint32_t>(f.bytes.size()));
    out.insert(out.end(), f.bytes.begin(), f.bytes.begin() + static_cast<std::ptrdiff_t>(caplen));
  }
  return out;
}

}  // namespace wirelab::capture
