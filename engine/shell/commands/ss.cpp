// ss: socket statistics as iproute2 ss prints them when its output is not a terminal (columns
// as wide as their widest cell; our shell is a log, not a tty with a width). -t/-u pick TCP or
// UDP (both by default, and then the Netid column shows), -a all states, -l listening (LISTEN
// and UNCONN), default connected sockets only (not TIME-WAIT, SYN-RECV); -n numeric ports,
// -H no header. UDP is listed before TCP, as ss does.
#include <algorithm>
#include <array>
#include <cstdio>

#include "engine/devices/host.h"
#include "engine/shell/commands/builtin_commands.h"
#include "engine/shell/commands/service_names.h"
#include "engine/shell/options.h"

namespace wirelab::shell::commands {
namespace {

constexpr const char* kUsage =
    "Usage: ss [ OPTIONS ]\n"
    "       ss [ OPTIONS ] [ FILTER ]\n"
    "   -h, --help          this message\n"
    "   -n, --numeric       don't resolve service names\n"
    "   -a, --all           display all sockets\n"
    "   -l, --listening     display listening sockets\n"
    "   -H, --no-header     Suppress header line\n"
    "   -4, --ipv4          display only IP version 4 sockets\n"
    "   -t, --tcp           display only TCP sockets\n"
    "   -u, --udp           display only UDP sockets\n";

const char* ss_state(net::tcp::State s) {
  using net::tcp::State;
  switch (s) {
    case State::Established: return "ESTAB";
    case State::SynSent: return "SYN-SENT";
    case State::SynReceived: return "SYN-RECV";
    case State::FinWait1: return "FIN-WAIT-1";
    case State::FinWait2: return "FIN-WAIT-2";
    case State::TimeWait: return "TIME-WAIT";
    case State::Closed: return "UNCONN";
    case State::CloseWait: return "CLOSE-WAIT";
    case State::LastAck: return "LAST-ACK";
    case State::Listen: return "LISTEN";
    case State::Closing: return "CLOSING";
  }
  return "UNKNOWN";
}

enum Col { Netid, State, RecvQ, SendQ, Addr, Serv, RAddr, RServ, kCols };
struct Column {
  const char* header;
  const char* ldelim;
  bool right;
};
constexpr std::array<Column, kCols> kColumns{{{"Netid", "", false},
                                              {"State", " ", false},
                                              {"Recv-Q", " ", false},
                                              {"Send-Q", " ", false},
                                              {"Local Address:", " ", true},
                                              {"Port", "", false},
                                              {"Peer Address:", " ", true},
                                              {"Port", "", false}}};
using Row = std::array<std::string, kCols>;

class Ss : public Command {
 public:
  using Command::Command;

  void start() override {
    auto o = parse_options(args(), "", "tuanlH4hr");
    if (!o.error.empty()) {
      print("ss: " + o.error + "\n" + kUsage);
      return finish(255);  // usage() exits with -1
    }
    if (o.has('h')) {
      print(kUsage);
      return finish(0);
    }
    const bool tcp = o.has('t') || !o.has('u'), udp = o.has('u') || !o.has('t');
    numeric_ = o.has('n');
    const bool all = o.has('a'), listening = o.has('l');
    std::vector<Row> rows;
    if (!o.has('H')) {
      Row h;
      for (int c = 0; c < kCols; ++c) h[c] = kColumns[c].header;
      rows.push_back(h);
    }
    if (udp) {
      for (const auto& s : host().udp().sockets()) {
        const net::Endpoint remote = s.remote.value_or(net::Endpoint{});
        const bool connected = !remote.address.is_any();
        if (!all && (listening == connected)) continue;  // default: ESTAB; -l: UNCONN
        rows.push_back(row("udp", connected ? "ESTAB" : "UNCONN", s.recv_queue, 0, s.local, remote, true));
      }
    }
    if (tcp) {
      using net::tcp::State;
      for (const auto& s : host().tcp().sockets()) {
        if (s.state == State::Closed) continue;  // not in the kernel's tables
        const bool listen = s.state == State::Listen;
        if (!all && listening != listen) continue;
        if (!all && !listening && (s.state == State::TimeWait || s.state == State::SynReceived)) continue;
        rows.push_back(row("tcp", ss_state(s.state), s.recv_queue, s.send_queue, s.local,
                           s.remote.value_or(net::Endpoint{}), false));
      }
    }
    print(render(rows, !(tcp && udp)));
    finish(0);
  }

 private:
  Row row(const char* proto, const char* state, std::size_t rq, std::size_t wq, const net::Endpoint& local,
          const net::Endpoint& remote, bool udp) const {
    char q1[32], q2[32];
    std::snprintf(q1, sizeof q1, "%-6zu", rq);
    std::snprintf(q2, sizeof q2, "%-6zu", wq);
    return {proto, state, q1, q2, local.address.to_string() + ":", port(local.port, udp),
            remote.address.to_string() + ":", port(remote.port, udp)};
  }

  std::string port(std::uint16_t p, bool udp) const {
    if (p == 0) return "*";
    const char* name = numeric_ ? nullptr : service_name(p, udp);
    return name ? name : std::to_string(p);
  }

  // iproute2's render() in compact mode: each column as wide as its widest cell (plus its left
  // delimiter), right-aligned addresses, left-aligned everything else.
  static std::string render(const std::vector<Row>& rows, bool hide_netid) {
    std::array<std::size_t, kCols> width{};
    bool first = true;
    for (int c = 0; c < kCols; ++c) {
      if (c == Netid && hide_netid) continue;
      std::size_t max_len = 0;
      for (const auto& r : rows) max_len = std::max(max_len, r[c].size());
      width[c] = max_len + (!first && max_len ? std::string(kColumns[c].ldelim).size() : 0);
      if (width[c]) first = false;
    }
    std::string out;
    for (const auto& r : rows) {
      bool started = false;
      for (int c = 0; c < kCols; ++c) {
        if (c == Netid && hide_netid) continue;
        std::size_t printed = 0;
        if (started) {
          out += kColumns[c].ldelim;
          printed = std::string(kColumns[c].ldelim).size();
        }
        started = true;
        if (kColumns[c].right && width[c] > r[c].size() + printed) out.append(width[c] - r[c].size() - printed, ' ');
        out += r[c];
        printed += r[c].size();
        if (!kColumns[c].right && width[c] > printed) out.append(width[c] - printed, ' ');
      }
      out += "\n";
    }
    return out;
  }

  bool numeric_ = false;
};

}  // namespace

CommandInfo ss_command() { return {"ss", "another utility to investigate sockets (iproute2)", factory<Ss>()}; }

}  // namespace wirelab::shell::commands
