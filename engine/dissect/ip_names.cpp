#include "engine/dissect/ip_names.h"

namespace wirelab::dissect {

std::string ip_proto_name(std::uint8_t proto) {
  switch (proto) {
    case 1: return "ICMP";
    case 2: return "IGMP";
    case 4: return "IPIP";
    case 6: return "TCP";
    case 17: return "UDP";
    case 41: return "IPv6";
    case 47: return "GRE";
    case 50: return "ESP";
    case 51: return "AH";
    case 89: return "OSPFIGP";
    case 132: return "SCTP";
    default: return {};
  }
}

const char* to_string(ChecksumStatus s) {
  switch (s) {
    case ChecksumStatus::Bad: return "Bad";
    case ChecksumStatus::Good: return "Good";
    case ChecksumStatus::Unverified: return "Unverified";
    case ChecksumStatus::NotPresent: return "Not present";
  }
  return "?";
}

}  // namespace wirelab::dissect
