#include "engine/shell/resolve.h"

namespace wirelab::shell {

std::optional<wire::Ipv4Address> resolve_host(devices::Host&, const std::string& name) {
  return wire::Ipv4Address::parse(name);
}

}  // namespace wirelab::shell
