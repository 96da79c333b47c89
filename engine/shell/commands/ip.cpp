// ip: iproute2's `ip` for the lab's IPv4 stack — address, link, route and neigh objects, with
// iproute2's output and error wording. The loopback interface is shown as index 1; the host's
// interfaces follow from index 2, as on a Linux machine.
#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "engine/devices/host.h"
#include "engine/shell/commands/builtin_commands.h"
#include "engine/shell/commands/ip_command.h"

namespace wirelab::shell::commands {
namespace ip {

int garbage(IpRun& r, const std::string& keyword, const std::string& word) {
  r.out += "Error: either \"" + keyword + "\" is duplicate, or \"" + word + "\" is a garbage.\n";
  return 255;
}

int invalid_arg(IpRun& r, const std::string& what, const std::string& word) {
  r.out += "Error: " + what + " is expected rather than \"" + word + "\".\n";
  return 255;
}

int no_device(IpRun& r, const std::string& name) {
  r.out += "Cannot find device \"" + name + "\"\n";
  return 1;
}

namespace {

constexpr const char* kUsage =
    "Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }\n"
    "where  OBJECT := { address | link | neighbour | route }\n"
    "       OPTIONS := { -s[tatistics] | -4 }";

std::string link_header(IpRun& r, std::size_t i, bool link_mode) {
  const auto& ni = r.host.stack().interfaces()[i];
  const bool carrier = r.host.carrier(ni.port);
  std::string flags = !ni.up ? "BROADCAST,MULTICAST" : carrier ? "BROADCAST,MULTICAST,UP,LOWER_UP"
                                                               : "NO-CARRIER,BROADCAST,MULTICAST,UP";
  std::string s = std::to_string(i + 2) + ": " + ni.name + ": <" + flags + "> mtu " + std::to_string(ni.mtu) +
                  " qdisc fq_codel state " + (ni.up && carrier ? "UP" : "DOWN") +
                  (link_mode ? " mode DEFAULT" : "") + " group default qlen 1000\n";
  s += "    link/ether " + ni.mac.to_string() + " brd ff:ff:ff:ff:ff:ff\n";
  return s;
}

std::string lo_header(bool link_mode) {
  return std::string("1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN") +
         (link_mode ? " mode DEFAULT" : "") + " group default qlen 1000\n" +
         "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n";
}

// `ip -s link`: iproute2 sizes each column to its widest header or number.
std::string link_stats(const net::NetInterface& ni) {
  const unsigned long long rx[6] = {ni.rx_bytes, ni.rx_packets, ni.rx_errors, ni.rx_dropped, 0, 0};
  const unsigned long long tx[6] = {ni.tx_bytes, ni.tx_packets, 0, ni.tx_dropped, 0, 0};
  int cols[6] = {10, 7, 6, 7, 7, 8};
  for (int c = 0; c < 6; ++c) {
    for (auto v : {rx[c], tx[c]}) cols[c] = std::max(cols[c], static_cast<int>(std::to_string(v).size()));
  }
  auto header = [&](const char* dir, const char* a, const char* b) {
    char buf[160];
    std::snprintf(buf, sizeof buf, "    %s: %*s %*s %*s %*s %*s %*s \n", dir, cols[0] - 4, "bytes", cols[1], "packets",
                  cols[2], "errors", cols[3], "dropped", cols[4], a, cols[5], b);
    return std::string(buf);
  };
  auto numbers = [&](const unsigned long long* v) {
    std::string s = "    ";
    char buf[40];
    for (int c = 0; c < 6; ++c) {
      std::snprintf(buf, sizeof buf, "%*llu ", cols[c], v[c]);
      s += buf;
    }
    return s + "\n";
  };
  return header("RX", "missed", "mcast") + numbers(rx) + header("TX", "carrier", "collsns") + numbers(tx);
}

std::optional<std::size_t> pick_dev(IpRun& r, const Words& w, std::size_t from, int& status) {
  status = 0;
  std::string dev;
  for (std::size_t i = from; i < w.size(); ++i) {
    if (w[i] == "dev" && i + 1 < w.size()) dev = w[++i];
    else if (w[i] == "up" || w[i] == "scope" || w[i] == "label") { if (w[i] != "up") ++i; }
    else if (dev.empty()) dev = w[i];
    else { status = garbage(r, "dev", w[i]); return std::nullopt; }
  }
  if (dev.empty()) return SIZE_MAX;
  auto idx = r.host.stack().find_interface(dev);
  if (!idx) {
    r.out += "Device \"" + dev + "\" does not exist.\n";
    status = 1;
  }
  return idx;
}

int show_links(IpRun& r, const Words& w, bool with_addresses) {
  int status = 0;
  auto which = pick_dev(r, w, 3, status);
  if (!which) return status;
  const bool all = *which == SIZE_MAX;
  if (all) {
    r.out += lo_header(!with_addresses);
    if (with_addresses) r.out += "    inet 127.0.0.1/8 scope host lo\n       valid_lft forever preferred_lft forever\n";
    else if (r.stats) r.out += link_stats(net::NetInterface{});
  }
  const auto& ifs = r.host.stack().interfaces();
  for (std::size_t i = 0; i < ifs.size(); ++i) {
    if (!all && i != *which) continue;
    r.out += link_header(r, i, !with_addresses);
    if (!with_addresses) {
      if (r.stats) r.out += link_stats(ifs[i]);
      continue;
    }
    if (const auto& a = ifs[i].address) {
      r.out += "    inet " + a->to_string();
      if (a->length < 31) r.out += " brd " + a->directed_broadcast().to_string();
      r.out += " scope global " + ifs[i].name + "\n       valid_lft forever preferred_lft forever\n";
    }
  }
  return 0;
}

int change_address(IpRun& r, const Words& w, bool add) {
  std::optional<wire::Ipv4Prefix> prefix;
  std::string dev;
  for (std::size_t i = 3; i < w.size(); ++i) {
    if (w[i] == "dev") {
      if (i + 1 >= w.size()) return r.out += "Command line is not complete. Try option \"help\"\n", 255;
      dev = w[++i];
    } else if (w[i] == "brd" || w[i] == "broadcast" || w[i] == "scope" || w[i] == "label") {
      ++i;  // accepted and derived from the prefix
    } else if (w[i] == "local" || !prefix) {
      if (w[i] == "local" && ++i >= w.size()) return r.out += "Command line is not complete. Try option \"help\"\n", 255;
      prefix = wire::Ipv4Prefix::parse(w[i]);
      if (!prefix) {
        auto a = wire::Ipv4Address::parse(w[i]);
        if (!a) return invalid_arg(r, "inet prefix", w[i]);
        prefix = wire::Ipv4Prefix{*a, 32};
      }
    } else {
      return garbage(r, "local", w[i]);
    }
  }
  if (dev.empty()) return r.out += "Not enough information: \"dev\" argument is required.\n", 2;
  auto idx = r.host.stack().find_interface(dev);
  if (!idx) return no_device(r, dev);
  if (!prefix) return r.out += "RTNETLINK answers: Operation not supported\n", 2;
  auto& stack = r.host.stack();
  const auto& current = stack.interfaces()[*idx].address;
  if (add) {
    if (current && current->address == prefix->address) return r.out += "RTNETLINK answers: File exists\n", 2;
    // The lab's interfaces hold one IPv4 address: adding another replaces it.
    stack.set_address(*idx, prefix);
    return 0;
  }
  const bool has_len = w[3].find('/') != std::string::npos || (w.size() > 4 && w[4].find('/') != std::string::npos);
  if (!current || current->address != prefix->address || (has_len && current->length != prefix->length))
    return r.out += "RTNETLINK answers: Cannot assign requested address\n", 2;
  stack.set_address(*idx, std::nullopt);
  return 0;
}

int set_link(IpRun& r, const Words& w) {
  std::string dev;
  std::optional<bool> up;
  std::optional<std::uint32_t> mtu;
  for (std::size_t i = 3; i < w.size(); ++i) {
    if (w[i] == "dev" && i + 1 < w.size()) dev = w[++i];
    else if (w[i] == "up") up = true;
    else if (w[i] == "down") up = false;
    else if (w[i] == "mtu" && i + 1 < w.size()) {
      const std::string& v = w[++i];
      char* end = nullptr;
      unsigned long n = std::strtoul(v.c_str(), &end, 10);
      if (v.empty() || *end || n > 65535) return r.out += "Error: argument \"" + v + "\" is wrong: Invalid \"mtu\" value\n\n", 255;
      if (n < 68) return r.out += "Error: mtu less than device minimum.\n", 2;
      mtu = static_cast<std::uint32_t>(n);
    } else if (dev.empty()) dev = w[i];
    else return garbage(r, "dev", w[i]);
  }
  if (dev.empty()) return r.out += "Not enough of information: \"dev\" argument is required.\n", 255;
  auto idx = r.host.stack().find_interface(dev);
  if (!idx) return no_device(r, dev);
  auto& ni = r.host.stack().interfaces()[*idx];
  if (up) ni.up = *up;
  if (mtu) {
    if (*mtu > 1500) return r.out += "Error: mtu greater than device maximum.\n", 2;
    ni.mtu = *mtu;
  }
  return 0;
}

}  // namespace

int ip_address(IpRun& r, const Words& w) {
  if (w.size() < 3 || is_show(w[2])) return show_links(r, w, true);
  if (matches(w[2], "add")) return change_address(r, w, true);
  if (matches(w[2], "delete")) return change_address(r, w, false);
  r.out += "Command \"" + w[2] + "\" is unknown, try \"ip address help\".\n";
  return 255;
}

int ip_link(IpRun& r, const Words& w) {
  if (w.size() < 3 || is_show(w[2])) return show_links(r, w, false);
  if (matches(w[2], "set")) return set_link(r, w);
  r.out += "Command \"" + w[2] + "\" is unknown, try \"ip link help\".\n";
  return 255;
}

}  // namespace ip

namespace {

class IpCommand : public Command {
 public:
  using Command::Command;

  void start() override {
    ip::IpRun r{host(), now(), false, {}};
    ip::Words w{"ip"};
    std::size_t i = 1;
    for (; i < args().size() && args()[i].size() > 1 && args()[i][0] == '-'; ++i) {
      const std::string opt = args()[i].substr(args()[i][1] == '-' ? 2 : 1);
      if (ip::matches(opt, "statistics") || opt == "s") r.stats = true;
      else if (opt == "4") continue;
      else if (ip::matches(opt, "help")) return usage_error(kUsage);
      else return usage_error("Option \"" + args()[i] + "\" is unknown, try \"ip -help\".");
    }
    for (; i < args().size(); ++i) w.push_back(args()[i]);
    if (w.size() < 2 || w[1] == "help") return usage_error(kUsage);
    int status;
    const std::string& obj = w[1];
    if (ip::matches(obj, "address")) status = ip::ip_address(r, w);
    else if (ip::matches(obj, "link")) status = ip::ip_link(r, w);
    else if (ip::matches(obj, "route")) status = ip::ip_route(r, w);
    else if (ip::matches(obj, "neighbour") || ip::matches(obj, "neighbor")) status = ip::ip_neigh(r, w);
    else {
      r.out += "Object \"" + obj + "\" is unknown, try \"ip help\".\n";
      status = 1;
    }
    print(r.out);
    finish(status);
  }

 private:
  static constexpr const char* kUsage = ip::kUsage;
};

}  // namespace

CommandInfo ip_command() { return {"ip", "show / manipulate routing, network devices, interfaces", factory<IpCommand>()}; }

}  // namespace wirelab::shell::commands
