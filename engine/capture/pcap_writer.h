// Classic libpcap files (the "pcap" format of tcpdump/Wireshark): a 24-byte global header and
// one 16-byte record header per frame. We write the nanosecond variant (magic 0xa1b23c4d),
// little-endian, LINKTYPE_ETHERNET (1), snaplen 262144. Timestamps are the capture's epoch plus
// the frame's virtual time. See draft-ietf-opsawg-pcap.
#pragma once
#include <cstddef>
#include <vector>

#include "engine/base/bytes.h"
#include "engine/capture/capture_log.h"

namespace wirelab::capture {

inline constexpr std::uint32_t kPcapMagicMicros = 0xa1b2c3d4;
inline constexpr std::uint32_t kPcapMagicNanos = 0xa1b23c4d;
inline constexpr std::uint32_t kLinktypeEthernet = 1;
inline constexpr std::uint32_t kPcapSnaplen = 262144;

// The whole file. only_frames (indices into log.frames(), in the order given) selects a subset;
// out-of-range indices are skipped.
Bytes write_pcap(const CaptureLog& log, const std::vector<std::size_t>* only_frames = nullptr);

}  // namespace wirelab::capture
