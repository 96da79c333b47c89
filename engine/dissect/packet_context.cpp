#include "engine/dissect/packet_context.h"

namespace wirelab::dissect {

void PacketContext::set_addresses(std::string src, std::string dst) {
  if (!columns_) return;
  out_.summary.source = std::move(src);
  out_.summary.destination = std::move(dst);
}

void PacketContext::add_layer(std::string_view abbrev) {
  if (!out_.protocols.empty()) out_.protocols += ':';
  out_.protocols += abbrev;
}

std::optional<std::size_t> PacketContext::try_table(std::string_view table, std::uint32_t key, Tvb tvb,
                                                    std::vector<ProtoNode>& level) {
  DissectFn fn = registry_.find(table, key);
  if (!fn) return std::nullopt;
  if (stopped_ || depth_ >= kMaxDepth) return std::size_t{0};
  ++depth_;
  std::size_t used = fn(tvb, *this, level);
  --depth_;
  return used;
}

std::size_t PacketContext::call_named(std::string_view name, Tvb tvb, std::vector<ProtoNode>& level) {
  DissectFn fn = registry_.find_named(name);
  if (!fn || stopped_ || depth_ >= kMaxDepth) return 0;
  ++depth_;
  std::size_t used = fn(tvb, *this, level);
  --depth_;
  return used;
}

void PacketContext::malformed(std::vector<ProtoNode>& level, const std::string& proto_short, Tvb where,
                              const std::string& reason) {
  ProtoNode n = make_field("_ws.malformed", "[Malformed Packet: " + proto_short + "]", FieldValue::protocol(),
                           where.offset, where.size());
  expert(n, Severity::Error, "Malformed", "Malformed Packet (" + reason + ")");
  level.push_back(std::move(n));
  out_.malformed = true;
  if (columns_ && !stopped_) out_.summary.info += "[Malformed Packet]";  // sic: Wireshark appends with no space
  stopped_ = true;
}

void PacketContext::expert(ProtoNode& node, Severity severity, std::string group, std::string message) {
  node.expert = ExpertInfo{severity, std::move(group), std::move(message)};
  out_.has_expert = true;
}

}  // namespace wirelab::dissect
