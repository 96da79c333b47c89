#include "engine/dissect/packet_dissection.h"

namespace wirelab::dissect {
namespace {

void collect(const ProtoNode& n, const std::string& name, std::vector<const ProtoNode*>& out) {
  if (n.filter == name) out.push_back(&n);
  for (const auto& c : n.children) collect(c, name, out);
}

}  // namespace

const ProtoNode* PacketDissection::find(const std::string& filter_name) const {
  for (const auto& n : tree)
    if (const ProtoNode* f = n.find(filter_name)) return f;
  return nullptr;
}

std::vector<const ProtoNode*> PacketDissection::find_all(const std::string& filter_name) const {
  std::vector<const ProtoNode*> out;
  for (const auto& n : tree) collect(n, filter_name, out);
  return out;
}

}  // namespace wirelab::dissect
