#include "engine/dissect/text_output.h"

#include <cstdio>

namespace wirelab::dissect {
namespace {

std::string pad_left(const std::string& s, std::size_t w) { return s.size() >= w ? s : std::string(w - s.size(), ' ') + s; }
std::string pad_right(const std::string& s, std::size_t w) { return s.size() >= w ? s : s + std::string(w - s.size(), ' '); }

void tree_lines(const ProtoNode& n, int depth, std::string& out) {
  if (n.hidden) return;
  std::string indent(static_cast<std::size_t>(depth) * 4, ' ');
  out += indent + n.label + '\n';
  if (n.expert) {
    const ExpertInfo& e = *n.expert;
    std::string in1 = indent + "    ", in2 = in1 + "    ";
    out += in1 + "[Expert Info (" + to_string(e.severity) + "/" + e.group + "): " + e.message + "]\n";
    out += in2 + "[" + e.message + "]\n";
    out += in2 + "[Severity level: " + to_string(e.severity) + "]\n";
    out += in2 + "[Group: " + e.group + "]\n";
  }
  for (const auto& c : n.children) tree_lines(c, depth + 1, out);
}

}  // namespace

std::string format_packet_line(const PacketDissection& p) {
  const PacketSummary& s = p.summary;
  char num[16];
  std::snprintf(num, sizeof num, "%5u", s.number);
  return std::string(num) + " " + FieldValue::rel_time(s.time).to_display() + " " + pad_left(s.source, 12) +
         " \xe2\x86\x92 " + pad_right(s.destination, 12) + " " + s.protocol + " " + std::to_string(s.length) + " " +
         s.info;
}

std::string format_packet_list(const std::vector<const PacketDissection*>& packets) {
  std::string out;
  for (const PacketDissection* p : packets)
    if (p) out += format_packet_line(*p) + '\n';
  return out;
}

std::string format_tree(const PacketDissection& packet) {
  std::string out;
  for (const auto& n : packet.tree) tree_lines(n, 0, out);
  return out;
}

}  // namespace wirelab::dissect
