#include "engine/shell/commands/builtin_commands.h"

namespace wirelab::shell {

const CommandRegistry& CommandRegistry::builtin() {
  static const CommandRegistry registry = [] {
    CommandRegistry r;
    for (auto make : {commands::ping_command, commands::traceroute_command, commands::arp_command,
                       commands::arping_command, commands::ip_command, commands::ifconfig_command,
                       commands::route_command, commands::help_command})
      r.add(make());
    return r;
  }();
  return registry;
}

}  // namespace wirelab::shell
