// `ip route` and `ip neigh` (iproute2) over the host's routing table and ARP cache.
#include <cstdlib>

#include "engine/devices/host.h"
#include "engine/shell/commands/ip_command.h"

namespace wirelab::shell::commands::ip {
namespace {

std::string destination(const wire::Ipv4Prefix& p) {
  if (p.length == 0) return "default";
  return p.length == 32 ? p.address.to_string() : p.to_string();
}

int incomplete(IpRun& r) {
  r.out += "Command line is not complete. Try option \"help\"\n";
  return 255;
}

int show_routes(IpRun& r, const Words& w) {
  std::optional<std::size_t> only;
  for (std::size_t i = 3; i < w.size(); ++i) {
    if (w[i] == "dev" && i + 1 < w.size()) {
      only = r.host.stack().find_interface(w[++i]);
      if (!only) return no_device(r, w[i]);
    } else if (w[i] == "table" && i + 1 < w.size()) {
      if (w[++i] != "main" && w[i] != "254") return 0;
    } else {
      return garbage(r, "to", w[i]);
    }
  }
  const auto& ifs = r.host.stack().interfaces();
  for (const auto& rt : r.host.stack().routes().routes()) {
    if (rt.interface >= ifs.size() || !ifs[rt.interface].up) continue;  // Linux drops them with the link
    if (only && rt.interface != *only) continue;
    const auto& ni = ifs[rt.interface];
    std::string line = destination(rt.destination);
    if (rt.gateway) line += " via " + rt.gateway->to_string();
    if (!only) line += " dev " + ni.name;
    if (rt.origin == net::RouteOrigin::Connected) {
      line += " proto kernel scope link";
      if (ni.address) line += " src " + ni.address->address.to_string();
    } else if (!rt.gateway) {
      line += " scope link";
    }
    if (rt.metric) line += " metric " + std::to_string(rt.metric);
    if (!r.host.carrier(ni.port)) line += " linkdown";
    r.out += line + "\n";
  }
  return 0;
}

struct RouteArgs {
  std::optional<wire::Ipv4Prefix> dst;
  std::optional<wire::Ipv4Address> via;
  std::optional<std::size_t> dev;
  std::optional<std::uint32_t> metric;
};

// Parses `[to] PREFIX [via ADDR] [dev IF] [metric N] ...`; returns an exit status on error.
std::optional<int> parse_route(IpRun& r, const Words& w, RouteArgs& a) {
  for (std::size_t i = 3; i < w.size(); ++i) {
    const std::string& k = w[i];
    const bool keyword = k == "to" || k == "via" || k == "dev" || k == "oif" || k == "metric" || k == "priority" ||
                         k == "preference" || k == "proto" || k == "scope" || k == "src" || k == "table";
    if (keyword && i + 1 >= w.size()) return incomplete(r);
    if (k == "via") {
      std::string v = w[++i];
      if (v == "inet" && i + 1 < w.size()) v = w[++i];
      a.via = wire::Ipv4Address::parse(v);
      if (!a.via) return invalid_arg(r, "inet address", v);
    } else if (k == "dev" || k == "oif") {
      a.dev = r.host.stack().find_interface(w[++i]);
      if (!a.dev) return no_device(r, w[i]);
    } else if (k == "metric" || k == "priority" || k == "preference") {
      const std::string& v = w[++i];
      char* end = nullptr;
      unsigned long n = std::strtoul(v.c_str(), &end, 10);
      if (v.empty() || *end || n > 0xffffffffUL) {
        r.out += "Error: argument \"" + v + "\" is wrong: \"metric\" value is invalid\n\n";
        return 255;
      }
      a.metric = static_cast<std::uint32_t>(n);
    } else if (k == "proto" || k == "scope" || k == "src" || k == "table") {
      ++i;  // accepted; the lab's table has no such attributes
    } else {
      const std::string& v = k == "to" ? w[++i] : k;
      if (a.dst) return garbage(r, "to", v);
      if (v == "default" || v == "all" || v == "any") {
        a.dst = wire::Ipv4Prefix{{}, 0};
        continue;
      }
      a.dst = wire::Ipv4Prefix::parse(v);
      if (!a.dst) {
        auto addr = wire::Ipv4Address::parse(v);
        if (!addr) return invalid_arg(r, "any valid prefix", v);
        a.dst = wire::Ipv4Prefix{*addr, 32};
      }
    }
  }
  if (!a.dst) return incomplete(r);
  return std::nullopt;
}

int change_route(IpRun& r, const Words& w, bool add, bool replace) {
  RouteArgs a;
  if (auto status = parse_route(r, w, a)) return *status;
  auto& stack = r.host.stack();
  auto& table = stack.routes();
  if (!add) {
    bool found = false;
    for (const auto& rt : table.routes()) {
      if (rt.destination == wire::Ipv4Prefix{a.dst->network(), a.dst->length} && (!a.via || rt.gateway == a.via) &&
          (!a.dev || rt.interface == *a.dev) && (!a.metric || rt.metric == *a.metric))
        found = true;
    }
    if (!found) return r.out += "RTNETLINK answers: No such process\n", 2;
    table.remove(*a.dst, a.via);
    return 0;
  }
  if (a.dst->network() != a.dst->address) return r.out += "Error: Invalid prefix for given prefix length.\n", 2;
  std::optional<std::size_t> iface = a.dev;
  if (a.via) {
    // The gateway must be on a directly connected network (of `dev`, when given).
    auto via_route = table.lookup(*a.via);
    const bool direct = via_route && !via_route->gateway && (!a.dev || via_route->interface == *a.dev);
    if (!direct) return r.out += "Error: Nexthop has invalid gateway.\n", 2;
    iface = via_route->interface;
  }
  if (!iface) return r.out += "RTNETLINK answers: No such device\n", 2;
  if (!stack.interfaces()[*iface].up) return r.out += "Error: Nexthop device is not up.\n", 2;
  const std::uint32_t metric = a.metric.value_or(0);
  for (const auto& rt : table.routes()) {
    if (rt.destination == *a.dst && rt.metric == metric) {
      if (!replace) return r.out += "RTNETLINK answers: File exists\n", 2;
      table.remove(*a.dst, rt.gateway);
    }
  }
  net::Route route;
  route.destination = *a.dst;
  route.gateway = a.via;
  route.interface = *iface;
  route.metric = metric;
  table.add(route);
  return 0;
}

int route_get(IpRun& r, const Words& w) {
  std::string target;
  for (std::size_t i = 3; i < w.size(); ++i) {
    if (w[i] == "to" && i + 1 < w.size()) ++i;
    if (!target.empty()) return garbage(r, "to", w[i]);
    target = w[i];
  }
  if (target.empty()) return incomplete(r);
  auto dst = wire::Ipv4Address::parse(target);
  if (!dst) return invalid_arg(r, "inet address", target);
  auto& stack = r.host.stack();
  if (stack.is_local_address(*dst)) {
    const std::string s = dst->is_loopback() ? "127.0.0.1" : dst->to_string();
    r.out += "local " + dst->to_string() + " dev lo src " + s + " uid 0 \n    cache <local> \n";
    return 0;
  }
  auto rt = stack.routes().lookup(*dst);
  if (!rt || !stack.interfaces()[rt->interface].up) return r.out += "RTNETLINK answers: Network is unreachable\n", 2;
  const auto& ni = stack.interfaces()[rt->interface];
  r.out += dst->to_string();
  if (rt->gateway) r.out += " via " + rt->gateway->to_string();
  r.out += " dev " + ni.name;
  if (ni.address) r.out += " src " + ni.address->address.to_string();
  r.out += " uid 0 \n    cache \n";
  return 0;
}

}  // namespace

int ip_route(IpRun& r, const Words& w) {
  if (w.size() < 3 || is_show(w[2])) return show_routes(r, w);
  if (matches(w[2], "add")) return change_route(r, w, true, false);
  if (matches(w[2], "replace")) return change_route(r, w, true, true);
  if (matches(w[2], "delete")) return change_route(r, w, false, false);
  if (matches(w[2], "get")) return route_get(r, w);
  r.out += "Command \"" + w[2] + "\" is unknown, try \"ip route help\".\n";
  return 255;
}

int ip_neigh(IpRun& r, const Words& w) {
  auto& stack = r.host.stack();
  const auto& ifs = stack.interfaces();
  const std::string cmd = w.size() < 3 ? "show" : w[2];
  std::optional<wire::Ipv4Address> addr;
  std::optional<wire::MacAddress> lladdr;
  std::optional<std::size_t> dev;
  bool all = false;
  for (std::size_t i = 3; i < w.size(); ++i) {
    if ((w[i] == "dev" || w[i] == "lladdr" || w[i] == "nud") && i + 1 >= w.size()) return incomplete(r);
    if (w[i] == "dev") {
      dev = stack.find_interface(w[++i]);
      if (!dev) return no_device(r, w[i]);
    } else if (w[i] == "lladdr") {
      lladdr = wire::MacAddress::parse(w[++i]);
      if (!lladdr) return invalid_arg(r, "lladdr", w[i]);
    } else if (w[i] == "nud") {
      ++i;
    } else if (w[i] == "all") {
      all = true;
    } else if (!addr) {
      addr = wire::Ipv4Address::parse(w[i] == "to" && i + 1 < w.size() ? w[++i] : w[i]);
      if (!addr) return invalid_arg(r, "inet address", w[i]);
    } else {
      return garbage(r, "to", w[i]);
    }
  }
  if (is_show(cmd)) {
    for (const auto& [ip, e] : stack.arp().entries(r.now)) {
      if ((dev && e.interface != *dev) || (addr && ip != *addr) || e.interface >= ifs.size()) continue;
      std::string line = ip.to_string() + " ";
      if (!dev) line += "dev " + ifs[e.interface].name + " ";
      if (e.mac) line += "lladdr " + e.mac->to_string();
      const char* state = e.is_static ? "PERMANENT" : !e.mac ? "INCOMPLETE"
                          : r.now - e.updated < seconds(30) ? "REACHABLE" : "STALE";
      r.out += line + " " + state + "\n";
    }
    return 0;
  }
  if (matches(cmd, "flush")) {
    if (!dev && !all && !addr) return r.out += "Flush requires arguments.\n", 255;
    for (const auto& [ip, e] : stack.arp().entries(r.now)) {
      if ((dev && e.interface != *dev) || (addr && ip != *addr) || e.is_static) continue;
      stack.arp().remove(ip);
    }
    return 0;
  }
  if (matches(cmd, "delete")) {
    if (!addr || !dev) return r.out += "Device and destination are required arguments.\n", 255;
    auto* e = stack.arp().find(*addr);
    if (!e || e->interface != *dev) return r.out += "RTNETLINK answers: No such file or directory\n", 2;
    stack.arp().remove(*addr);
    return 0;
  }
  if (matches(cmd, "add") || matches(cmd, "replace")) {
    if (!addr || !dev) return r.out += "Device and destination are required arguments.\n", 255;
    if (!lladdr) return r.out += "RTNETLINK answers: Invalid argument\n", 2;
    if (matches(cmd, "add") && stack.arp().find(*addr)) return r.out += "RTNETLINK answers: File exists\n", 2;
    stack.arp().add_static(*addr, *lladdr, *dev);
    return 0;
  }
  r.out += "Command \"" + cmd + "\" is unknown, try \"ip neigh help\".\n";
  return 255;
}

}  // namespace wirelab::shell::commands::ip
