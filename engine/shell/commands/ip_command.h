// Shared pieces of the `ip` command (iproute2): each object (address, link, route, neigh) is a
// function that reads the words after the object, writes iproute2's text and returns the exit
// status. Internal to engine/shell/commands.
#pragma once
#include <string>
#include <vector>

#include "engine/base/sim_time.h"

namespace wirelab::devices { class Host; }

namespace wirelab::shell::commands::ip {

struct IpRun {
  devices::Host& host;
  SimTime now;
  bool stats = false;  // -s
  std::string out;
};

using Words = std::vector<std::string>;

// iproute2's abbreviations: a word matches a keyword it is a prefix of ("r" -> "route").
inline bool matches(const std::string& word, const char* keyword) {
  return !word.empty() && std::string(keyword).compare(0, word.size(), word) == 0;
}
inline bool is_show(const std::string& w) {
  return matches(w, "show") || matches(w, "list") || w == "lst";
}

int ip_address(IpRun& r, const Words& w);
int ip_link(IpRun& r, const Words& w);
int ip_route(IpRun& r, const Words& w);
int ip_neigh(IpRun& r, const Words& w);

// "Error: either "to" is duplicate, or "x" is a garbage." and friends; iproute2 exits 255.
int garbage(IpRun& r, const std::string& keyword, const std::string& word);
int invalid_arg(IpRun& r, const std::string& what, const std::string& word);
// `Cannot find device "eth9"` (exit 1).
int no_device(IpRun& r, const std::string& name);

}  // namespace wirelab::shell::commands::ip
