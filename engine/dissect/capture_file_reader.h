// Reads a capture file back into a CaptureLog so the CLI can dissect it: classic pcap (both
// magics: microseconds 0xa1b2c3d4 and nanoseconds 0xa1b23c4d, either byte order) and pcapng
// (SHB/IDB/EPB/SPB; if_tsresol honoured; other blocks skipped), Ethernet link type only.
// Untrusted input: anything else is an Error with a reason, never a crash. Frame times become
// relative to the first frame and epoch_ns holds the first frame's absolute time.
#pragma once
#include "engine/base/bytes.h"
#include "engine/base/result.h"
#include "engine/capture/capture_log.h"

namespace wirelab::dissect {

Result<capture::CaptureLog> read_pcap_or_pcapng(ByteView file);

}  // namespace wirelab::dissect
