// ICMP for IPv4 (RFC 792; RFC 1191 next-hop MTU): type/code with Wireshark's names and Info
// lines, the checksum verified, echo identifier/sequence, and for error messages the quoted
// IP header + 8 bytes dissected as a nested IPv4 subtree (columns untouched, as Wireshark does).
#include "engine/dissect/builtin_dissectors.h"
#include "engine/dissect/ip_names.h"
#include "engine/dissect/label_format.h"
#include "engine/dissect/packet_context.h"
#include "engine/wire/checksum.h"
#include "engine/wire/icmp.h"

namespace wirelab::dissect {
namespace {

std::string type_name(std::uint8_t t) {
  switch (t) {
    case 0: return "Echo (ping) reply";
    case 3: return "Destination unreachable";
    case 4: return "Source quench (flow control)";
    case 5: return "Redirect";
    case 8: return "Echo (ping) request";
    case 9: return "Router advertisement";
    case 10: return "Router solicitation";
    case 11: return "Time-to-live exceeded";
    case 12: return "Parameter problem";
    case 13: return "Timestamp request";
    case 14: return "Timestamp reply";
    default: return {};
  }
}

std::string code_name(std::uint8_t t, std::uint8_t c) {
  static const char* const kUnreach[] = {
      "Network unreachable", "Host unreachable", "Protocol unreachable", "Port unreachable",
      "Fragmentation needed", "Source route failed", "Destination network unknown",
      "Destination host unknown", "Source host isolated", "Network administratively prohibited",
      "Host administratively prohibited", "Network unreachable for TOS", "Host unreachable for TOS",
      "Communication administratively filtered", "Host precedence violation", "Precedence cutoff in effect"};
  static const char* const kRedirect[] = {"Redirect for network", "Redirect for host",
                                          "Redirect for TOS and network", "Redirect for TOS and host"};
  static const char* const kTime[] = {"Time to live exceeded in transit", "Fragment reassembly time exceeded"};
  static const char* const kParam[] = {"Pointer indicates the error", "Required option missing", "Bad length"};
  if (t == 3 && c < 16) return kUnreach[c];
  if (t == 5 && c < 4) return kRedirect[c];
  if (t == 11 && c < 2) return kTime[c];
  if (t == 12 && c < 3) return kParam[c];
  return {};
}

bool has_codes(std::uint8_t t) { return t == 3 || t == 5 || t == 11 || t == 12; }

std::string swap16_label(std::uint16_t v) {
  std::uint16_t le = static_cast<std::uint16_t>((v >> 8) | (v << 8));
  return std::to_string(le) + " (" + hex(le, 4) + ")";
}

// The quoted packet of an error message: dissected with the columns frozen and the outer IP
// scratch saved, so "Destination unreachable" keeps the outer addresses and Info.
void dissect_quote(Tvb quote, PacketContext& ctx, std::vector<ProtoNode>& level) {
  auto saved_ip = ctx.ip;
  bool saved_quote = ctx.in_error_quote;
  bool was = ctx.set_columns_writable(false);
  ctx.in_error_quote = true;
  ctx.call_named("ip", quote, level);
  ctx.in_error_quote = saved_quote;
  ctx.set_columns_writable(was);
  ctx.ip = saved_ip;
}

std::size_t dissect_icmp(Tvb tvb, PacketContext& ctx, std::vector<ProtoNode>& level) {
  ctx.add_layer("icmp");
  ctx.set_protocol("ICMP");
  auto parsed = wire::IcmpMessage::parse(tvb.data, /*verify_checksum=*/false);
  if (!parsed) {
    level.push_back(make_field("icmp", "Internet Control Message Protocol", FieldValue::protocol(), tvb.offset, tvb.size()));
    ctx.malformed(level, "ICMP", tvb, parsed.error().reason);
    return tvb.size();
  }
  const wire::IcmpMessage& m = *parsed;
  ProtoNode n = make_field("icmp", "Internet Control Message Protocol", FieldValue::protocol(), tvb.offset, tvb.size());
  std::string tname = type_name(m.type), cname = code_name(m.type, m.code);
  n.add(make_field("icmp.type", "Type: " + std::to_string(m.type) + (tname.empty() ? "" : " (" + tname + ")"),
                   FieldValue::uint(m.type), tvb.at(0), 1));
  n.add(make_field("icmp.code", "Code: " + std::to_string(m.code) + (cname.empty() ? "" : " (" + cname + ")"),
                   FieldValue::uint(m.code), tvb.at(1), 1));

  // Checksum over the whole message; a quoted message is cut to 8 bytes, so it cannot be checked.
  ChecksumStatus status = ChecksumStatus::Unverified;
  std::string ck_label = "Checksum: " + hex(m.checksum, 4);
  std::uint16_t should = 0;
  if (ctx.in_error_quote) {
    ck_label += " [unverified] [in ICMP error packet]";
  } else {
    Bytes copy(tvb.data.begin(), tvb.data.end());
    write_u16(copy, 2, 0);
    should = wire::internet_checksum(copy);
    status = should == m.checksum ? ChecksumStatus::Good : ChecksumStatus::Bad;
    ck_label += status == ChecksumStatus::Good ? " [correct]" : " incorrect, should be " + hex(should, 4);
  }
  ProtoNode& ck = n.add(make_field("icmp.checksum", ck_label, FieldValue::uint(m.checksum), tvb.at(2), 2));
  if (status == ChecksumStatus::Bad)
    ctx.expert(ck, Severity::Warning, "Checksum", "Bad checksum [should be " + hex(should, 4) + "]");
  n.add(make_generated("icmp.checksum_status", std::string("Checksum Status: ") + to_string(status),
                       FieldValue::uint(static_cast<unsigned>(status)), tvb.at(2), 0));

  bool echo = m.type == 0 || m.type == 8 || m.type == 13 || m.type == 14;
  Tvb rest = tvb.sub(wire::IcmpMessage::kHeaderLen);
  if (echo) {
    n.add(make_field("icmp.ident", "Identifier (BE): " + std::to_string(m.echo_id()) + " (" + hex(m.echo_id(), 4) + ")",
                     FieldValue::uint(m.echo_id()), tvb.at(4), 2));
    n.add(make_field("icmp.ident_le", "Identifier (LE): " + swap16_label(m.echo_id()),
                     FieldValue::uint(static_cast<std::uint16_t>((m.echo_id() >> 8) | (m.echo_id() << 8))), tvb.at(4), 2));
    n.add(make_field("icmp.seq", "Sequence Number (BE): " + std::to_string(m.echo_seq()) + " (" + hex(m.echo_seq(), 4) + ")",
                     FieldValue::uint(m.echo_seq()), tvb.at(6), 2));
    std::uint16_t seq_le = static_cast<std::uint16_t>((m.echo_seq() >> 8) | (m.echo_seq() << 8));
    n.add(make_field("icmp.seq_le", "Sequence Number (LE): " + swap16_label(m.echo_seq()), FieldValue::uint(seq_le),
                     tvb.at(6), 2));
    if (m.type == 0 || m.type == 8) {
      ctx.set_info(std::string(m.type == 8 ? "Echo (ping) request  " : "Echo (ping) reply    ") + "id=" +
                   hex(m.echo_id(), 4) + ", seq=" + std::to_string(m.echo_seq()) + "/" + std::to_string(seq_le) +
                   ", ttl=" + std::to_string(ctx.ip.ttl));
    } else {
      ctx.set_info(tname + "  id=" + hex(m.echo_id(), 4) + ", seq=" + std::to_string(m.echo_seq()));
    }
    ctx.call_data(rest, n.children);
  } else if (m.is_error()) {
    if (m.type == 3 && m.code == 4) {
      n.add(make_field("icmp.unused", "Unused: " + to_hex(tvb.data.subspan(4, 2), 0), FieldValue::bytes_of(tvb.data.subspan(4, 2)),
                       tvb.at(4), 2));
      n.add(make_field("icmp.mtu", "MTU of next hop: " + std::to_string(m.next_hop_mtu()),
                       FieldValue::uint(m.next_hop_mtu()), tvb.at(6), 2));
    } else if (m.type == 5) {
      wire::Ipv4Address gw{m.rest};
      n.add(make_field("icmp.redir_gw", "Gateway Address: " + gw.to_string(), FieldValue::ipv4(gw), tvb.at(4), 4));
    } else if (m.type == 12) {
      n.add(make_field("icmp.pointer", "Pointer: " + std::to_string(m.rest >> 24), FieldValue::uint(m.rest >> 24),
                       tvb.at(4), 1));
    } else {
      n.add(make_field("icmp.unused", "Unused: " + to_hex(tvb.data.subspan(4, 4), 0), FieldValue::bytes_of(tvb.data.subspan(4, 4)),
                       tvb.at(4), 4));
    }
    ctx.set_info(tname + " (" + (cname.empty() ? "Unknown code" : cname) + ")");
    if (rest.size() > 0) dissect_quote(rest, ctx, n.children);
  } else {
    ctx.set_info(tname.empty() ? "Unknown ICMP (obsolete or malformed?)"
                               : (has_codes(m.type) && !cname.empty() ? tname + " (" + cname + ")" : tname));
    ctx.call_data(rest, n.children);
  }
  level.push_back(std::move(n));
  return tvb.size();
}

}  // namespace

void register_icmp(DissectorRegistry& r) {
  r.add_protocol({"icmp", "ICMP", "Internet Control Message Protocol"},
                 {{"icmp.type", "Type", FieldType::UInt},
                  {"icmp.code", "Code", FieldType::UInt},
                  {"icmp.checksum", "Checksum", FieldType::UInt},
                  {"icmp.checksum_status", "Checksum Status", FieldType::UInt},
                  {"icmp.ident", "Identifier (BE)", FieldType::UInt},
                  {"icmp.ident_le", "Identifier (LE)", FieldType::UInt},
                  {"icmp.seq", "Sequence Number (BE)", FieldType::UInt},
                  {"icmp.seq_le", "Sequence Number (LE)", FieldType::UInt},
                  {"icmp.unused", "Unused", FieldType::Bytes},
                  {"icmp.mtu", "MTU of next hop", FieldType::UInt},
                  {"icmp.redir_gw", "Gateway Address", FieldType::Ipv4},
                  {"icmp.pointer", "Pointer", FieldType::UInt},
                  {"icmp.resp_to", "Response To", FieldType::UInt}});
  r.add_dissector("ip.proto", 1, dissect_icmp);
}

}  // namespace wirelab::dissect
