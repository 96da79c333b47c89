#include "engine/dissect/proto_node.h"

namespace wirelab::dissect {

const char* to_string(Severity s) {
  switch (s) {
    case Severity::Chat: return "Chat";
    case Severity::Note: return "Note";
    case Severity::Warning: return "Warning";
    case Severity::Error: return "Error";
  }
  return "?";
}

const ProtoNode* ProtoNode::find(const std::string& filter_name) const {
  if (filter == filter_name) return this;
  for (const auto& c : children)
    if (const ProtoNode* n = c.find(filter_name)) return n;
  return nullptr;
}

ProtoNode make_field(std::string filter, std::string label, FieldValue v, std::size_t offset, std::size_t length) {
  ProtoNode n;
  n.filter = std::move(filter);
  n.label = std::move(label);
  n.value = std::move(v);
  n.offset = static_cast<std::uint32_t>(offset);
  n.length = static_cast<std::uint32_t>(length);
  return n;
}

ProtoNode make_text(std::string label, std::size_t offset, std::size_t length) {
  return make_field({}, std::move(label), FieldValue::none(), offset, length);
}

ProtoNode make_hidden(std::string filter, FieldValue v, std::size_t offset, std::size_t length) {
  ProtoNode n = make_field(std::move(filter), {}, std::move(v), offset, length);
  n.hidden = true;
  return n;
}

ProtoNode make_generated(std::string filter, std::string label, FieldValue v, std::size_t offset, std::size_t length) {
  ProtoNode n = make_field(std::move(filter), "[" + label + "]", std::move(v), offset, length);
  n.generated = true;
  return n;
}

}  // namespace wirelab::dissect
