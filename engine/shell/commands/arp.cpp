// arp: show and change the ARP cache (RFC 826), as net-tools arp prints it: the Linux table
// (default, -e), the BSD style (-a), deletion (-d) and static entries (-s).
#include <cstdio>

#include "engine/devices/host.h"
#include "engine/shell/commands/builtin_commands.h"
#include "engine/shell/options.h"

namespace wirelab::shell::commands {
namespace {

constexpr const char* kUsage =
    "Usage:\n"
    "  arp [-vn]  [<HW>] [-i <if>] [-a] [<hostname>]             <-Display ARP cache\n"
    "  arp [-v]          [-i <if>] -d  <host> [pub]               <-Delete ARP entry\n"
    "  arp [-v]   [<HW>] [-i <if>] -s  <host> <hwaddr> [temp]            <-Add entry\n"
    "\n"
    "        -a                       display (all) hosts in alternative (BSD) style\n"
    "        -e                       display (all) hosts in default (Linux) style\n"
    "        -s, --set                set a new ARP entry\n"
    "        -d, --delete             delete a specified entry\n"
    "        -v, --verbose            be verbose\n"
    "        -n, --numeric            don't resolve names\n"
    "        -i, --device             specify network interface (e.g. eth0)\n"
    "\n"
    "  <HW>=Use '-H <hw>' to specify hardware address type. Default: ether\n"
    "  List of possible hardware types (which support ARP):\n"
    "    ether (Ethernet)";

class Arp : public Command {
 public:
  using Command::Command;

  void start() override {
    auto o = parse_options(args(), "iHt", "anedsvh");
    if (!o.error.empty()) return usage_error("arp: " + o.error + "\n" + kUsage);
    if (o.has('h')) return usage_error(kUsage);
    for (char hw : {'H', 't'}) {
      if (auto v = o.value(hw); v && *v != "ether") {
        print("arp: " + *v + ": unknown hardware type.\n");
        return finish(255);
      }
    }
    device_ = o.value('i').value_or("");
    verbose_ = o.has('v');
    int what = 0;  // 0 table, 1 BSD style, 3 delete, 4 set (net-tools numbering)
    for (const auto& [opt, v] : o.options) {
      if (opt == 'a') what = 1;
      else if (opt == 'd') what = 3;
      else if (opt == 's') what = 4;
    }
    switch (what) {
      case 3: return finish(remove(o.positionals));
      case 4: return finish(set(o.positionals));
      default: return finish(show(what == 1 && !o.has('e'), o.positionals));
    }
  }

 private:
  int show(bool bsd, const std::vector<std::string>& pos) {
    std::optional<wire::Ipv4Address> filter;
    if (!pos.empty()) {
      filter = wire::Ipv4Address::parse(pos[0]);
      if (!filter) {
        print(pos[0] + ": Unknown host\n");
        return 255;
      }
    }
    const auto& ifs = host().stack().interfaces();
    int entries = 0, shown = 0;
    bool title = false;
    for (const auto& [ip, e] : host().stack().arp().entries(now())) {
      ++entries;
      const std::string dev = e.interface < ifs.size() ? ifs[e.interface].name : "?";
      if (filter && ip != *filter) continue;
      if (!device_.empty() && dev != device_) continue;
      ++shown;
      const std::string addr = ip.to_string();
      if (bsd) {
        std::string line = "? (" + addr + ") at ";
        line += e.mac ? e.mac->to_string() + " [ether] " : "<incomplete> ";
        if (e.is_static) line += "PERM ";
        print(line + "on " + dev + "\n");
        continue;
      }
      if (!title) {
        print("Address                  HWtype  HWaddress           Flags Mask            Iface\n");
        title = true;
      }
      std::string flags = e.mac ? "C" : "";
      if (e.is_static) flags += "M";
      char buf[160];
      std::snprintf(buf, sizeof buf, "%-23.23s  %-8.8s%-20.20s%-6.6s%-15.15s %s\n", addr.c_str(),
                    e.mac ? "ether" : "", e.mac ? e.mac->to_string().c_str() : "(incomplete)", flags.c_str(), "",
                    dev.c_str());
      print(buf);
    }
    if (verbose_) {
      print("Entries: " + std::to_string(entries) + "\tSkipped: " + std::to_string(entries - shown) +
            "\tFound: " + std::to_string(shown) + "\n");
    }
    if (!shown) {
      if (filter && !bsd) print(pos[0] + " (" + filter->to_string() + ") -- no entry\n");
      else if (filter || !device_.empty()) print("arp: in " + std::to_string(entries) + " entries no match found.\n");
    }
    return 0;
  }

  int remove(const std::vector<std::string>& pos) {
    if (pos.empty()) {
      print("arp: need host name\n");
      return 255;
    }
    auto ip = wire::Ipv4Address::parse(pos[0]);
    if (!ip) {
      print(pos[0] + ": Unknown host\n");
      return 255;
    }
    auto& cache = host().stack().arp();
    const auto* e = cache.find(*ip);
    const auto& ifs = host().stack().interfaces();
    if (!e || (!device_.empty() && (e->interface >= ifs.size() || ifs[e->interface].name != device_))) {
      print("No ARP entry for " + pos[0] + "\n");
      return 255;
    }
    cache.remove(*ip);
    return 0;
  }

  int set(const std::vector<std::string>& pos) {
    if (pos.empty()) {
      print("arp: need host name\n");
      return 255;
    }
    auto ip = wire::Ipv4Address::parse(pos[0]);
    if (!ip) {
      print(pos[0] + ": Unknown host\n");
      return 255;
    }
    if (pos.size() < 2) {
      print("arp: need hardware address\n");
      return 255;
    }
    auto mac = wire::MacAddress::parse(pos[1]);
    if (!mac) {
      print("arp: invalid hardware address\n");
      return 255;
    }
    bool temp = false;
    for (std::size_t i = 2; i < pos.size(); ++i) {
      if (pos[i] == "temp") temp = true;
      else if (pos[i] != "pub" && pos[i] != "priv") {
        print(std::string(kUsage) + "\n");
        return 2;
      }
    }
    auto& stack = host().stack();
    std::optional<std::size_t> iface;
    if (!device_.empty()) {
      iface = stack.find_interface(device_);
      if (!iface) {
        print("SIOCSARP: No such device\n");
        return 255;
      }
    } else {
      auto r = stack.routes().lookup(*ip);
      if (r && !r->gateway) iface = r->interface;
    }
    if (!iface) {
      print("SIOCSARP: Network is unreachable\n");
      return 255;
    }
    if (temp) stack.arp().update(*ip, *mac, *iface, now());
    else stack.arp().add_static(*ip, *mac, *iface);
    return 0;
  }

  std::string device_;
  bool verbose_ = false;
};

}  // namespace

CommandInfo arp_command() { return {"arp", "manipulate the system ARP cache", factory<Arp>()}; }

}  // namespace wirelab::shell::commands
