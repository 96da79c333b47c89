// Well-known port names as /etc/services (Debian netbase) lists them, for commands that print
// or accept service names (nc -v, netstat, telnet HOST smtp).
#pragma once
#include <cstdint>
#include <optional>
#include <string>

namespace wirelab::shell::commands {

// "echo" for 7, "domain" for 53, nullptr when the port has no name for that protocol.
const char* service_name(std::uint16_t port, bool udp);
// A decimal port or a service name; nullopt for junk.
std::optional<std::uint16_t> service_port(const std::string& name, bool udp);

}  // namespace wirelab::shell::commands
