#include "engine/shell/commands/builtin_commands.h"

namespace wirelab::shell {

const CommandRegistry& CommandRegistry::builtin() {
  static const CommandRegistry registry = [] {
    CommandRegistry r;
    for (auto make : {commands::ping_command, commands::traceroute_command, commands::arp_command,
                       commands::arping_command, commands::ip_command, commands::ifconfig_command,
                       commands::route_command, commands::help_command})
      r.add(make());
    // Transport clients and tools, and the socket-programming examples (engine/apps/examples/).
    for (auto make : {commands::nc_command, commands::telnet_command, commands::finger_command,
                      commands::daytime_command, commands::rdate_command, commands::netstat_command,
                      commands::ss_command, commands::udp_upper_server_command,
                      commands::udp_upper_client_command, commands::tcp_upper_server_command,
                      commands::tcp_upper_client_command})
      r.add(make());
    return r;
  }();
  return registry;
}

}  // namespace wirelab::shell
