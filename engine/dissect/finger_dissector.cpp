// Finger (RFC 1288, TCP port 79) as Wireshark shows it: the query line ("Query: alice\r\n") and
// the response, which runs until the server closes: it is registered in "tcp.port.fin", so TCP
// hands the server's whole direction over at its FIN (and marks the segments before it as
// "[TCP segment of a reassembled PDU]"). Not yet: a query split over several segments, and
// finger.response_to / response_time matching.
#include "engine/dissect/builtin_dissectors.h"
#include "engine/dissect/label_format.h"
#include "engine/dissect/packet_context.h"
#include "engine/dissect/tcp_analysis.h"

namespace wirelab::dissect {
namespace {

constexpr std::uint16_t kPort = 79;

std::size_t dissect_finger(Tvb tvb, PacketContext& ctx, std::vector<ProtoNode>& level) {
  bool query = ctx.ports.dst == kPort;
  if (ctx.tcp.partial) {  // first segment of the response: columns only
    ctx.set_info("Response");
    return 0;
  }
  ctx.add_layer("finger");
  ctx.set_protocol("FINGER");
  ctx.set_info(query ? "Query" : "Response");
  ProtoNode n = make_field("finger", query ? "FINGER: Query" : "FINGER: Response", FieldValue::protocol(), tvb.offset,
                           tvb.size());
  std::string text(tvb.data.begin(), tvb.data.end());
  n.add(make_field(query ? "finger.query" : "finger.response",
                   std::string(query ? "Query: " : "Response: ") + format_text_escaped(tvb.data),
                   FieldValue::string(text), tvb.offset, tvb.size()));
  level.push_back(std::move(n));
  return tvb.size();
}

}  // namespace

void register_finger(DissectorRegistry& r) {
  r.add_protocol({"finger", "FINGER", "finger"}, {{"finger.query", "Query", FieldType::String},
                                                  {"finger.response", "Response", FieldType::String}});
  r.add_dissector("tcp.port.fin", kPort, dissect_finger);
}

}  // namespace wirelab::dissect
