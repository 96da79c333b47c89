// Display filters, a subset of Wireshark's language (wireshark-filter(4)):
//   protocol or field presence     icmp, ip.flags.df
//   comparisons                    == != > < >= <=  (and eq ne gt lt ge le)
//   contains                       for strings and byte fields: data.data contains "GET"
//   logic                          and or not && || !, parentheses (and binds tighter than or)
//   literals                       decimal and 0x hex integers, 10.0.0.1 and 10.0.0.0/24,
//                                  02:00:00:00:00:01, "strings", aa:bb:cc byte strings,
//                                  seconds for time fields (frame.time_relative > 1.5)
// Field names come from the registry, so unknown names are rejected at compile time with a
// reason and a column. Semantics as Wireshark's: a relation holds if any occurrence of the field
// satisfies it ("ip.addr == X"), except != which holds if all occurrences differ; a relation on
// an absent field is false.
#pragma once
#include <memory>
#include <string>

#include "engine/base/result.h"
#include "engine/dissect/dissector_registry.h"
#include "engine/dissect/packet_dissection.h"

namespace wirelab::dissect {

class DisplayFilter {
 public:
  struct Node;  // the compiled expression tree (display_filter.cpp)

  // Errors read like `"icmp.tpye" is not a valid protocol or field (column 1)`.
  static Result<DisplayFilter> compile(const std::string& text,
                                       const DissectorRegistry& registry = DissectorRegistry::builtin());

  bool matches(const PacketDissection& packet) const;
  const std::string& text() const { return text_; }
  bool empty() const { return root_ == nullptr; }  // "" matches every packet

 private:
  std::string text_;
  std::shared_ptr<const Node> root_;  // immutable once compiled; shared by copies
};

}  // namespace wirelab::dissect
