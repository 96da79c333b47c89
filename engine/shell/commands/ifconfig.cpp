// ifconfig: show and configure interfaces, as net-tools 2.x ifconfig prints them (interfaces
// in name order, `lo` included; counters from the interface).
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>

#include "engine/devices/host.h"
#include "engine/shell/commands/builtin_commands.h"

namespace wirelab::shell::commands {
namespace {

constexpr const char* kUsage =
    "Usage:\n"
    "  ifconfig [-a] [-v] [-s] <interface> [[<AF>] <address>]\n"
    "  [netmask <address>]\n"
    "  [mtu <NN>]\n"
    "  [up|down] ...\n"
    "\n"
    "  <AF>=Address family. Default: inet";

// net-tools orders interfaces by name, comparing digit runs as numbers ("eth2" < "eth10").
bool natural_less(const std::string& a, const std::string& b) {
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (std::isdigit(static_cast<unsigned char>(a[i])) && std::isdigit(static_cast<unsigned char>(b[j]))) {
      std::size_t ie = i, je = j;
      while (ie < a.size() && std::isdigit(static_cast<unsigned char>(a[ie]))) ++ie;
      while (je < b.size() && std::isdigit(static_cast<unsigned char>(b[je]))) ++je;
      const unsigned long long x = std::stoull(a.substr(i, std::min<std::size_t>(ie - i, 18)));
      const unsigned long long y = std::stoull(b.substr(j, std::min<std::size_t>(je - j, 18)));
      if (x != y) return x < y;
      i = ie;
      j = je;
    } else {
      if (a[i] != b[j]) return a[i] < b[j];
      ++i;
      ++j;
    }
  }
  return a.size() - i < b.size() - j;
}

std::string scaled(unsigned long long bytes) {
  static const char* units[] = {"B", "KB", "MB", "GB", "TB", "PB"};
  int u = 0;
  unsigned long long div = 1;
  while (u < 5 && bytes >= div * 1000) {
    div *= 1000;
    ++u;
  }
  char buf[48];
  std::snprintf(buf, sizeof buf, "%llu.%llu %s", bytes / div, (bytes % div) * 10 / div, units[u]);
  return buf;
}

std::string counters(unsigned long long rxp, unsigned long long rxb, unsigned long long rxe, unsigned long long rxd,
                     unsigned long long txp, unsigned long long txb, unsigned long long txd) {
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "        RX packets %llu  bytes %llu (%s)\n"
                "        RX errors %llu  dropped %llu  overruns 0  frame 0\n"
                "        TX packets %llu  bytes %llu (%s)\n"
                "        TX errors 0  dropped %llu overruns 0  carrier 0  collisions 0\n\n",
                rxp, rxb, scaled(rxb).c_str(), rxe, rxd, txp, txb, scaled(txb).c_str(), txd);
  return buf;
}

std::optional<int> prefix_from_mask(wire::Ipv4Address m) {
  int len = 0;
  while (len < 32 && (m.value & (0x80000000u >> len))) ++len;
  if (wire::Ipv4Prefix{{}, len}.mask() != m.value) return std::nullopt;
  return len;
}

// The classful length Linux gives an address set without a netmask.
int classful_length(wire::Ipv4Address a) {
  if ((a.value >> 31) == 0) return 8;
  if ((a.value >> 30) == 2) return 16;
  if ((a.value >> 29) == 6) return 24;
  return 32;
}

class Ifconfig : public Command {
 public:
  using Command::Command;

  void start() override {
    std::vector<std::string> w(args().begin() + 1, args().end());
    bool all = false;
    while (!w.empty() && w[0].size() > 1 && w[0][0] == '-') {
      if (w[0] == "-a") all = true;
      else if (w[0] != "-v") return usage_error(kUsage);
      w.erase(w.begin());
    }
    if (w.empty()) return show(all, "");
    if (w.size() == 1) return show(true, w[0]);
    configure(w);
  }

 private:
  std::string block(std::size_t i) {
    const auto& ni = host().stack().interfaces()[i];
    const bool running = ni.up && host().carrier(ni.port);
    const char* flags = !ni.up ? "4098<BROADCAST,MULTICAST>" : running ? "4163<UP,BROADCAST,RUNNING,MULTICAST>"
                                                                    : "4099<UP,BROADCAST,MULTICAST>";
    std::string s = ni.name + ": flags=" + flags + "  mtu " + std::to_string(ni.mtu) + "\n";
    if (const auto& a = ni.address) {
      s += "        inet " + a->address.to_string() + "  netmask " + wire::mask_to_string(a->length);
      if (a->length < 31) s += "  broadcast " + a->directed_broadcast().to_string();
      s += "\n";
    }
    s += "        ether " + ni.mac.to_string() + "  txqueuelen 1000  (Ethernet)\n";
    return s + counters(ni.rx_packets, ni.rx_bytes, ni.rx_errors, ni.rx_dropped, ni.tx_packets, ni.tx_bytes,
                        ni.tx_dropped);
  }

  static std::string lo_block() {
    return "lo: flags=73<UP,LOOPBACK,RUNNING>  mtu 65536\n"
           "        inet 127.0.0.1  netmask 255.0.0.0\n"
           "        loop  txqueuelen 1000  (Local Loopback)\n" +
           counters(0, 0, 0, 0, 0, 0, 0);
  }

  void show(bool all, const std::string& only) {
    const auto& ifs = host().stack().interfaces();
    std::vector<std::pair<std::string, std::size_t>> order{{"lo", SIZE_MAX}};
    for (std::size_t i = 0; i < ifs.size(); ++i) order.emplace_back(ifs[i].name, i);
    std::stable_sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return natural_less(a.first, b.first); });
    std::string out;
    bool found = false;
    for (const auto& [name, i] : order) {
      if (!only.empty() && name != only) continue;
      found = true;
      if (i == SIZE_MAX) out += lo_block();
      else if (all || ifs[i].up) out += block(i);
    }
    if (!found) {
      print(only + ": error fetching interface information: Device not found\n");
      return finish(1);
    }
    print(out);
    finish(0);
  }

  int fail(const std::string& text) {
    print(text + "\n");
    return 1;
  }

  void configure(const std::vector<std::string>& w) {
    auto& stack = host().stack();
    if (w[0] == "lo") return finish(fail("SIOCSIFADDR: Operation not permitted"));
    auto idx = stack.find_interface(w[0]);
    if (!idx) {
      print("SIOCSIFFLAGS: No such device\n");
      return finish(1);
    }
    auto& ni = stack.interfaces()[*idx];
    std::optional<wire::Ipv4Address> addr;
    std::optional<int> length;
    std::optional<bool> up;
    for (std::size_t i = 1; i < w.size(); ++i) {
      const std::string& k = w[i];
      if (k == "up") up = true;
      else if (k == "down") up = false;
      else if (k == "inet") continue;
      else if (k == "netmask" || k == "mtu") {
        if (i + 1 >= w.size()) return usage_error(kUsage);
        const std::string& v = w[++i];
        if (k == "mtu") {
          char* end = nullptr;
          unsigned long n = std::strtoul(v.c_str(), &end, 10);
          if (v.empty() || *end || n < 68 || n > 1500) return finish(fail("SIOCSIFMTU: Invalid argument"));
          ni.mtu = static_cast<std::uint32_t>(n);
          continue;
        }
        auto m = wire::Ipv4Address::parse(v);
        if (!m) return finish(fail(v + ": Unknown host\nifconfig: `--help' gives usage information."));
        length = prefix_from_mask(*m);
        if (!length) return finish(fail("SIOCSIFNETMASK: Invalid argument"));
      } else if (!addr) {
        // "10.0.0.1" or "10.0.0.1/24"
        if (auto p = wire::Ipv4Prefix::parse(k)) {
          addr = p->address;
          length = p->length;
        } else if (auto a = wire::Ipv4Address::parse(k)) {
          addr = a;
        } else {
          return finish(fail(k + ": Unknown host\nifconfig: `--help' gives usage information."));
        }
      } else {
        return usage_error(kUsage);
      }
    }
    if (addr) stack.set_address(*idx, wire::Ipv4Prefix{*addr, length.value_or(classful_length(*addr))});
    else if (length) {
      if (!ni.address) return finish(fail("SIOCSIFNETMASK: Cannot assign requested address"));
      stack.set_address(*idx, wire::Ipv4Prefix{ni.address->address, *length});
    }
    if (up) stack.interfaces()[*idx].up = *up;
    finish(0);
  }
};

}  // namespace

CommandInfo ifconfig_command() { return {"ifconfig", "configure a network interface", factory<Ifconfig>()}; }

}  // namespace wirelab::shell::commands
