// help: the shell's built-in list of commands with their one-line summaries, and `help CMD`
// for one command's usage (the command's own `--help`-style text, from running it with -h).
#include <algorithm>
#include <cstdio>

#include "engine/shell/commands/builtin_commands.h"
#include "engine/shell/shell.h"

namespace wirelab::shell::commands {
namespace {

// One usage line per built-in, as each tool's synopsis reads.
const char* synopsis(const std::string& name) {
  if (name == "ping") return "ping [-c count] [-i interval] [-s packetsize] [-t ttl] [-W timeout] [-M do|dont|want] destination";
  if (name == "traceroute") return "traceroute [-nI] [-f first_ttl] [-m max_ttl] [-p port] [-q nqueries] [-w waittime] host [packetlen]";
  if (name == "arp") return "arp [-n] [-i if] [-a] [hostname] | arp -d host | arp -s host hwaddr [temp]";
  if (name == "arping") return "arping [-fqbU] [-c count] [-w timeout] [-i interval] [-I device] destination";
  if (name == "ip") return "ip [-s] { address | link | route | neigh } [ COMMAND ... ]";
  if (name == "ifconfig") return "ifconfig [-a] [interface] | ifconfig interface [address [netmask mask]] [mtu N] [up|down]";
  if (name == "route") return "route [-n] | route {add|del} {-net|-host} target [netmask mask] [gw gateway] [metric M] [[dev] if]";
  if (name == "help") return "help [command]";
  return nullptr;
}

class Help : public Command {
 public:
  Help(Shell& shell, std::vector<std::string> args) : Command(shell, std::move(args)), shell_(shell) {}

  void start() override {
    const auto& registry = shell_.registry();
    if (args().size() > 2) return usage_error("help: usage: help [command]");
    if (args().size() == 2) {
      const std::string& name = args()[1];
      const CommandInfo* info = registry.find(name);
      if (!info) {
        print("help: no help topics match `" + name + "'.\n");
        return finish(1);
      }
      const char* s = synopsis(name);
      print(std::string("Usage: ") + (s ? s : name.c_str()) + "\n" + name + " - " + info->summary + "\n");
      return finish(0);
    }
    std::vector<const CommandInfo*> all;
    for (const auto& c : registry.all()) all.push_back(&c);
    std::sort(all.begin(), all.end(), [](const CommandInfo* a, const CommandInfo* b) { return a->name < b->name; });
    std::size_t width = 0;
    for (const auto* c : all) width = std::max(width, c->name.size());
    std::string out = "Commands on this host (type `help NAME' for its usage):\n";
    for (const auto* c : all) {
      char buf[256];
      std::snprintf(buf, sizeof buf, "  %-*s  %s\n", static_cast<int>(width), c->name.c_str(), c->summary.c_str());
      out += buf;
    }
    print(out);
    finish(0);
  }

 private:
  Shell& shell_;
};

}  // namespace

CommandInfo help_command() { return {"help", "list the commands, or show one command's usage", factory<Help>()}; }

}  // namespace wirelab::shell::commands
