// UDP (RFC 768): ports, length, the pseudo-header checksum verified (zero = none), the payload,
// then the "udp.port" table (lower port first, as Wireshark tries) or "data".
#include <algorithm>

#include "engine/dissect/builtin_dissectors.h"
#include "engine/dissect/ip_names.h"
#include "engine/dissect/label_format.h"
#include "engine/dissect/packet_context.h"
#include "engine/wire/udp.h"

namespace wirelab::dissect {
namespace {

std::size_t dissect_udp(Tvb tvb, PacketContext& ctx, std::vector<ProtoNode>& level) {
  ctx.add_layer("udp");
  ctx.set_protocol("UDP");
  auto parsed = wire::UdpDatagram::parse(tvb.data, ctx.ip.src, ctx.ip.dst, /*verify=*/false);
  bool truncated = false;
  Bytes patched;  // a quoted datagram is cut to 8 bytes: make its length fit what we have
  if (!parsed && parsed.error().kind == ErrorKind::Truncated && ctx.in_error_quote &&
      tvb.size() >= wire::UdpDatagram::kHeaderLen) {
    patched.assign(tvb.data.begin(), tvb.data.end());
    write_u16(patched, 4, static_cast<std::uint16_t>(std::min<std::size_t>(patched.size(), 0xffff)));
    auto again = wire::UdpDatagram::parse(patched, ctx.ip.src, ctx.ip.dst, false);
    if (again) {
      parsed = std::move(again);
      truncated = true;
    }
  }
  if (!parsed) {
    level.push_back(make_field("udp", "User Datagram Protocol", FieldValue::protocol(), tvb.offset, tvb.size()));
    ctx.expert(level.back(), Severity::Error, "Malformed", parsed.error().reason);
    ctx.malformed(level, "UDP", tvb, parsed.error().reason);
    return tvb.size();
  }
  const wire::UdpDatagram& u = *parsed;
  std::uint16_t length = read_u16(tvb.data, 4);
  std::string sp = std::to_string(u.src_port), dp = std::to_string(u.dst_port);
  ProtoNode n = make_field("udp", "User Datagram Protocol, Src Port: " + sp + ", Dst Port: " + dp,
                           FieldValue::protocol(), tvb.offset, wire::UdpDatagram::kHeaderLen);
  n.add(make_field("udp.srcport", "Source Port: " + sp, FieldValue::uint(u.src_port), tvb.at(0), 2));
  n.add(make_field("udp.dstport", "Destination Port: " + dp, FieldValue::uint(u.dst_port), tvb.at(2), 2));
  n.add(make_hidden("udp.port", FieldValue::uint(u.src_port), tvb.at(0), 2));
  n.add(make_hidden("udp.port", FieldValue::uint(u.dst_port), tvb.at(2), 2));
  n.add(make_field("udp.length", "Length: " + std::to_string(length), FieldValue::uint(length), tvb.at(4), 2));

  ChecksumStatus status = ChecksumStatus::Unverified;
  std::string ck_label = "Checksum: " + hex(u.checksum, 4);
  std::uint16_t should = 0;
  if (u.checksum == 0) {
    status = ChecksumStatus::NotPresent;
    ck_label += " [zero-value ignored]";
  } else if (truncated || !ctx.ip.present) {
    ck_label += " [unverified]";
  } else {
    ByteView d = tvb.data.first(length);
    Bytes copy(d.begin(), d.end());
    write_u16(copy, 6, 0);
    should = wire::UdpDatagram::compute_checksum(copy, ctx.ip.src, ctx.ip.dst);
    if (should == 0) should = 0xffff;
    status = should == u.checksum ? ChecksumStatus::Good : ChecksumStatus::Bad;
    ck_label += status == ChecksumStatus::Good ? " [correct]" : " incorrect, should be " + hex(should, 4);
  }
  ProtoNode& ck = n.add(make_field("udp.checksum", ck_label, FieldValue::uint(u.checksum), tvb.at(6), 2));
  if (status == ChecksumStatus::Bad)
    ctx.expert(ck, Severity::Error, "Checksum", "Bad checksum [should be " + hex(should, 4) + "]");
  n.add(make_generated("udp.checksum.status", std::string("Checksum Status: ") + to_string(status),
                       FieldValue::uint(static_cast<unsigned>(status)), tvb.at(6), 0));
  Tvb payload = tvb.sub(wire::UdpDatagram::kHeaderLen, u.payload.size());
  if (payload.size() > 0 && !truncated)
    n.add(make_field("udp.payload", "UDP payload (" + std::to_string(payload.size()) + " bytes)",
                     FieldValue::bytes_of(payload.data), payload.offset, payload.size()));
  level.push_back(std::move(n));

  ctx.set_info(sp + " \xe2\x86\x92 " + dp + " Len=" + std::to_string(length >= 8 ? length - 8 : 0));
  std::size_t used = std::min<std::size_t>(length, tvb.size());
  if (truncated || payload.size() == 0) return used;  // a quoted header carries no payload to decode
  ctx.ports = {u.src_port, u.dst_port};
  std::uint16_t lo = std::min(u.src_port, u.dst_port), hi = std::max(u.src_port, u.dst_port);
  if (!ctx.try_table("udp.port", lo, payload, level) && !ctx.try_table("udp.port", hi, payload, level))
    ctx.call_data(payload, level);
  return used;
}

}  // namespace

void register_udp(DissectorRegistry& r) {
  r.add_protocol({"udp", "UDP", "User Datagram Protocol"},
                 {{"udp.srcport", "Source Port", FieldType::UInt},
                  {"udp.dstport", "Destination Port", FieldType::UInt},
                  {"udp.port", "Source or Destination Port", FieldType::UInt},
                  {"udp.length", "Length", FieldType::UInt},
                  {"udp.checksum", "Checksum", FieldType::UInt},
                  {"udp.checksum.status", "Checksum Status", FieldType::UInt},
                  {"udp.payload", "Payload", FieldType::Bytes}});
  r.add_dissector("ip.proto", 17, dissect_udp);
}

}  // namespace wirelab::dissect
