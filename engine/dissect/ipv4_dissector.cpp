// IPv4 (RFC 791, RFC 2474 DS field, RFC 3168 ECN): every header field under Wireshark's ip.*
// names, the header checksum verified and shown ("[Header checksum status: Good]"), fragments
// shown as "Fragmented IP protocol" (no reassembly yet), then the "ip.proto" table. Also
// registered as "ip" so ICMP can dissect the header quoted in an error message, where a
// truncated packet is expected rather than malformed.
#include <algorithm>

#include "engine/dissect/builtin_dissectors.h"
#include "engine/dissect/ip_names.h"
#include "engine/dissect/label_format.h"
#include "engine/dissect/packet_context.h"
#include "engine/wire/checksum.h"
#include "engine/wire/ipv4.h"

namespace wirelab::dissect {
namespace {

std::string dscp_short(unsigned d) {
  switch (d) {
    case 0: return "CS0";
    case 46: return "EF";
    case 44: return "VOICE-ADMIT";
    default: break;
  }
  if (d % 8 == 0) return "CS" + std::to_string(d / 8);
  if (d >= 10 && d <= 38 && d % 2 == 0 && (d % 8) >= 2 && (d % 8) <= 6)
    return "AF" + std::to_string(d / 8) + std::to_string((d % 8) / 2);
  return "Unknown";
}
const char* ecn_short(unsigned e) {
  static const char* const k[] = {"Not-ECT", "ECT(1)", "ECT(0)", "CE"};
  return k[e & 3];
}
const char* ecn_long(unsigned e) {
  static const char* const k[] = {"Not ECN-Capable Transport", "ECN-Capable Transport codepoint '01'",
                                  "ECN-Capable Transport codepoint '10'", "Congestion Experienced"};
  return k[e & 3];
}

void add_header_fields(ProtoNode& n, const wire::Ipv4Packet& ip, Tvb tvb, std::uint16_t total_field,
                       bool truncated, PacketContext& ctx) {
  std::size_t hl = ip.header_len();
  std::uint8_t b0 = static_cast<std::uint8_t>(0x40 | (hl / 4));
  n.add(make_field("ip.version", bit_pattern(b0, 0xf0, 8) + " = Version: 4", FieldValue::uint(4), tvb.at(0), 1));
  n.add(make_field("ip.hdr_len",
                   bit_pattern(b0, 0x0f, 8) + " = Header Length: " + std::to_string(hl) + " bytes (" +
                       std::to_string(hl / 4) + ")",
                   FieldValue::uint(hl), tvb.at(0), 1));
  unsigned dscp = ip.tos >> 2, ecn = ip.tos & 3;
  ProtoNode& ds = n.add(make_field("ip.dsfield",
                                   "Differentiated Services Field: " + hex(ip.tos, 2) + " (DSCP: " + dscp_short(dscp) +
                                       ", ECN: " + ecn_short(ecn) + ")",
                                   FieldValue::uint(ip.tos), tvb.at(1), 1));
  std::string dscp_name = dscp == 0 ? "Default" : dscp_short(dscp);
  ds.add(make_field("ip.dsfield.dscp",
                    bit_pattern(ip.tos, 0xfc, 8) + " = Differentiated Services Codepoint: " + dscp_name + " (" +
                        std::to_string(dscp) + ")",
                    FieldValue::uint(dscp), tvb.at(1), 1));
  ds.add(make_field("ip.dsfield.ecn",
                    bit_pattern(ip.tos, 0x03, 8) + " = Explicit Congestion Notification: " + ecn_long(ecn) + " (" +
                        std::to_string(ecn) + ")",
                    FieldValue::uint(ecn), tvb.at(1), 1));
  ProtoNode& len = n.add(make_field("ip.len", "Total Length: " + std::to_string(total_field),
                                    FieldValue::uint(total_field), tvb.at(2), 2));
  if (truncated && !ctx.in_error_quote)
    ctx.expert(len, Severity::Error, "Protocol",
               "IPv4 total length exceeds packet length (" + std::to_string(tvb.size()) + " bytes)");
  n.add(make_field("ip.id", "Identification: " + hex(ip.identification, 4) + " (" + std::to_string(ip.identification) + ")",
                   FieldValue::uint(ip.identification), tvb.at(4), 2));

  unsigned flags = (ip.reserved_flag ? 4u : 0u) | (ip.dont_fragment ? 2u : 0u) | (ip.more_fragments ? 1u : 0u);
  std::string flag_text = hex(flags, 1);
  if (ip.reserved_flag) flag_text += ", Reserved";
  if (ip.dont_fragment) flag_text += ", Don't fragment";
  if (ip.more_fragments) flag_text += ", More fragments";
  ProtoNode& fl = n.add(make_field("ip.flags", bit_pattern(flags << 5, 0xe0, 8) + " = Flags: " + flag_text,
                                   FieldValue::uint(flags), tvb.at(6), 1));
  fl.add(make_field("ip.flags.rb", bit_pattern(flags << 5, 0x80, 8) + " = Reserved bit: " + set_text(ip.reserved_flag),
                    FieldValue::boolean(ip.reserved_flag), tvb.at(6), 1));
  fl.add(make_field("ip.flags.df", bit_pattern(flags << 5, 0x40, 8) + " = Don't fragment: " + set_text(ip.dont_fragment),
                    FieldValue::boolean(ip.dont_fragment), tvb.at(6), 1));
  fl.add(make_field("ip.flags.mf", bit_pattern(flags << 5, 0x20, 8) + " = More fragments: " + set_text(ip.more_fragments),
                    FieldValue::boolean(ip.more_fragments), tvb.at(6), 1));
  std::uint32_t off_bytes = ip.fragment_offset * 8u;
  n.add(make_field("ip.frag_offset", bit_pattern(ip.fragment_offset, 0x1fff, 16) + " = Fragment Offset: " +
                                         std::to_string(off_bytes),
                   FieldValue::uint(off_bytes), tvb.at(6), 2));
  ProtoNode& ttl = n.add(make_field("ip.ttl", "Time to Live: " + std::to_string(ip.ttl), FieldValue::uint(ip.ttl),
                                    tvb.at(8), 1));
  if (ip.ttl < 5 && !ip.dst.is_multicast() && !ctx.in_error_quote)
    ctx.expert(ttl, Severity::Note, "Sequence", "\"Time To Live\" only " + std::to_string(ip.ttl));
  std::string pname = ip_proto_name(ip.protocol);
  n.add(make_field("ip.proto",
                   "Protocol: " + (pname.empty() ? "Unknown" : pname) + " (" + std::to_string(ip.protocol) + ")",
                   FieldValue::uint(ip.protocol), tvb.at(9), 1));

  // Header checksum: verify, and show what it should be (computed with the field zeroed).
  Bytes header(tvb.data.begin(), tvb.data.begin() + static_cast<std::ptrdiff_t>(hl));
  write_u16(header, 10, 0);
  std::uint16_t should = wire::internet_checksum(header);
  bool good = should == ip.checksum;
  ProtoNode& ck = n.add(make_field("ip.checksum",
                                   "Header Checksum: " + hex(ip.checksum, 4) +
                                       (good ? " [correct]" : " incorrect, should be " + hex(should, 4)),
                                   FieldValue::uint(ip.checksum), tvb.at(10), 2));
  if (!good) ctx.expert(ck, Severity::Error, "Checksum", "Bad checksum [should be " + hex(should, 4) + "]");
  auto status = good ? ChecksumStatus::Good : ChecksumStatus::Bad;
  n.add(make_generated("ip.checksum.status", std::string("Header checksum status: ") + to_string(status),
                       FieldValue::uint(static_cast<unsigned>(status)), tvb.at(10), 0));
  n.add(make_generated("ip.checksum_calculated", "Calculated Checksum: " + hex(should, 4), FieldValue::uint(should),
                       tvb.at(10), 2));
  n.add(make_field("ip.src", "Source Address: " + ip.src.to_string(), FieldValue::ipv4(ip.src), tvb.at(12), 4));
  n.add(make_hidden("ip.addr", FieldValue::ipv4(ip.src), tvb.at(12), 4));
  n.add(make_field("ip.dst", "Destination Address: " + ip.dst.to_string(), FieldValue::ipv4(ip.dst), tvb.at(16), 4));
  n.add(make_hidden("ip.addr", FieldValue::ipv4(ip.dst), tvb.at(16), 4));
  if (!ip.options.empty())
    n.add(make_text("Options: (" + std::to_string(ip.options.size()) + " bytes)", tvb.at(20), ip.options.size()));
}

std::size_t dissect_ipv4(Tvb tvb, PacketContext& ctx, std::vector<ProtoNode>& level) {
  ctx.add_layer("ip");
  ctx.set_protocol("IPv4");
  auto parsed = wire::Ipv4Packet::parse(tvb.data, /*verify_checksum=*/false);
  bool truncated = false;
  Bytes patched;  // a copy whose total length fits the bytes we have (quoted or cut packets)
  if (!parsed && parsed.error().kind == ErrorKind::Truncated && tvb.size() >= wire::Ipv4Packet::kMinHeaderLen) {
    patched.assign(tvb.data.begin(), tvb.data.end());
    write_u16(patched, 2, static_cast<std::uint16_t>(std::min<std::size_t>(patched.size(), 0xffff)));
    auto again = wire::Ipv4Packet::parse(patched, false);
    if (again) {
      parsed = std::move(again);
      truncated = true;
    }
  }
  if (!parsed) {
    level.push_back(make_field("ip", "Internet Protocol Version 4", FieldValue::protocol(), tvb.offset, tvb.size()));
    const std::string& reason = parsed.error().reason;
    ctx.expert(level.back(), Severity::Error, "Protocol", reason);
    if (tvb.size() >= 1 && (tvb.data[0] >> 4) == 4 && (tvb.data[0] & 15) < 5)
      ctx.set_info("Bogus IP header length (" + std::to_string((tvb.data[0] & 15) * 4) + ", must be at least 20)");
    ctx.malformed(level, "IPv4", tvb, reason);
    return tvb.size();
  }
  const wire::Ipv4Packet& ip = *parsed;
  std::uint16_t total_field = read_u16(tvb.data, 2);
  std::size_t hl = ip.header_len();
  ProtoNode n = make_field("ip", "Internet Protocol Version 4, Src: " + ip.src.to_string() + ", Dst: " + ip.dst.to_string(),
                           FieldValue::protocol(), tvb.offset, hl);
  add_header_fields(n, ip, tvb, total_field, truncated, ctx);
  level.push_back(std::move(n));

  ctx.set_addresses(ip.src.to_string(), ip.dst.to_string());
  ctx.ip = {true, ip.src, ip.dst, ip.ttl};
  std::size_t used = std::min<std::size_t>(total_field, tvb.size());
  Tvb payload = tvb.sub(hl, used - hl);
  if (truncated && !ctx.in_error_quote) {
    ctx.malformed(level, "IPv4", payload, "IPv4 total length exceeds packet length");
    return tvb.size();
  }
  if (ip.is_fragment()) {
    std::string pname = ip_proto_name(ip.protocol);
    ctx.set_info("Fragmented IP protocol (proto=" + (pname.empty() ? "Unknown" : pname) + " " +
                 std::to_string(ip.protocol) + ", off=" + std::to_string(ip.fragment_offset * 8u) +
                 ", ID=" + hex(ip.identification, 4).substr(2) + ")");
    ctx.call_data(payload, level);
    return used;
  }
  if (!ctx.try_table("ip.proto", ip.protocol, payload, level)) ctx.call_data(payload, level);
  return used;
}

}  // namespace

void register_ipv4(DissectorRegistry& r) {
  r.add_protocol({"ip", "IPv4", "Internet Protocol Version 4"},
                 {{"ip.version", "Version", FieldType::UInt},
                  {"ip.hdr_len", "Header Length", FieldType::UInt},
                  {"ip.dsfield", "Differentiated Services Field", FieldType::UInt},
                  {"ip.dsfield.dscp", "Differentiated Services Codepoint", FieldType::UInt},
                  {"ip.dsfield.ecn", "Explicit Congestion Notification", FieldType::UInt},
                  {"ip.len", "Total Length", FieldType::UInt},
                  {"ip.id", "Identification", FieldType::UInt},
                  {"ip.flags", "Flags", FieldType::UInt},
                  {"ip.flags.rb", "Reserved bit", FieldType::Bool},
                  {"ip.flags.df", "Don't fragment", FieldType::Bool},
                  {"ip.flags.mf", "More fragments", FieldType::Bool},
                  {"ip.frag_offset", "Fragment Offset", FieldType::UInt},
                  {"ip.ttl", "Time to Live", FieldType::UInt},
                  {"ip.proto", "Protocol", FieldType::UInt},
                  {"ip.checksum", "Header Checksum", FieldType::UInt},
                  {"ip.checksum.status", "Header checksum status", FieldType::UInt},
                  {"ip.checksum_calculated", "Calculated Checksum", FieldType::UInt},
                  {"ip.src", "Source Address", FieldType::Ipv4},
                  {"ip.dst", "Destination Address", FieldType::Ipv4},
                  {"ip.addr", "Source or Destination Address", FieldType::Ipv4}});
  r.add_dissector("eth.type", 0x0800, dissect_ipv4);
  r.add_named("ip", dissect_ipv4);
}

}  // namespace wirelab::dissect
