// Turns a host argument into an IPv4 address for commands. Dotted quads now; names resolve
// through the host's resolver once DNS lands (then every command gains names at once).
#pragma once
#include <optional>
#include <string>

#include "engine/wire/ipv4_address.h"

namespace wirelab::devices { class Host; }

namespace wirelab::shell {

std::optional<wire::Ipv4Address> resolve_host(devices::Host& host, const std::string& name);

}  // namespace wirelab::shell
