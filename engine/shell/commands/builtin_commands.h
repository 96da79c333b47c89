// Every built-in command's registration, one function per command file.
#pragma once
#include "engine/shell/command.h"

namespace wirelab::shell::commands {

CommandInfo ping_command();
CommandInfo traceroute_command();
CommandInfo arp_command();
CommandInfo arping_command();
CommandInfo ip_command();
CommandInfo ifconfig_command();
CommandInfo route_command();
CommandInfo help_command();
CommandInfo nc_command();
CommandInfo telnet_command();
CommandInfo finger_command();
CommandInfo daytime_command();
CommandInfo rdate_command();
CommandInfo netstat_command();
CommandInfo ss_command();
// Socket-programming examples, defined in engine/apps/examples/.
CommandInfo udp_upper_server_command();
CommandInfo udp_upper_client_command();
CommandInfo tcp_upper_server_command();
CommandInfo tcp_upper_client_command();

}  // namespace wirelab::shell::commands
