// The dissector registry, after Wireshark's: each protocol declares its filter fields and
// registers its dissector in dissector tables keyed by a number ("eth.type" 0x0806 -> ARP,
// "ip.proto" 1 -> ICMP, "udp.port" 53 -> DNS, "tcp.port" 80 -> HTTP) or by name ("frame",
// "data"). A new protocol adds one file with a register function and one line in
// builtin_dissectors.cpp; no central switch. The built-in registry is built once per process
// (function-local static const) and never changes afterwards.
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "engine/dissect/field_value.h"
#include "engine/dissect/proto_node.h"
#include "engine/dissect/tvb.h"

namespace wirelab::dissect {

class PacketContext;

// Dissects `tvb`, appending nodes to `level` (the tree level it was called at). Returns how
// many bytes it consumed (the rest is, e.g., Ethernet padding). Never fails: odd bytes become
// a malformed node (PacketContext::malformed).
using DissectFn = std::size_t (*)(Tvb tvb, PacketContext& ctx, std::vector<ProtoNode>& level);

struct FieldInfo {
  std::string abbrev;  // "ip.src"
  std::string name;    // "Source Address"
  FieldType type = FieldType::None;
};

struct ProtocolInfo {
  std::string abbrev;      // "ip": the display filter name and the frame.protocols entry
  std::string short_name;  // "IPv4": the Protocol column
  std::string name;        // "Internet Protocol Version 4"
};

class DissectorRegistry {
 public:
  // The registry with every built-in protocol (see builtin_dissectors.cpp).
  static const DissectorRegistry& builtin();

  // Declares a protocol (its abbrev becomes a Protocol-typed field) and its fields.
  void add_protocol(ProtocolInfo proto, std::vector<FieldInfo> fields);
  void add_field(FieldInfo field);
  // dissector_add_uint: `table` is a field name ("eth.type", "ip.proto", "udp.port", "tcp.port").
  void add_dissector(const std::string& table, std::uint32_t key, DissectFn fn);
  // register_dissector: by name ("frame" is the entry point, "data" the fallback).
  void add_named(const std::string& name, DissectFn fn);

  DissectFn find(std::string_view table, std::uint32_t key) const;  // null if none
  DissectFn find_named(std::string_view name) const;                // null if none
  const FieldInfo* field(std::string_view abbrev) const;            // null if unknown
  const ProtocolInfo* protocol(std::string_view abbrev) const;      // null if unknown
  const std::map<std::string, FieldInfo, std::less<>>& fields() const { return fields_; }

 private:
  std::map<std::string, std::map<std::uint32_t, DissectFn>, std::less<>> tables_;
  std::map<std::string, DissectFn, std::less<>> named_;
  std::map<std::string, FieldInfo, std::less<>> fields_;
  std::map<std::string, ProtocolInfo, std::less<>> protocols_;
};

}  // namespace wirelab::dissect
