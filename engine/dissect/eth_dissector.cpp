// Ethernet II (IEEE 802.3 with an EtherType): eth.dst, eth.src, eth.addr, eth.type, then the
// "eth.type" table; whatever the payload dissector leaves unused is eth.padding.
#include "engine/dissect/builtin_dissectors.h"
#include "engine/dissect/label_format.h"
#include "engine/dissect/packet_context.h"
#include "engine/wire/ethernet.h"

namespace wirelab::dissect {
namespace {

const char* ethertype_name(std::uint16_t t) {
  switch (t) {
    case 0x0800: return "IPv4";
    case 0x0806: return "ARP";
    case 0x86dd: return "IPv6";
    case 0x8100: return "802.1Q Virtual LAN";
    default: return nullptr;
  }
}

ProtoNode address_node(const char* abbrev, const char* title, const wire::MacAddress& m, std::size_t at) {
  std::string a = abbrev;
  ProtoNode n = make_field(a, std::string(title) + ": " + mac_label(m), FieldValue::mac(m), at, 6);
  n.add(make_field("eth.addr", "Address: " + mac_label(m), FieldValue::mac(m), at, 6));
  std::uint64_t first3 = std::uint64_t{m.octets[0]} << 16;
  bool lg = m.octets[0] & 2, ig = m.octets[0] & 1;
  n.add(make_field(a + ".lg",
                   bit_pattern(first3, 0x020000, 24) + " = LG bit: " +
                       (lg ? "Locally administered address (this is NOT the factory default)"
                           : "Globally unique address (factory default)"),
                   FieldValue::boolean(lg), at, 3));
  n.add(make_field(a + ".ig",
                   bit_pattern(first3, 0x010000, 24) + " = IG bit: " +
                       (ig ? "Group address (multicast/broadcast)" : "Individual address (unicast)"),
                   FieldValue::boolean(ig), at, 3));
  return n;
}

std::size_t dissect_eth(Tvb tvb, PacketContext& ctx, std::vector<ProtoNode>& level) {
  ctx.add_layer("eth");
  ctx.set_protocol("Ethernet");
  auto parsed = wire::EthernetFrame::parse(tvb.data);
  if (!parsed) {
    level.push_back(make_field("eth", "Ethernet II", FieldValue::protocol(), tvb.offset, tvb.size()));
    if (parsed.error().kind == ErrorKind::Unsupported) {  // 802.3 length field: not ours to decode
      ctx.expert(level.back(), Severity::Note, "Protocol", parsed.error().reason);
      ctx.call_data(tvb.sub(wire::EthernetFrame::kHeaderLen), level);
    } else {
      ctx.malformed(level, "Ethernet", tvb, parsed.error().reason);
    }
    return tvb.size();
  }
  const wire::EthernetFrame& e = *parsed;
  ctx.set_addresses(e.src.to_string(), mac_name(e.dst));
  ProtoNode n = make_field("eth", "Ethernet II, Src: " + mac_label(e.src) + ", Dst: " + mac_label(e.dst),
                           FieldValue::protocol(), tvb.offset, wire::EthernetFrame::kHeaderLen);
  n.add(address_node("eth.dst", "Destination", e.dst, tvb.at(0)));
  n.add(address_node("eth.src", "Source", e.src, tvb.at(6)));
  const char* tn = ethertype_name(e.ethertype);
  n.add(make_field("eth.type", std::string("Type: ") + (tn ? tn : "Unknown") + " (" + hex(e.ethertype, 4) + ")",
                   FieldValue::uint(e.ethertype), tvb.at(12), 2));
  level.push_back(std::move(n));
  std::size_t eth_index = level.size() - 1;

  Tvb payload = tvb.sub(wire::EthernetFrame::kHeaderLen);
  ctx.add_layer("ethertype");
  auto used = ctx.try_table("eth.type", e.ethertype, payload, level);
  if (!used) {
    ctx.set_protocol(hex(e.ethertype, 4));
    ctx.set_info("Ethernet II");
    used = ctx.call_data(payload, level);
  }
  if (!ctx.stopped() && *used < payload.size()) {
    Tvb pad = payload.sub(*used);
    level[eth_index].add(make_field("eth.padding", "Padding: " + to_hex(pad.data, 0),
                                    FieldValue::bytes_of(pad.data), pad.offset, pad.size()));
  }
  return tvb.size();
}

}  // namespace

void register_ethernet(DissectorRegistry& r) {
  r.add_protocol({"eth", "Ethernet", "Ethernet II"},
                 {{"eth.dst", "Destination", FieldType::Mac},
                  {"eth.src", "Source", FieldType::Mac},
                  {"eth.addr", "Address", FieldType::Mac},
                  {"eth.dst.lg", "LG bit", FieldType::Bool},
                  {"eth.dst.ig", "IG bit", FieldType::Bool},
                  {"eth.src.lg", "LG bit", FieldType::Bool},
                  {"eth.src.ig", "IG bit", FieldType::Bool},
                  {"eth.type", "Type", FieldType::UInt},
                  {"eth.padding", "Padding", FieldType::Bytes}});
  r.add_dissector("wtap_encap", 1, dissect_eth);
}

}  // namespace wirelab::dissect
