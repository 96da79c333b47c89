// route: net-tools' view of the routing table ("Kernel IP routing table") and its add/del
// syntax (`route add default gw G`, `route add -net N netmask M gw G`, `-host H`).
#include <cstdio>
#include <cstdlib>

#include "engine/devices/host.h"
#include "engine/shell/commands/builtin_commands.h"

namespace wirelab::shell::commands {
namespace {

constexpr const char* kUsage =
    "Usage: route [-nNvee] [-FC] [<AF>]           List kernel routing tables\n"
    "       route [-v] [-FC] {add|del|flush} ...  Modify routing table for AF.\n"
    "\n"
    "       route {-h|--help} [<AF>]              Detailed usage syntax for specified AF.\n"
    "\n"
    "        -v, --verbose            be verbose\n"
    "        -n, --numeric            don't resolve names\n"
    "        -e, --extend             display other/more information\n"
    "        -F, --fib                display Forwarding Information Base (default)\n"
    "\n"
    "  <AF>=Use -4, -6, '-A <af>' or '--<af>'; default: inet\n"
    "  List of possible address families (which support routing):\n"
    "    inet (DARPA Internet)";

constexpr const char* kInetUsage =
    "Usage: inet_route [-vF] del {-host|-net} Target[/prefix] [gw Gw] [metric M] [[dev] If]\n"
    "       inet_route [-vF] add {-host|-net} Target[/prefix] [gw Gw] [metric M]\n"
    "                              [netmask N] [mss Mss] [window W] [irtt I]\n"
    "                              [mod] [dyn] [reinstate] [[dev] If]\n"
    "       inet_route [-vF] add {-host|-net} Target[/prefix] [metric M] reject\n"
    "       inet_route [-FC] flush      NOT supported";

constexpr int kSockError = 7;   // net-tools E_SOCK: the kernel refused
constexpr int kLookupError = 6;  // E_LOOKUP: a name that does not resolve

std::optional<int> prefix_from_mask(wire::Ipv4Address m) {
  int len = 0;
  while (len < 32 && (m.value & (0x80000000u >> len))) ++len;
  if (wire::Ipv4Prefix{{}, len}.mask() != m.value) return std::nullopt;
  return len;
}

class Route : public Command {
 public:
  using Command::Command;

  void start() override {
    std::vector<std::string> w;
    bool numeric = false;
    for (std::size_t i = 1; i < args().size(); ++i) {
      const std::string& a = args()[i];
      if (w.empty() && a.size() > 1 && a[0] == '-' && a != "-net" && a != "-host") {
        for (std::size_t j = 1; j < a.size(); ++j) {
          if (a[j] == 'n') numeric = true;
          else if (a[j] == 'h') return usage_error(kUsage);
          else if (a[j] != 'v' && a[j] != 'e' && a[j] != 'F' && a[j] != '4')
            return usage_error(std::string("route: invalid option -- '") + a[j] + "'\n" + kUsage);
        }
        continue;
      }
      w.push_back(a);
    }
    if (w.empty()) return show(numeric);
    if (w[0] == "add" || w[0] == "del") return finish(edit(w, w[0] == "add"));
    if (w[0] == "flush") {
      print("Flushing `inet' routing table not supported\n");
      return usage_error(kInetUsage);
    }
    usage_error(kUsage);
  }

 private:
  void show(bool numeric) {
    const auto& ifs = host().stack().interfaces();
    std::string out =
        "Kernel IP routing table\n"
        "Destination     Gateway         Genmask         Flags Metric Ref    Use Iface\n";
    for (const auto& rt : host().stack().routes().routes()) {
      if (rt.interface >= ifs.size() || !ifs[rt.interface].up) continue;
      std::string dst = rt.destination.network().to_string();
      if (!numeric && rt.destination.length == 0) dst = "default";
      const std::string gw = rt.gateway ? rt.gateway->to_string() : "0.0.0.0";
      std::string flags = "U";
      if (rt.gateway) flags += "G";
      if (rt.destination.length == 32) flags += "H";
      char buf[160];
      std::snprintf(buf, sizeof buf, "%-15s %-15s %-15s %-6s%-6u %-6d %3d %s\n", dst.c_str(), gw.c_str(),
                    wire::mask_to_string(rt.destination.length).c_str(), flags.c_str(), rt.metric, 0, 0,
                    ifs[rt.interface].name.c_str());
      out += buf;
    }
    print(out);
    finish(0);
  }

  int fail(const std::string& text, int code) {
    print(text + "\n");
    return code;
  }

  int edit(const std::vector<std::string>& w, bool add) {
    auto& stack = host().stack();
    bool host_route = false;
    std::optional<wire::Ipv4Prefix> target;
    std::optional<int> mask_len;
    std::optional<wire::Ipv4Address> gw;
    std::optional<std::size_t> dev;
    std::uint32_t metric = 0;
    bool have_metric = false;
    std::size_t i = 1;
    if (i < w.size() && (w[i] == "-net" || w[i] == "-host")) host_route = w[i++] == "-host";
    if (i >= w.size()) return usage_error(kInetUsage), 2;
    const std::string& t = w[i++];
    if (t == "default") {
      target = wire::Ipv4Prefix{{}, 0};
    } else if (auto p = wire::Ipv4Prefix::parse(t)) {
      target = p;
      mask_len = p->length;
    } else if (auto a = wire::Ipv4Address::parse(t)) {
      target = wire::Ipv4Prefix{*a, 32};
    } else {
      return fail(t + ": Unknown host", kLookupError);
    }
    for (; i < w.size(); ++i) {
      const std::string& k = w[i];
      if (k == "gw" || k == "netmask" || k == "metric" || k == "dev" || k == "mss" || k == "window" || k == "irtt") {
        if (i + 1 >= w.size()) return usage_error(kInetUsage), 2;
        const std::string& v = w[++i];
        if (k == "gw") {
          gw = wire::Ipv4Address::parse(v);
          if (!gw) return fail(v + ": Unknown host", kLookupError);
        } else if (k == "netmask") {
          auto m = wire::Ipv4Address::parse(v);
          if (!m) return fail(v + ": Unknown host", kLookupError);
          mask_len = prefix_from_mask(*m);
          if (!mask_len) return fail("route: bogus netmask " + v, 2);
        } else if (k == "metric") {
          char* end = nullptr;
          unsigned long n = std::strtoul(v.c_str(), &end, 10);
          if (v.empty() || *end) return usage_error(kInetUsage), 2;
          metric = static_cast<std::uint32_t>(n);
          have_metric = true;
        } else if (k == "dev") {
          dev = stack.find_interface(v);
          if (!dev) return fail("SIOCADDRT: No such device", kSockError);
        }
      } else if (k == "mod" || k == "dyn" || k == "reinstate") {
        continue;
      } else if (!dev) {
        dev = stack.find_interface(k);  // a trailing interface name, as `[[dev] If]` allows
        if (!dev) return usage_error(kInetUsage), 2;
      } else {
        return usage_error(kInetUsage), 2;
      }
    }
    if (t != "default") {
      if (host_route && mask_len && *mask_len != 32) return fail("route: netmask doesn't make sense with host route", 2);
      target->length = host_route ? 32 : mask_len.value_or(32);
      if (target->network() != target->address) return fail("route: netmask doesn't match route address", 2);
    }
    const char* op = add ? "SIOCADDRT" : "SIOCDELRT";
    auto& table = stack.routes();
    if (!add) {
      for (const auto& rt : table.routes()) {
        if (rt.destination == *target && (!gw || rt.gateway == gw) && (!dev || rt.interface == *dev) &&
            (!have_metric || rt.metric == metric)) {
          table.remove(*target, rt.gateway);
          return 0;
        }
      }
      return fail(std::string(op) + ": No such process", kSockError);
    }
    std::optional<std::size_t> iface = dev;
    if (gw) {
      auto via = table.lookup(*gw);
      if (!via || via->gateway || (dev && via->interface != *dev)) return fail(std::string(op) + ": Network is unreachable", kSockError);
      iface = via->interface;
    }
    if (!iface) return fail(std::string(op) + ": No such device", kSockError);
    for (const auto& rt : table.routes())
      if (rt.destination == *target && rt.metric == metric) return fail(std::string(op) + ": File exists", kSockError);
    net::Route r;
    r.destination = *target;
    r.gateway = gw;
    r.interface = *iface;
    r.metric = metric;
    table.add(r);
    return 0;
  }
};

}  // namespace

CommandInfo route_command() { return {"route", "show / manipulate the IP routing table", factory<Route>()}; }

}  // namespace wirelab::shell::commands
