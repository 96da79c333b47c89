#include "engine/dissect/tcp_fields.h"

#include "engine/dissect/ip_names.h"
#include "engine/dissect/label_format.h"

namespace wirelab::dissect {
namespace {

using namespace tcp_analysis;

std::string seconds_text(SimTime t) { return FieldValue::rel_time(t).to_display() + " seconds"; }

ProtoNode option_node(const std::string& filter, const std::string& label, std::size_t off, std::size_t len) {
  return make_field(filter, label, FieldValue::protocol(), off, len);
}

void kind_and_len(ProtoNode& o, const std::string& kind_name, std::uint8_t kind, std::size_t off, std::size_t len) {
  o.add(make_field("tcp.option_kind", "Kind: " + kind_name + " (" + std::to_string(kind) + ")", FieldValue::uint(kind),
                   off, 1));
  if (len > 1) o.add(make_field("tcp.option_len", "Length: " + std::to_string(len), FieldValue::uint(len), off + 1, 1));
}

struct FlagText {
  std::uint32_t flag;
  const char* filter;
  Severity severity;
  const char* message;
  const char* prefix;  // Info prefix, prepended in this order
};
// In tshark's print order (reused, retransmissions, lost, window, keep-alive, dup ACK, zero window).
const FlagText kFlags[] = {
    {kReusedPorts, "tcp.analysis.reused_ports", Severity::Note,
     "A new tcp session is started with the same ports as an earlier session in this trace", "[TCP Port numbers reused] "},
    {kRetransmission, "tcp.analysis.retransmission", Severity::Note, "This frame is a (suspected) retransmission",
     "[TCP Retransmission] "},
    {kFastRetransmission, "tcp.analysis.fast_retransmission", Severity::Note,
     "This frame is a (suspected) fast retransmission", "[TCP Fast Retransmission] "},
    {kSpuriousRetransmission, "tcp.analysis.spurious_retransmission", Severity::Note,
     "This frame is a (suspected) spurious retransmission", "[TCP Spurious Retransmission] "},
    {kOutOfOrder, "tcp.analysis.out_of_order", Severity::Warning, "This frame is a (suspected) out-of-order segment",
     "[TCP Out-Of-Order] "},
    {kLostPacket, "tcp.analysis.lost_segment", Severity::Warning,
     "Previous segment(s) not captured (common at capture start)", "[TCP Previous segment not captured] "},
    {kAckLostPacket, "tcp.analysis.ack_lost_segment", Severity::Warning,
     "ACKed segment that wasn't captured (common at capture start)", "[TCP ACKed unseen segment] "},
    {kWindowUpdate, "tcp.analysis.window_update", Severity::Chat, "TCP window update", "[TCP Window Update] "},
    {kWindowFull, "tcp.analysis.window_full", Severity::Warning,
     "TCP window specified by the receiver is now completely full", "[TCP Window Full] "},
    {kKeepAlive, "tcp.analysis.keep_alive", Severity::Note, "TCP keep-alive segment", "[TCP Keep-Alive] "},
    {kKeepAliveAck, "tcp.analysis.keep_alive_ack", Severity::Note, "ACK to a TCP keep-alive segment",
     "[TCP Keep-Alive ACK] "},
    {kDuplicateAck, "tcp.analysis.duplicate_ack", Severity::Note, "This is a TCP duplicate ack", nullptr},
    {kZeroWindowProbe, "tcp.analysis.zero_window_probe", Severity::Note, "TCP Zero Window Probe",
     "[TCP ZeroWindowProbe] "},
    {kZeroWindow, "tcp.analysis.zero_window", Severity::Warning, "TCP Zero Window segment", "[TCP ZeroWindow] "},
    {kZeroWindowProbeAck, "tcp.analysis.zero_window_probe_ack", Severity::Note, "ACK to a TCP Zero Window Probe",
     "[TCP ZeroWindowProbeAck] "},
};

}  // namespace

TcpView tcp_view(const wire::TcpSegment& s, const TcpFrameInfo* a) {
  TcpView v;
  std::uint32_t span = s.seg_len();
  v.seq = a ? s.seq - a->seq_base : s.seq;
  v.nxtseq = v.seq + span;
  v.ack = a && s.ack_flag() ? s.ack - a->ack_base : s.ack;
  v.window = s.window;
  if (a && !s.syn() && a->window_scale >= 0) v.window = static_cast<std::uint32_t>(s.window) << a->window_scale;
  v.sack_base = a ? a->ack_base : 0;
  return v;
}

void add_window_and_checksum(ProtoNode& n, Tvb tvb, const wire::TcpSegment& s, const TcpView& v,
                             const TcpFrameInfo* a, PacketContext& ctx) {
  n.add(make_field("tcp.window_size_value", "Window: " + std::to_string(s.window), FieldValue::uint(s.window),
                   tvb.at(14), 2));
  n.add(make_generated("tcp.window_size", "Calculated window size: " + std::to_string(v.window),
                       FieldValue::uint(v.window), tvb.at(14), 2));
  if (a && !s.syn()) {
    int ws = a->window_scale;
    std::int64_t value = ws >= 0 ? (std::int64_t{1} << ws) : ws;
    std::string text = std::to_string(value) + (ws == -1 ? " (unknown)" : ws == -2 ? " (no window scaling used)" : "");
    n.add(make_generated("tcp.window_size_scalefactor", "Window size scaling factor: " + text,
                         FieldValue::sint(value), tvb.at(14), 2));
  }
  ChecksumStatus status = ChecksumStatus::Unverified;
  std::string label = "Checksum: " + hex(s.checksum, 4);
  std::uint16_t should = 0;
  if (!ctx.ip.present) {
    label += " [unverified]";
  } else {
    Bytes copy(tvb.data.begin(), tvb.data.end());
    write_u16(copy, 16, 0);
    should = wire::TcpSegment::compute_checksum(copy, ctx.ip.src, ctx.ip.dst);
    status = should == s.checksum ? ChecksumStatus::Good : ChecksumStatus::Bad;
    label += status == ChecksumStatus::Good ? " [correct]" : " incorrect, should be " + hex(should, 4);
  }
  ProtoNode& ck = n.add(make_field("tcp.checksum", label, FieldValue::uint(s.checksum), tvb.at(16), 2));
  if (status == ChecksumStatus::Bad)
    ctx.expert(ck, Severity::Error, "Checksum", "Bad checksum [should be " + hex(should, 4) + "]");
  n.add(make_generated("tcp.checksum.status", std::string("Checksum Status: ") + to_string(status),
                       FieldValue::uint(static_cast<unsigned>(status)), tvb.at(16), 0));
  n.add(make_field("tcp.urgent_pointer", "Urgent Pointer: " + std::to_string(s.urgent), FieldValue::uint(s.urgent),
                   tvb.at(18), 2));
}

std::string add_options(ProtoNode& n, Tvb tvb, const wire::TcpSegment& s, const TcpView& v, PacketContext&) {
  std::size_t hl = s.header_len();
  if (hl <= wire::TcpHeader::kMinHeaderLen) return {};
  ByteView raw = tvb.data.subspan(wire::TcpHeader::kMinHeaderLen, hl - wire::TcpHeader::kMinHeaderLen);
  ProtoNode opts = make_field("tcp.options", "Options: (" + std::to_string(raw.size()) + " bytes)",
                              FieldValue::bytes_of(raw), tvb.at(wire::TcpHeader::kMinHeaderLen), raw.size());
  std::string info;
  std::size_t off = tvb.at(wire::TcpHeader::kMinHeaderLen);
  using K = wire::TcpOptionKind;
  for (const wire::TcpOption& o : s.options) {
    std::size_t len = o.wire_len();
    std::string name;
    ProtoNode node;
    if (o.is(K::Mss)) {
      name = "Maximum segment size";
      node = option_node("tcp.options.mss", "TCP Option - Maximum segment size: " + std::to_string(o.mss) + " bytes", off, len);
      kind_and_len(node, "Maximum Segment Size", o.kind, off, len);
      node.add(make_field("tcp.options.mss_val", "MSS Value: " + std::to_string(o.mss), FieldValue::uint(o.mss), off + 2, 2));
      info += " MSS=" + std::to_string(o.mss);
    } else if (o.is(K::Nop)) {
      name = "No-Operation (NOP)";
      node = option_node("tcp.options.nop", "TCP Option - No-Operation (NOP)", off, len);
      kind_and_len(node, "No-Operation", o.kind, off, len);
    } else if (o.is(K::End)) {
      name = "End of Option List (EOL)";
      node = option_node("tcp.options.eol", "TCP Option - End of Option List (EOL)", off, len);
      kind_and_len(node, "End of Option List", o.kind, off, len);
    } else if (o.is(K::SackPermitted)) {
      name = "SACK permitted";
      node = option_node("tcp.options.sack_perm", "TCP Option - SACK permitted", off, len);
      kind_and_len(node, "SACK Permitted", o.kind, off, len);
      info += " SACK_PERM";
    } else if (o.is(K::WindowScale)) {
      name = "Window scale";
      unsigned mult = 1u << std::min<unsigned>(o.window_shift, 14);
      node = option_node("tcp.options.wscale", "TCP Option - Window scale: " + std::to_string(o.window_shift) +
                                                   " (multiply by " + std::to_string(mult) + ")", off, len);
      kind_and_len(node, "Window Scale", o.kind, off, len);
      node.add(make_field("tcp.options.wscale.shift", "Shift count: " + std::to_string(o.window_shift),
                          FieldValue::uint(o.window_shift), off + 2, 1));
      node.add(make_generated("tcp.options.wscale.multiplier", "Multiplier: " + std::to_string(mult),
                              FieldValue::uint(mult), off + 2, 1));
      info += " WS=" + std::to_string(mult);
    } else if (o.is(K::Timestamps)) {
      name = "Timestamps";
      node = option_node("tcp.options.timestamp", "TCP Option - Timestamps: TSval " + std::to_string(o.ts_val) +
                                                      ", TSecr " + std::to_string(o.ts_ecr), off, len);
      kind_and_len(node, "Time Stamp Option", o.kind, off, len);
      node.add(make_field("tcp.options.timestamp.tsval", "Timestamp value: " + std::to_string(o.ts_val),
                          FieldValue::uint(o.ts_val), off + 2, 4));
      node.add(make_field("tcp.options.timestamp.tsecr", "Timestamp echo reply: " + std::to_string(o.ts_ecr),
                          FieldValue::uint(o.ts_ecr), off + 6, 4));
      info += " TSval=" + std::to_string(o.ts_val) + " TSecr=" + std::to_string(o.ts_ecr);
    } else if (o.is(K::Sack)) {
      name = "SACK";
      std::string edges;
      node = option_node("tcp.options.sack", "", off, len);
      kind_and_len(node, "SACK", o.kind, off, len);
      std::size_t at = off + 2;
      for (const wire::SackBlock& b : o.sack_blocks) {
        std::uint32_t le = b.left - v.sack_base, re = b.right - v.sack_base;
        node.add(make_field("tcp.options.sack_le", "left edge = " + std::to_string(le) + " (relative)",
                            FieldValue::uint(le), at, 4));
        node.add(make_field("tcp.options.sack_re", "right edge = " + std::to_string(re) + " (relative)",
                            FieldValue::uint(re), at + 4, 4));
        edges += " " + std::to_string(le) + "-" + std::to_string(re);
        info += " SLE=" + std::to_string(le) + " SRE=" + std::to_string(re);
        at += 8;
      }
      node.add(make_generated("tcp.options.sack.count", "TCP SACK Count: " + std::to_string(o.sack_blocks.size()),
                              FieldValue::uint(o.sack_blocks.size()), off, len));
      node.label = "TCP Option - SACK" + edges;
    } else {
      name = "Unknown";
      node = option_node("tcp.options.unknown", "TCP Option - Unknown (" + std::to_string(o.kind) + ")", off, len);
      kind_and_len(node, "Unknown", o.kind, off, len);
      if (!o.raw.empty())
        node.add(make_field("tcp.options.unknown.payload", "Payload: " + to_hex(o.raw, 0),
                            FieldValue::bytes_of(o.raw), off + 2, o.raw.size()));
    }
    opts.label += ", " + name;
    opts.add(std::move(node));
    off += len;
  }
  n.add(std::move(opts));
  return info;
}

void add_analysis(ProtoNode& n, Tvb tvb, const TcpFrameInfo& a, PacketContext& ctx) {
  std::size_t at = tvb.offset;
  ProtoNode& ts = n.add(make_text("[Timestamps]", at, 0));
  ts.add(make_generated("tcp.time_relative", "Time since first frame in this TCP stream: " + seconds_text(a.time_relative),
                        FieldValue::rel_time(a.time_relative), at, 0));
  ts.add(make_generated("tcp.time_delta", "Time since previous frame in this TCP stream: " + seconds_text(a.time_delta),
                        FieldValue::rel_time(a.time_delta), at, 0));
  if (!a.has_analysis) return;
  ProtoNode& an = n.add(make_generated("tcp.analysis", "SEQ/ACK analysis", FieldValue::none(), at, 0));
  if (a.acks_frame) {
    an.add(make_generated("tcp.analysis.acks_frame", "This is an ACK to the segment in frame: " + std::to_string(a.acks_frame),
                          FieldValue::uint(a.acks_frame), at, 0));
    if (a.ack_rtt)
      an.add(make_generated("tcp.analysis.ack_rtt", "The RTT to ACK the segment was: " + seconds_text(a.ack_rtt),
                            FieldValue::rel_time(a.ack_rtt), at, 0));
  }
  if (a.initial_rtt)
    an.add(make_generated("tcp.analysis.initial_rtt", "iRTT: " + seconds_text(a.initial_rtt),
                          FieldValue::rel_time(a.initial_rtt), at, 0));
  if (a.bytes_in_flight) {
    an.add(make_generated("tcp.analysis.bytes_in_flight", "Bytes in flight: " + std::to_string(a.bytes_in_flight),
                          FieldValue::uint(a.bytes_in_flight), at, 0));
    an.add(make_generated("tcp.analysis.push_bytes_sent", "Bytes sent since last PSH flag: " + std::to_string(a.push_bytes_sent),
                          FieldValue::uint(a.push_bytes_sent), at, 0));
  }
  if (!a.flags) return;
  ProtoNode& fl = an.add(make_generated("tcp.analysis.flags", "TCP Analysis Flags", FieldValue::none(), at, 0));
  auto flag_node = [&](const char* filter, Severity sev, const std::string& message) {
    ProtoNode& f = fl.add(make_generated(filter, message, FieldValue::none(), at, 0));
    ctx.expert(f, sev, "Sequence", message);
  };
  for (const FlagText& f : kFlags) {
    if (!(a.flags & f.flag)) continue;
    if (f.flag == kDuplicateAck) {
      fl.add(make_generated(f.filter, f.message, FieldValue::none(), at, 0));
      an.add(make_generated("tcp.analysis.duplicate_ack_num", "Duplicate ACK #: " + std::to_string(a.dupack_num),
                            FieldValue::uint(a.dupack_num), at, 0));
      ProtoNode& df = an.add(make_generated("tcp.analysis.duplicate_ack_frame",
                                            "Duplicate to the ACK in frame: " + std::to_string(a.dupack_frame),
                                            FieldValue::uint(a.dupack_frame), at, 0));
      ctx.expert(df, Severity::Note, "Sequence", "Duplicate ACK (#" + std::to_string(a.dupack_num) + ")");
      continue;
    }
    flag_node(f.filter, f.severity, f.message);
    // Fast and spurious retransmissions are retransmissions too (tcp.analysis.retransmission matches).
    if (f.flag == kFastRetransmission || f.flag == kSpuriousRetransmission)
      flag_node("tcp.analysis.retransmission", Severity::Note, "This frame is a (suspected) retransmission");
    if (f.flag == kRetransmission && a.rto) {
      fl.add(make_generated("tcp.analysis.rto", "The RTO for this segment was: " + seconds_text(a.rto),
                            FieldValue::rel_time(a.rto), at, 0));
      fl.add(make_generated("tcp.analysis.rto_frame", "RTO based on delta from frame: " + std::to_string(a.rto_frame),
                            FieldValue::uint(a.rto_frame), at, 0));
    }
  }
}

std::string analysis_info_prefix(const TcpFrameInfo& a) {
  std::string out;
  for (const FlagText& f : kFlags) {
    if (!(a.flags & f.flag)) continue;
    std::string p = f.flag == kDuplicateAck
                        ? "[TCP Dup ACK " + std::to_string(a.dupack_frame) + "#" + std::to_string(a.dupack_num) + "] "
                        : std::string(f.prefix);
    out = p + out;  // each one is prepended, as col_prepend_fence_fstr does
  }
  return out;
}

std::vector<FieldInfo> tcp_field_list() {
  using T = FieldType;
  std::vector<FieldInfo> f = {
      {"tcp.srcport", "Source Port", T::UInt}, {"tcp.dstport", "Destination Port", T::UInt},
      {"tcp.port", "Source or Destination Port", T::UInt}, {"tcp.stream", "Stream index", T::UInt},
      {"tcp.len", "TCP Segment Len", T::UInt}, {"tcp.seq", "Sequence Number", T::UInt},
      {"tcp.seq_raw", "Sequence Number (raw)", T::UInt}, {"tcp.nxtseq", "Next Sequence Number", T::UInt},
      {"tcp.ack", "Acknowledgment Number", T::UInt}, {"tcp.ack_raw", "Acknowledgment number (raw)", T::UInt},
      {"tcp.hdr_len", "Header Length", T::UInt}, {"tcp.flags", "Flags", T::UInt},
      {"tcp.flags.res", "Reserved", T::Bool}, {"tcp.flags.ae", "Accurate ECN", T::Bool},
      {"tcp.flags.cwr", "Congestion Window Reduced", T::Bool}, {"tcp.flags.ece", "ECN-Echo", T::Bool},
      {"tcp.flags.urg", "Urgent", T::Bool}, {"tcp.flags.ack", "Acknowledgment", T::Bool},
      {"tcp.flags.push", "Push", T::Bool}, {"tcp.flags.reset", "Reset", T::Bool}, {"tcp.flags.syn", "Syn", T::Bool},
      {"tcp.flags.fin", "Fin", T::Bool}, {"tcp.flags.str", "TCP Flags", T::String},
      {"tcp.window_size_value", "Window", T::UInt}, {"tcp.window_size", "Calculated window size", T::UInt},
      {"tcp.window_size_scalefactor", "Window size scaling factor", T::Int}, {"tcp.checksum", "Checksum", T::UInt},
      {"tcp.checksum.status", "Checksum Status", T::UInt}, {"tcp.urgent_pointer", "Urgent Pointer", T::UInt},
      {"tcp.options", "TCP Options", T::Bytes}, {"tcp.option_kind", "Kind", T::UInt}, {"tcp.option_len", "Length", T::UInt},
      {"tcp.options.mss_val", "MSS Value", T::UInt}, {"tcp.options.wscale.shift", "Shift count", T::UInt},
      {"tcp.options.wscale.multiplier", "Multiplier", T::UInt}, {"tcp.options.sack_le", "TCP SACK Left Edge", T::UInt},
      {"tcp.options.sack_re", "TCP SACK Right Edge", T::UInt}, {"tcp.options.sack.count", "TCP SACK Count", T::UInt},
      {"tcp.options.timestamp.tsval", "Timestamp value", T::UInt},
      {"tcp.options.timestamp.tsecr", "Timestamp echo reply", T::UInt},
      {"tcp.options.unknown.payload", "Payload", T::Bytes}, {"tcp.payload", "TCP payload", T::Bytes},
      {"tcp.segment_data", "TCP segment data", T::Bytes},
      {"tcp.time_relative", "Time since first frame in this TCP stream", T::RelTime},
      {"tcp.time_delta", "Time since previous frame in this TCP stream", T::RelTime},
      {"tcp.analysis", "SEQ/ACK analysis", T::None}, {"tcp.analysis.flags", "TCP Analysis Flags", T::None},
      {"tcp.analysis.acks_frame", "This is an ACK to the segment in frame", T::UInt},
      {"tcp.analysis.ack_rtt", "The RTT to ACK the segment was", T::RelTime},
      {"tcp.analysis.initial_rtt", "iRTT", T::RelTime}, {"tcp.analysis.bytes_in_flight", "Bytes in flight", T::UInt},
      {"tcp.analysis.push_bytes_sent", "Bytes sent since last PSH flag", T::UInt},
      {"tcp.analysis.duplicate_ack_num", "Duplicate ACK #", T::UInt},
      {"tcp.analysis.duplicate_ack_frame", "Duplicate to the ACK in frame", T::UInt},
      {"tcp.analysis.rto", "The RTO for this segment was", T::RelTime},
      {"tcp.analysis.rto_frame", "RTO based on delta from frame", T::UInt},
  };
  for (const FlagText& t : kFlags) f.push_back({t.filter, t.message, T::None});
  return f;
}

}  // namespace wirelab::dissect
