// "data": bytes no dissector claims, shown as "Data (N bytes)" with data.data and data.len.
#include "engine/dissect/builtin_dissectors.h"
#include "engine/dissect/label_format.h"
#include "engine/dissect/packet_context.h"

namespace wirelab::dissect {
namespace {

std::size_t dissect_data(Tvb tvb, PacketContext& ctx, std::vector<ProtoNode>& level) {
  if (tvb.size() == 0) return 0;
  ctx.add_layer("data");
  ProtoNode n = make_field("data", "Data (" + std::to_string(tvb.size()) + " bytes)", FieldValue::protocol(),
                           tvb.offset, tvb.size());
  n.add(make_field("data.data", "Data: " + hex_preview(tvb.data), FieldValue::bytes_of(tvb.data), tvb.offset,
                   tvb.size()));
  n.add(make_generated("data.len", "Length: " + std::to_string(tvb.size()), FieldValue::uint(tvb.size()),
                       tvb.offset, tvb.size()));
  level.push_back(std::move(n));
  return tvb.size();
}

}  // namespace

void register_data(DissectorRegistry& r) {
  r.add_protocol({"data", "Data", "Data"},
                 {{"data.data", "Data", FieldType::Bytes}, {"data.len", "Length", FieldType::UInt}});
  r.add_named("data", dissect_data);
}

}  // namespace wirelab::dissect
