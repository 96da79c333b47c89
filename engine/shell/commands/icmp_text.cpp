#include "engine/shell/commands/icmp_text.h"

namespace wirelab::shell::commands {

std::string ping_icmp_error_text(std::uint8_t type, std::uint8_t code, std::uint16_t mtu) {
  if (type == 3) {
    switch (code) {
      case 0: return "Destination Net Unreachable";
      case 1: return "Destination Host Unreachable";
      case 2: return "Destination Protocol Unreachable";
      case 3: return "Destination Port Unreachable";
      case 4: return "Frag needed and DF set (mtu = " + std::to_string(mtu) + ")";
      case 5: return "Source Route Failed";
      case 6: return "Destination Net Unknown";
      case 7: return "Destination Host Unknown";
      case 9: return "Destination Net Prohibited";
      case 10: return "Destination Host Prohibited";
      case 13: return "Packet filtered";
      default: return "Dest Unreachable, Bad Code: " + std::to_string(code);
    }
  }
  if (type == 11) return code == 0 ? "Time to live exceeded" : "Frag reassembly time exceeded";
  if (type == 12) return "Parameter problem";
  if (type == 5) return "Redirect";
  return "Bad ICMP type: " + std::to_string(type);
}

}  // namespace wirelab::shell::commands
