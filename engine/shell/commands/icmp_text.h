// How Linux tools name ICMP errors in their output (iputils ping, traceroute's !N/!H/!P marks).
#pragma once
#include <cstdint>
#include <string>

namespace wirelab::shell::commands {

// "Destination Net Unreachable", "Time to live exceeded", ... as iputils ping prints them.
std::string ping_icmp_error_text(std::uint8_t type, std::uint8_t code, std::uint16_t mtu);

}  // namespace wirelab::shell::commands
