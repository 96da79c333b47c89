// TCP (RFC 9293) as tshark 4.0 shows it: ports, tcp.stream, relative and raw sequence numbers,
// the flags with tcp.flags.str, the window (scaled once the SYNs showed scaling), the checksum
// verified, the options (MSS, window scale, SACK, timestamps...) and the Info line
// ("49152 → 80 [SYN] Seq=0 Win=64240 Len=0 MSS=1460 ..."). The capture-wide analysis (streams,
// relative numbers, SEQ/ACK analysis flags) comes from TcpAnalyzer via PacketContext; this file
// only turns it into fields, expert notes and Info prefixes. Then the "tcp.port" table (lower
// port first), "tcp.port.fin" (sub-dissectors that read a whole direction at its FIN), or "data".
#include <algorithm>

#include "engine/dissect/builtin_dissectors.h"
#include "engine/dissect/label_format.h"
#include "engine/dissect/packet_context.h"
#include "engine/dissect/tcp_analysis.h"
#include "engine/dissect/tcp_fields.h"
#include "engine/wire/tcp.h"

namespace wirelab::dissect {
namespace {

namespace tf = wire::tcp_flags;

std::string flag_names(std::uint16_t f) {
  static const char* const kNames[] = {"FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR", "AE"};
  std::string out;
  for (int i = 0; i < 9; ++i)
    if (f & (1u << i)) out += std::string(out.empty() ? "" : ", ") + kNames[i];
  if (f & tf::kReserved) out += std::string(out.empty() ? "" : ", ") + "Reserved";
  return out.empty() ? "<None>" : out;
}

std::string flag_letters(std::uint16_t f) {
  static const char kLetters[] = "RRRACEUAPRSF";
  std::string out;
  for (int bit = 11; bit >= 0; --bit) out += (f & (1u << bit)) ? std::string(1, kLetters[11 - bit]) : "\xc2\xb7";
  return out;
}

void add_flags(ProtoNode& n, Tvb tvb, std::uint16_t f, PacketContext& ctx, std::uint16_t src_port,
               std::uint16_t dst_port) {
  ProtoNode& fl = n.add(make_field("tcp.flags", "Flags: " + hex(f, 3) + " (" + flag_names(f) + ")",
                                   FieldValue::uint(f), tvb.at(12), 2));
  struct Bit {
    const char* filter;
    const char* name;
    std::uint16_t mask;
  };
  static const Bit kBits[] = {{"tcp.flags.res", "Reserved", tf::kReserved},
                              {"tcp.flags.ae", "Accurate ECN", tf::kAe},
                              {"tcp.flags.cwr", "Congestion Window Reduced", tf::kCwr},
                              {"tcp.flags.ece", "ECN-Echo", tf::kEce},
                              {"tcp.flags.urg", "Urgent", tf::kUrg},
                              {"tcp.flags.ack", "Acknowledgment", tf::kAck},
                              {"tcp.flags.push", "Push", tf::kPsh},
                              {"tcp.flags.reset", "Reset", tf::kRst},
                              {"tcp.flags.syn", "Syn", tf::kSyn},
                              {"tcp.flags.fin", "Fin", tf::kFin}};
  for (const Bit& b : kBits) {
    bool on = (f & b.mask) != 0;
    ProtoNode& node = fl.add(make_field(b.filter, bit_pattern(f, b.mask, 12) + " = " + b.name + ": " + set_text(on),
                                        FieldValue::boolean(on), tvb.at(12), 2));
    if (!on || ctx.in_error_quote) continue;
    if (b.mask == tf::kSyn)
      ctx.expert(node, Severity::Chat, "Sequence",
                 (f & tf::kAck) ? "Connection establish acknowledge (SYN+ACK): server port " + std::to_string(src_port)
                                : "Connection establish request (SYN): server port " + std::to_string(dst_port));
    if (b.mask == tf::kRst) ctx.expert(node, Severity::Warning, "Sequence", "Connection reset (RST)");
    if (b.mask == tf::kFin && ctx.tcp_analysis && ctx.tcp_analysis->fin_role)
      ctx.expert(node, Severity::Note, "Sequence",
                 ctx.tcp_analysis->fin_role == 1 ? "This frame initiates the connection closing"
                                                 : "This frame undergoes the connection closing");
  }
  fl.add(make_generated("tcp.flags.str", "TCP Flags: " + flag_letters(f), FieldValue::string(flag_letters(f)),
                        tvb.at(12), 2));
}

// A quoted header in an ICMP error: 8 bytes, ports and sequence number only.
std::size_t dissect_quoted(Tvb tvb, PacketContext& ctx, std::vector<ProtoNode>& level) {
  std::uint16_t sp = read_u16(tvb.data, 0), dp = read_u16(tvb.data, 2);
  std::uint32_t seq = read_u32(tvb.data, 4);
  ProtoNode n = make_field("tcp", "Transmission Control Protocol, Src Port: " + std::to_string(sp) + ", Dst Port: " +
                                      std::to_string(dp) + ", Seq: " + std::to_string(seq),
                           FieldValue::protocol(), tvb.offset, tvb.size());
  n.add(make_field("tcp.srcport", "Source Port: " + std::to_string(sp), FieldValue::uint(sp), tvb.at(0), 2));
  n.add(make_field("tcp.dstport", "Destination Port: " + std::to_string(dp), FieldValue::uint(dp), tvb.at(2), 2));
  n.add(make_hidden("tcp.port", FieldValue::uint(sp), tvb.at(0), 2));
  n.add(make_hidden("tcp.port", FieldValue::uint(dp), tvb.at(2), 2));
  n.add(make_field("tcp.seq", "Sequence Number: " + std::to_string(seq), FieldValue::uint(seq), tvb.at(4), 4));
  level.push_back(std::move(n));
  return tvb.size();
}

// The payload: sub-dissector by port (lower first), the "until FIN" table, or data.
void dissect_payload(Tvb payload, const wire::TcpSegment& s, PacketContext& ctx, std::vector<ProtoNode>& level) {
  std::uint16_t lo = std::min(s.src_port, s.dst_port), hi = std::max(s.src_port, s.dst_port);
  const TcpFrameInfo* a = ctx.tcp_analysis;
  for (std::uint16_t port : {lo, hi}) {
    if (!ctx.registry().find("tcp.port.fin", port) || s.dst_port == port) continue;
    // The server's side is reassembled until its FIN (finger): the FIN frame decodes it all,
    // the segments before are "[TCP segment of a reassembled PDU]".
    if (s.fin() && a && a->until_fin && !a->until_fin->empty()) {
      ctx.try_table("tcp.port.fin", port, Tvb{*a->until_fin, 0}, level);
      return;
    }
    if (payload.size() == 0) return;
    if (a && a->first_data_of_direction) {
      ctx.tcp.partial = true;
      std::vector<ProtoNode> scratch;
      ctx.try_table("tcp.port.fin", port, payload, scratch);
      ctx.tcp.partial = false;
      ctx.set_protocol("TCP");
    }
    ctx.append_info(" [TCP segment of a reassembled PDU]");
    for (auto& layer : level)
      if (layer.filter == "tcp")
        layer.add(make_field("tcp.segment_data", "TCP segment data (" + std::to_string(payload.size()) + " bytes)",
                             FieldValue::bytes_of(payload.data), payload.offset, payload.size()));
    return;
  }
  if (payload.size() == 0) return;
  // As tshark 4.0 (with its default reassembly settings): a retransmission's bytes were seen
  // before, an out-of-order segment waits for its gap; a keep-alive byte is plain data.
  if (a && (a->flags & (tcp_analysis::kRetransmission | tcp_analysis::kSpuriousRetransmission))) {
    for (auto& layer : level)
      if (layer.filter == "tcp")
        layer.add(make_field("tcp.segment_data",
                             "Retransmitted TCP segment data (" + std::to_string(payload.size()) + " bytes)",
                             FieldValue::bytes_of(payload.data), payload.offset, payload.size()));
    return;
  }
  if (a && (a->flags & tcp_analysis::kOutOfOrder)) return;
  if (a && (a->flags & tcp_analysis::kKeepAlive)) {
    ctx.call_data(payload, level);
    return;
  }
  for (std::uint16_t port : {lo, hi})
    if (ctx.try_table("tcp.port", port, payload, level) || ctx.try_table("tcp.port.fin", port, payload, level)) return;
  ctx.call_data(payload, level);
}

std::size_t dissect_tcp(Tvb tvb, PacketContext& ctx, std::vector<ProtoNode>& level) {
  ctx.add_layer("tcp");
  ctx.set_protocol("TCP");
  auto parsed = wire::TcpSegment::parse(tvb.data, ctx.ip.src, ctx.ip.dst, /*verify=*/false);
  if (!parsed && ctx.in_error_quote && tvb.size() >= 8) return dissect_quoted(tvb, ctx, level);
  if (!parsed) {
    level.push_back(make_field("tcp", "Transmission Control Protocol", FieldValue::protocol(), tvb.offset, tvb.size()));
    ctx.malformed(level, "TCP", tvb, parsed.error().reason);
    return tvb.size();
  }
  const wire::TcpSegment& s = *parsed;
  const TcpFrameInfo* a = ctx.in_error_quote ? nullptr : ctx.tcp_analysis;
  TcpView v = tcp_view(s, a);
  std::string sp = std::to_string(s.src_port), dp = std::to_string(s.dst_port);
  std::size_t hl = s.header_len();
  ProtoNode n = make_field("tcp",
                           "Transmission Control Protocol, Src Port: " + sp + ", Dst Port: " + dp + ", Seq: " +
                               std::to_string(v.seq) + (s.ack_flag() ? ", Ack: " + std::to_string(v.ack) : "") +
                               ", Len: " + std::to_string(s.payload.size()),
                           FieldValue::protocol(), tvb.offset, hl);
  n.add(make_field("tcp.srcport", "Source Port: " + sp, FieldValue::uint(s.src_port), tvb.at(0), 2));
  n.add(make_field("tcp.dstport", "Destination Port: " + dp, FieldValue::uint(s.dst_port), tvb.at(2), 2));
  n.add(make_hidden("tcp.port", FieldValue::uint(s.src_port), tvb.at(0), 2));
  n.add(make_hidden("tcp.port", FieldValue::uint(s.dst_port), tvb.at(2), 2));
  if (a)
    n.add(make_generated("tcp.stream", "Stream index: " + std::to_string(a->stream), FieldValue::uint(a->stream),
                         tvb.offset, 0));
  n.add(make_generated("tcp.len", "TCP Segment Len: " + std::to_string(s.payload.size()),
                       FieldValue::uint(s.payload.size()), tvb.offset, 0));
  const char* rel = a ? "    (relative sequence number)" : "";
  n.add(make_field("tcp.seq", "Sequence Number: " + std::to_string(v.seq) + rel, FieldValue::uint(v.seq), tvb.at(4), 4));
  n.add(make_field("tcp.seq_raw", "Sequence Number (raw): " + std::to_string(s.seq), FieldValue::uint(s.seq),
                   tvb.at(4), 4));
  n.add(make_generated("tcp.nxtseq", "Next Sequence Number: " + std::to_string(v.nxtseq) + rel,
                       FieldValue::uint(v.nxtseq), tvb.offset, 0));
  ProtoNode& ack = n.add(make_field("tcp.ack",
                                    "Acknowledgment Number: " + std::to_string(v.ack) +
                                        (s.ack_flag() && a ? "    (relative ack number)" : ""),
                                    FieldValue::uint(v.ack), tvb.at(8), 4));
  if (!s.ack_flag() && s.ack != 0)
    ctx.expert(ack, Severity::Note, "Protocol", "The acknowledgment number field is nonzero while the ACK flag is not set");
  n.add(make_field("tcp.ack_raw", "Acknowledgment number (raw): " + std::to_string(s.ack), FieldValue::uint(s.ack),
                   tvb.at(8), 4));
  n.add(make_field("tcp.hdr_len",
                   bit_pattern(hl / 4, 0xf, 4) + " .... = Header Length: " + std::to_string(hl) + " bytes (" +
                       std::to_string(hl / 4) + ")",
                   FieldValue::uint(hl), tvb.at(12), 1));
  add_flags(n, tvb, s.flags, ctx, s.src_port, s.dst_port);
  add_window_and_checksum(n, tvb, s, v, a, ctx);
  std::string option_info = add_options(n, tvb, s, v, ctx);
  if (a) add_analysis(n, tvb, *a, ctx);
  Tvb payload = tvb.sub(hl);
  if (payload.size() > 0)
    n.add(make_field("tcp.payload", "TCP payload (" + std::to_string(payload.size()) + " byte" +
                                        (payload.size() == 1 ? "" : "s") + ")",
                     FieldValue::bytes_of(payload.data), payload.offset, payload.size()));
  level.push_back(std::move(n));

  std::string prefix = a ? analysis_info_prefix(*a) : std::string();
  std::string info = sp + " \xe2\x86\x92 " + dp + " [" + flag_names(s.flags) + "] Seq=" + std::to_string(v.seq);
  if (s.ack_flag()) info += " Ack=" + std::to_string(v.ack);
  info += " Win=" + std::to_string(v.window);
  if (s.has(tf::kUrg)) info += " Urg=" + std::to_string(s.urgent);
  info += " Len=" + std::to_string(s.payload.size()) + option_info;
  ctx.set_info(prefix + info);
  ctx.set_info_fence(prefix.size());
  if (ctx.in_error_quote) return tvb.size();
  ctx.tcp = {true, s.src_port, s.dst_port, s.fin(), a, false};
  ctx.ports = {s.src_port, s.dst_port};
  dissect_payload(payload, s, ctx, level);
  return tvb.size();
}

}  // namespace

void register_tcp(DissectorRegistry& r) {
  r.add_protocol({"tcp", "TCP", "Transmission Control Protocol"}, tcp_field_list());
  for (const char* opt : {"tcp.options.mss", "tcp.options.nop", "tcp.options.eol", "tcp.options.wscale",
                          "tcp.options.sack_perm", "tcp.options.sack", "tcp.options.timestamp", "tcp.options.unknown"})
    r.add_field({opt, "TCP Option", FieldType::Protocol});
  r.add_dissector("ip.proto", 6, dissect_tcp);
}

}  // namespace wirelab::dissect
