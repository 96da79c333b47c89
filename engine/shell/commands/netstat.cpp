// netstat: the Internet sockets of this host as net-tools netstat prints them (-a all, -l only
// listening, default: only connected; -t/-u TCP or UDP; -n numeric ports). Rows come from the
// host's TCP and UDP layers: TCP first, then UDP, as netstat reads /proc/net/tcp then udp.
// Addresses stay numeric (no reverse DNS in the lab yet); without -n ports get service names.
#include <cstdio>

#include "engine/devices/host.h"
#include "engine/shell/commands/builtin_commands.h"
#include "engine/shell/commands/service_names.h"
#include "engine/shell/options.h"

namespace wirelab::shell::commands {
namespace {

constexpr const char* kUsage =
    "usage: netstat [-vWeenNcCF] [<Af>] -r         netstat {-V|--version|-h|--help}\n"
    "       netstat [-vWnNcaeol] [<Socket> ...]\n"
    "       netstat { [-vWeenNac] -i | [-cnNe] -M | -s [-6tuw] }\n"
    "\n"
    "        -n, --numeric            don't resolve names\n"
    "        -l, --listening          display listening server sockets\n"
    "        -a, --all                display all sockets (default: connected)\n"
    "\n"
    "  <Socket>={-t|--tcp} {-u|--udp}\n"
    "  <AF>=Use '-4'; default: inet\n";
constexpr int kOptErr = 3, kUsageExit = 4;  // net-tools' E_OPTERR and E_USAGE

class Netstat : public Command {
 public:
  using Command::Command;

  void start() override {
    auto o = parse_options(args(), "", "antul4hWv");
    if (!o.error.empty()) {
      print("netstat: " + o.error + "\n" + kUsage);
      return finish(kOptErr);
    }
    if (o.has('h')) {
      print(kUsage);
      return finish(kUsageExit);
    }
    if (!o.positionals.empty()) {
      print(kUsage);
      return finish(kOptErr);
    }
    all_ = o.has('a');
    listening_ = o.has('l');
    numeric_ = o.has('n');
    wide_ = o.has('W');
    const bool tcp = o.has('t') || !o.has('u'), udp = o.has('u') || !o.has('t');
    std::string out = "Active Internet connections ";
    out += all_ ? "(servers and established)" : listening_ ? "(only servers)" : "(w/o servers)";
    out += "\nProto Recv-Q Send-Q Local Address           Foreign Address         State      \n";
    if (tcp) {
      for (const auto& s : host().tcp().sockets()) {
        if (s.state == net::tcp::State::Closed) continue;  // not in the kernel's tables
        const net::Endpoint remote = s.remote.value_or(net::Endpoint{});
        if (!all_ && ((listening_ && remote.port) || (!listening_ && !remote.port))) continue;
        out += row("tcp", s.recv_queue, s.send_queue, s.local, remote, net::tcp::to_string(s.state), false);
      }
    }
    if (udp) {
      for (const auto& s : host().udp().sockets()) {
        const net::Endpoint remote = s.remote.value_or(net::Endpoint{});
        const bool connected = !remote.address.is_any();
        if (!(all_ || (connected && !listening_) || (!connected && listening_))) continue;
        out += row("udp", s.recv_queue, 0, s.local, remote, connected ? "ESTABLISHED" : "", true);
      }
    }
    print(out);
    finish(0);
  }

 private:
  // net-tools' addr_do_one: "address:port", the address cut so the pair fits 22 characters.
  std::string address(const net::Endpoint& e, bool udp) const {
    const char* name = numeric_ || e.port == 0 ? nullptr : service_name(e.port, udp);
    std::string addr = e.address.to_string();
    std::string port = e.port == 0 ? "*" : name ? name : std::to_string(e.port);
    if (!wide_ && addr.size() + port.size() > 22) {
      port = port.substr(0, 18);
      addr = addr.substr(0, 22 - port.size());
    }
    return addr + ":" + port;
  }

  std::string row(const char* proto, std::size_t rxq, std::size_t txq, const net::Endpoint& local,
                   const net::Endpoint& remote, const char* state, bool udp) const {
    const std::string l = address(local, udp), r = address(remote, udp);
    char buf[256];
    std::snprintf(buf, sizeof buf, "%-5s %6zu %6zu %-*s %-*s %-11s\n", proto, rxq, txq,
                  static_cast<int>(std::max<std::size_t>(23, l.size())), l.c_str(),
                  static_cast<int>(std::max<std::size_t>(23, r.size())), r.c_str(), state);
    return buf;
  }

  bool all_ = false, listening_ = false, numeric_ = false, wide_ = false;
};

}  // namespace

CommandInfo netstat_command() { return {"netstat", "print network connections (net-tools)", factory<Netstat>()}; }

}  // namespace wirelab::shell::commands
