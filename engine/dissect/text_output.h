// Text renderings for the CLI and tests, after tshark: the packet list (`tshark -r`: No. Time
// Source → Destination Protocol Length Info) and the packet details (`tshark -V`: one line per
// node, 4 spaces of indentation per level, expert notes as "[Expert Info (...)]" children).
#pragma once
#include <string>
#include <vector>

#include "engine/dissect/packet_dissection.h"

namespace wirelab::dissect {

// One line, no newline: "    3 0.002000246     10.0.0.1 → 10.0.0.2     ICMP 98 Echo (ping) ...".
std::string format_packet_line(const PacketDissection& packet);
// One line per packet, each ending in '\n'.
std::string format_packet_list(const std::vector<const PacketDissection*>& packets);
// The field tree; hidden fields are left out. Ends in '\n'.
std::string format_tree(const PacketDissection& packet);

}  // namespace wirelab::dissect
