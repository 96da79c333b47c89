// Names shared by the IP-layer dissectors: IP protocol numbers (ip.proto) and the checksum
// status values Wireshark uses for *.checksum.status fields.
#pragma once
#include <cstdint>
#include <string>

namespace wirelab::dissect {

// "ICMP", "TCP", "UDP"...; empty for an unknown number.
std::string ip_proto_name(std::uint8_t proto);

// Wireshark's proto_checksum_enum_e.
enum class ChecksumStatus : std::uint8_t { Bad = 0, Good = 1, Unverified = 2, NotPresent = 3 };
const char* to_string(ChecksumStatus s);  // "Bad", "Good", "Unverified", "Not present"

}  // namespace wirelab::dissect
