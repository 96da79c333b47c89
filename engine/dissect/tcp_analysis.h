// TcpAnalyzer: capture-wide TCP state, after Wireshark's packet-tcp.c (tcp_analyze_sequence_number
// and friends): conversations and tcp.stream numbers, relative sequence numbers, window scaling
// learnt from the SYNs, SEQ/ACK analysis (acks_frame, ack_rtt, bytes in flight, iRTT) and the
// analysis flags (retransmission, dup ACK, zero window...). It reads only captured bytes, time
// and interface, frame by frame in capture order, and records a TcpFrameInfo per TCP frame that
// the TCP dissector turns into fields.
//
// Our capture records each frame once per cable it crosses, so analysis state is kept per
// (capture interface, 4-tuple): a segment seen on link A and again on link B is not a
// retransmission, and each link's frames are analysed exactly as tshark analyses that link's
// own pcap. tcp.stream numbers are shared across interfaces by default (the same conversation has
// one number on every link, in order of first appearance); StreamNumbering::PerInterface numbers
// each link's conversations on their own, as a per-link pcap opened in tshark would.
//
// It also keeps each stream's payload per direction (bounded) for "Follow TCP Stream" and for
// sub-dissectors that read a whole direction up to the FIN (finger).
#pragma once
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "engine/base/bytes.h"
#include "engine/base/sim_time.h"
#include "engine/capture/capture_log.h"

namespace wirelab::dissect {

// Wireshark's TCP_A_* analysis flags.
namespace tcp_analysis {
constexpr std::uint32_t kRetransmission = 0x0001, kLostPacket = 0x0002, kAckLostPacket = 0x0004,
                        kKeepAlive = 0x0008, kDuplicateAck = 0x0010, kZeroWindow = 0x0020,
                        kZeroWindowProbe = 0x0040, kZeroWindowProbeAck = 0x0080, kKeepAliveAck = 0x0100,
                        kOutOfOrder = 0x0200, kFastRetransmission = 0x0400, kWindowUpdate = 0x0800,
                        kWindowFull = 0x1000, kReusedPorts = 0x2000, kSpuriousRetransmission = 0x4000;
}  // namespace tcp_analysis

enum class StreamNumbering : std::uint8_t { Shared, PerInterface };

// What the analysis knows about one TCP frame (absent for frames that are not TCP over IPv4).
struct TcpFrameInfo {
  std::uint32_t stream = 0;
  std::uint32_t seq_base = 0;  // relative seq = seq - seq_base
  std::uint32_t ack_base = 0;  // relative ack = ack - ack_base (only with the ACK flag)
  int window_scale = -1;       // this direction: -1 unknown, -2 not used, else the shift
  SimTime time_relative = 0;   // since the stream's first frame (tcp.time_relative)
  SimTime time_delta = 0;      // since the stream's previous frame (tcp.time_delta)
  // The "SEQ/ACK analysis" subtree exists (Wireshark's tcp_acked for this frame).
  bool has_analysis = false;
  std::uint32_t flags = 0;  // tcp_analysis::k*
  std::uint32_t acks_frame = 0;
  SimTime ack_rtt = 0;
  SimTime initial_rtt = 0;  // shown once known
  std::uint32_t bytes_in_flight = 0;
  bool has_push_bytes = false;
  std::uint32_t push_bytes_sent = 0;
  std::uint32_t dupack_num = 0, dupack_frame = 0;
  SimTime rto = 0;
  std::uint32_t rto_frame = 0;
  // FIN expert: 1 "initiates the connection closing", 2 "undergoes the connection closing".
  std::uint8_t fin_role = 0;
  // On a FIN frame: this direction's whole payload, in sequence order (for "until FIN"
  // sub-dissectors) and the frames it came from.
  std::shared_ptr<const Bytes> until_fin;
  std::vector<std::uint32_t> until_fin_frames;
  bool first_data_of_direction = false;  // the first payload byte of this direction is here
};

// One direction of a stream, reassembled: bytes in sequence order, retransmitted and overlapping
// bytes kept once, stopped at the first hole.
struct TcpStreamSide {
  std::string address;  // "10.0.0.1:49152"
  Bytes data;
  bool truncated = false;  // hit the per-direction cap or a hole
};

struct TcpStreamSummary {
  std::uint32_t stream = 0;
  std::uint32_t interface = 0;  // the link it was first seen on
  TcpStreamSide client;         // the side seen first (the SYN's sender when captured)
  TcpStreamSide server;
  // Payload chunks in capture order: (from client?, offset into that side's data, length).
  struct Chunk {
    bool from_client;
    std::size_t offset, length;
  };
  std::vector<Chunk> chunks;
};

class TcpAnalyzer {
 public:
  static constexpr std::size_t kMaxStreamBytes = std::size_t{4} << 20;  // per direction
  static constexpr std::size_t kMaxUnacked = 1000;                     // Wireshark's TCP_MAX_UNACKED_SEGMENTS

  explicit TcpAnalyzer(StreamNumbering numbering = StreamNumbering::Shared);
  ~TcpAnalyzer();
  TcpAnalyzer(TcpAnalyzer&&) noexcept;
  TcpAnalyzer& operator=(TcpAnalyzer&&) noexcept;

  // Analyses frames [analysed(), upto) of the log, in order.
  void advance(const capture::CaptureLog& log, std::size_t upto);
  std::size_t analysed() const;
  // The result for frame `index` (null if not TCP/IPv4 or not analysed yet).
  const TcpFrameInfo* info(std::size_t index) const;
  std::uint32_t stream_count() const;
  // Reassembled payload of stream `n` (analysed frames only); nullopt for an unknown stream.
  // With StreamNumbering::PerInterface, n counts streams in order of first appearance in the
  // whole capture (the per-link numbers repeat across links).
  std::optional<TcpStreamSummary> stream(std::uint32_t n) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// `tshark -q -z follow,tcp,ascii,N` text: the header, each chunk as its length and its bytes
// (non-printable bytes as '.', server chunks indented by a tab), the footer.
std::string format_follow_ascii(const TcpStreamSummary& s);

}  // namespace wirelab::dissect
