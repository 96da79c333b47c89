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

}  // namespace wirelab::shell::commands
