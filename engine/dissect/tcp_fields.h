// Field builders for the TCP dissector (tcp_dissector.cpp): the window and checksum fields,
// the options subtree, the "[SEQ/ACK analysis]" subtree with its expert notes, the Info prefixes
// ("[TCP Retransmission] ") and the list of tcp.* fields the registry declares.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "engine/dissect/dissector_registry.h"
#include "engine/dissect/packet_context.h"
#include "engine/dissect/tcp_analysis.h"
#include "engine/wire/tcp.h"

namespace wirelab::dissect {

// The numbers as shown: relative when the analysis knows the stream, raw otherwise.
struct TcpView {
  std::uint32_t seq = 0, ack = 0, nxtseq = 0;
  std::uint32_t window = 0;    // scaled when the scale is known
  std::uint32_t sack_base = 0; // subtracted from SACK edges
};
TcpView tcp_view(const wire::TcpSegment& s, const TcpFrameInfo* a);

void add_window_and_checksum(ProtoNode& n, Tvb tvb, const wire::TcpSegment& s, const TcpView& v,
                             const TcpFrameInfo* a, PacketContext& ctx);
// Adds the options subtree; returns what the Info line appends (" MSS=1460 SACK_PERM ...").
std::string add_options(ProtoNode& n, Tvb tvb, const wire::TcpSegment& s, const TcpView& v, PacketContext& ctx);
// "[Timestamps]" and "[SEQ/ACK analysis]".
void add_analysis(ProtoNode& n, Tvb tvb, const TcpFrameInfo& a, PacketContext& ctx);
// "[TCP Dup ACK 8#1] " etc., in tshark's order.
std::string analysis_info_prefix(const TcpFrameInfo& a);
std::vector<FieldInfo> tcp_field_list();

}  // namespace wirelab::dissect
