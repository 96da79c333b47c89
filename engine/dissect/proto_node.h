// One node of a packet's field tree, as in Wireshark's packet details pane: the text shown, the
// filter name (Wireshark's abbreviation: "ip.src"), a typed value for display filters, the bytes
// it covers in the frame (for highlighting), children, and an optional expert note.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/dissect/field_value.h"

namespace wirelab::dissect {

enum class Severity : std::uint8_t { Chat, Note, Warning, Error };
const char* to_string(Severity s);  // "Chat", "Note", "Warning", "Error"

// Wireshark's expert info: "[Expert Info (Error/Checksum): Bad checksum [should be 0x66a5]]".
struct ExpertInfo {
  Severity severity = Severity::Note;
  std::string group;    // "Checksum", "Malformed", "Protocol", "Sequence"
  std::string message;  // "Bad checksum [should be 0x66a5]"
};

struct ProtoNode {
  std::string label;   // "Source Address: 10.0.0.1"
  std::string filter;  // "ip.src"; empty for a text-only node
  FieldValue value;
  std::uint32_t offset = 0;  // within the frame
  std::uint32_t length = 0;
  bool hidden = false;     // filterable but not shown (ip.addr, eth.addr, udp.port)
  bool generated = false;  // derived by the dissector, shown in [brackets]
  std::optional<ExpertInfo> expert;
  std::vector<ProtoNode> children;

  ProtoNode& add(ProtoNode child) {
    children.push_back(std::move(child));
    return children.back();
  }
  // Depth-first search over this node and its descendants.
  const ProtoNode* find(const std::string& filter_name) const;
};

// Builders that keep dissectors short.
ProtoNode make_field(std::string filter, std::string label, FieldValue v, std::size_t offset, std::size_t length);
ProtoNode make_text(std::string label, std::size_t offset, std::size_t length);
ProtoNode make_hidden(std::string filter, FieldValue v, std::size_t offset, std::size_t length);
ProtoNode make_generated(std::string filter, std::string label, FieldValue v, std::size_t offset, std::size_t length);

}  // namespace wirelab::dissect
