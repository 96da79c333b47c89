// ARP (RFC 826) for IPv4 over Ethernet: arp.opcode, sender/target MAC and IP, the
// gratuitous-ARP flag, and Wireshark's Info lines ("Who has 10.0.0.2? Tell 10.0.0.1").
#include "engine/dissect/builtin_dissectors.h"
#include "engine/dissect/label_format.h"
#include "engine/dissect/packet_context.h"
#include "engine/wire/arp.h"

namespace wirelab::dissect {
namespace {

std::string opcode_name(std::uint16_t op) {
  switch (op) {
    case 1: return "request";
    case 2: return "reply";
    case 3: return "reverse request";
    case 4: return "reverse reply";
    default: return "Unknown";
  }
}

std::size_t dissect_arp(Tvb tvb, PacketContext& ctx, std::vector<ProtoNode>& level) {
  ctx.add_layer("arp");
  ctx.set_protocol("ARP");
  auto parsed = wire::ArpPacket::parse(tvb.data);
  if (!parsed) {
    level.push_back(make_field("arp", "Address Resolution Protocol", FieldValue::protocol(), tvb.offset, tvb.size()));
    if (parsed.error().kind == ErrorKind::Unsupported) {
      ctx.expert(level.back(), Severity::Note, "Protocol", parsed.error().reason);
      ctx.set_info("ARP for an unsupported hardware/protocol type");
      return tvb.size();
    }
    ctx.malformed(level, "ARP", tvb, parsed.error().reason);
    return tvb.size();
  }
  const wire::ArpPacket& a = *parsed;
  bool gratuitous = a.sender_ip == a.target_ip;
  std::string op = opcode_name(a.operation);
  ProtoNode n = make_field("arp",
                           "Address Resolution Protocol (" + op + (gratuitous ? "/gratuitous ARP" : "") + ")",
                           FieldValue::protocol(), tvb.offset, wire::ArpPacket::kLen);
  n.add(make_field("arp.hw.type", "Hardware type: Ethernet (1)", FieldValue::uint(1), tvb.at(0), 2));
  n.add(make_field("arp.proto.type", "Protocol type: IPv4 (0x0800)", FieldValue::uint(0x0800), tvb.at(2), 2));
  n.add(make_field("arp.hw.size", "Hardware size: 6", FieldValue::uint(6), tvb.at(4), 1));
  n.add(make_field("arp.proto.size", "Protocol size: 4", FieldValue::uint(4), tvb.at(5), 1));
  if (gratuitous)
    n.add(make_generated("arp.isgratuitous", "Is gratuitous: True", FieldValue::boolean(true), tvb.at(0), 0));
  n.add(make_field("arp.opcode", "Opcode: " + op + " (" + std::to_string(a.operation) + ")",
                   FieldValue::uint(a.operation), tvb.at(6), 2));
  n.add(make_field("arp.src.hw_mac", "Sender MAC address: " + mac_label(a.sender_mac), FieldValue::mac(a.sender_mac),
                   tvb.at(8), 6));
  n.add(make_field("arp.src.proto_ipv4", "Sender IP address: " + a.sender_ip.to_string(),
                   FieldValue::ipv4(a.sender_ip), tvb.at(14), 4));
  n.add(make_field("arp.dst.hw_mac", "Target MAC address: " + mac_label(a.target_mac), FieldValue::mac(a.target_mac),
                   tvb.at(18), 6));
  n.add(make_field("arp.dst.proto_ipv4", "Target IP address: " + a.target_ip.to_string(),
                   FieldValue::ipv4(a.target_ip), tvb.at(24), 4));
  level.push_back(std::move(n));

  if (gratuitous && (a.operation == 1 || a.operation == 2))
    ctx.set_info("Gratuitous ARP for " + a.sender_ip.to_string() + (a.operation == 1 ? " (Request)" : " (Reply)"));
  else if (a.operation == 1)
    ctx.set_info("Who has " + a.target_ip.to_string() + "? Tell " + a.sender_ip.to_string());
  else if (a.operation == 2)
    ctx.set_info(a.sender_ip.to_string() + " is at " + a.sender_mac.to_string());
  else
    ctx.set_info("Unknown ARP opcode 0x" + hex(a.operation, 4).substr(2));
  return wire::ArpPacket::kLen;
}

}  // namespace

void register_arp(DissectorRegistry& r) {
  r.add_protocol({"arp", "ARP", "Address Resolution Protocol"},
                 {{"arp.hw.type", "Hardware type", FieldType::UInt},
                  {"arp.proto.type", "Protocol type", FieldType::UInt},
                  {"arp.hw.size", "Hardware size", FieldType::UInt},
                  {"arp.proto.size", "Protocol size", FieldType::UInt},
                  {"arp.opcode", "Opcode", FieldType::UInt},
                  {"arp.isgratuitous", "Is gratuitous", FieldType::Bool},
                  {"arp.src.hw_mac", "Sender MAC address", FieldType::Mac},
                  {"arp.src.proto_ipv4", "Sender IP address", FieldType::Ipv4},
                  {"arp.dst.hw_mac", "Target MAC address", FieldType::Mac},
                  {"arp.dst.proto_ipv4", "Target IP address", FieldType::Ipv4}});
  r.add_dissector("eth.type", 0x0806, dissect_arp);
}

}  // namespace wirelab::dissect
