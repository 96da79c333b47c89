// traceroute: the path to a host, as Linux traceroute (2.x) prints it. UDP probes to port
// 33434 upwards (or ICMP echo with -I) with increasing TTL; routers answer with ICMP time
// exceeded (RFC 792), the destination with port unreachable or an echo reply (RFC 1393's
// classic method). Probes go one after another, each waiting for its answer or its timeout.
#include <cstdio>
#include <vector>

#include "engine/devices/host.h"
#include "engine/shell/commands/builtin_commands.h"
#include "engine/shell/options.h"
#include "engine/shell/resolve.h"
#include "engine/wire/icmp.h"
#include "engine/wire/ipv4.h"
#include "engine/wire/udp.h"

namespace wirelab::shell::commands {
namespace {

constexpr const char* kUsage =
    "Usage:\n"
    "  traceroute [ -nI ] [ -f first_ttl ] [ -m max_ttl ] [ -p port ] [ -q nqueries ] [ -w waittime ] host [ packetlen ]\n"
    "Options:\n"
    "  -I  --icmp                  Use ICMP ECHO for tracerouting\n"
    "  -f first_ttl  --first=first_ttl\n"
    "                              Start from the first_ttl hop (instead from 1)\n"
    "  -m max_ttl  --max-hops=max_ttl\n"
    "                              Set the max number of hops (max TTL to be\n"
    "                              reached). Default is 30\n"
    "  -n                          Do not resolve IP addresses to their domain names\n"
    "  -p port  --port=port        Set the destination port to use. It is either\n"
    "                              initial udp port value for \"default\" method\n"
    "                              (incremented by each probe, default is 33434), or\n"
    "                              initial seq for \"icmp\" (incremented as well,\n"
    "                              default from 1)\n"
    "  -w waittime  --wait=waittime\n"
    "                              Wait for a probe no more than waittime seconds\n"
    "                              (default 5.0)\n"
    "  -q nqueries  --queries=nqueries\n"
    "                              Set the number of probes per each hop. Default is 3\n"
    "Arguments:\n"
    "+     host          The host to traceroute to\n"
    "      packetlen     The full packet length (default is the length of an IP\n"
    "                    header plus 40). Can be ignored or increased to a minimal\n"
    "                    allowed value";

struct Probe {
  SimTime sent = 0;
  bool answered = false;
  wire::Ipv4Address from;
  SimDuration rtt = 0;
  std::string mark;  // "!N", "!H", ...
  bool final = false;
};

class Traceroute : public Command {
 public:
  using Command::Command;
  ~Traceroute() override {
    if (listener_) host().stack().remove_icmp_listener(listener_);
  }

  void start() override {
    auto o = parse_options(args(), "fmpqw", "nI");
    if (!o.error.empty()) {
      // traceroute's own wording: "Bad option `-x' (argc 1)".
      const char c = o.error[o.error.size() - 2];
      std::size_t argc = 1;
      while (argc + 1 < args().size() && !(args()[argc][0] == '-' && args()[argc].find(c) != std::string::npos)) ++argc;
      if (o.error.find("invalid") != std::string::npos)
        return usage_error(std::string("Bad option `-") + c + "' (argc " + std::to_string(argc) + ")");
      return usage_error(std::string("Option `-") + c + "' (argc " + std::to_string(argc) +
                         ") requires an argument: `" + option_help(c) + "'");
    }
    if (o.positionals.empty()) return usage_error(kUsage);
    if (o.positionals.size() > 2) {
      return usage_error("Extra arg `" + o.positionals[2] + "' (position 3, argc " +
                         std::to_string(args().size() - 1) + ")");
    }
    numeric_ = o.has('n');
    icmp_ = o.has('I');
    if (auto v = o.value('m')) {
      auto n = parse_int(*v, 1, 255);
      if (!n) return usage_error(bad_value("m", *v));
      max_ttl_ = static_cast<int>(*n);
    }
    if (auto v = o.value('f')) {
      auto n = parse_int(*v, 1, 255);
      if (!n) return usage_error(bad_value("f", *v));
      first_ttl_ = static_cast<int>(*n);
    }
    if (auto v = o.value('q')) {
      auto n = parse_int(*v, 1, 10);
      if (!n) return usage_error("no more than 10 probes per hop");
      queries_ = static_cast<int>(*n);
    }
    if (auto v = o.value('w')) {
      auto n = parse_number(*v);
      if (!n || *n < 0) return usage_error(bad_value("w", *v));
      wait_ = static_cast<SimDuration>(*n * 1e9);
    }
    if (auto v = o.value('p')) {
      auto n = parse_int(*v, 0, 65535);
      if (!n) return usage_error(bad_value("p", *v));
      port_ = static_cast<int>(*n);
    } else {
      port_ = icmp_ ? 1 : 33434;
    }
    if (first_ttl_ > max_ttl_) return usage_error("first hop out of range");
    if (o.positionals.size() == 2) {
      auto n = parse_int(o.positionals[1], 0, 65000);
      if (!n) return usage_error("Cannot handle `packetlen' cmdline arg `" + o.positionals[1] + "' (argc " +
                                 std::to_string(args().size() - 1) + ")");
      packet_len_ = std::max<std::size_t>(static_cast<std::size_t>(*n), 28);
    }
    target_name_ = o.positionals[0];
    auto dst = resolve_host(host(), target_name_);
    if (!dst) {
      print(target_name_ + ": Name or service not known\nCannot handle \"host\" cmdline arg `" + target_name_ +
            "' on position 1 (argc " + std::to_string(args().size() - 1) + ")\n");
      return finish(2);
    }
    dst_ = *dst;
    print("traceroute to " + target_name_ + " (" + dst_.to_string() + "), " + std::to_string(max_ttl_) +
          " hops max, " + std::to_string(packet_len_) + " byte packets\n");
    auto src = host().stack().source_for(dst_);
    if (!src) {
      print("connect: Network is unreachable\n");
      return finish(1);
    }
    src_ = *src;
    if (icmp_) {
      ident_ = static_cast<std::uint16_t>(host().stack().rng().next_u32());
    } else {
      sport_ = static_cast<std::uint16_t>(32768 + host().stack().rng().uniform(60999 - 32768 + 1));
    }
    listener_ = host().stack().add_icmp_listener([this](const net::IpDelivery& d) { on_icmp(d); });
    ttl_ = first_ttl_;
    send_probe();
  }

 private:
  static std::string bad_value(const std::string& opt, const std::string& v) {
    return "Cannot handle `-" + opt + "' option with arg `" + v + "' (argc 2)";
  }
  static std::string option_help(char c) {
    switch (c) {
      case 'f': return "-f first_ttl";
      case 'm': return "-m max_ttl";
      case 'p': return "-p port";
      case 'q': return "-q nqueries";
      default: return "-w waittime";
    }
  }

  std::size_t data_len() const { return packet_len_ - 20 - 8; }

  void send_probe() {
    const int index = static_cast<int>(probes_.size());
    Probe p;
    p.sent = now();
    probes_.push_back(p);
    Bytes data(data_len());
    for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<std::uint8_t>(0x40 + (i & 0x3f));
    net::IpSendOptions opts;
    opts.ttl = static_cast<std::uint8_t>(ttl_);
    net::SendResult r;
    if (icmp_) {
      auto msg = wire::IcmpMessage::echo(true, ident_, static_cast<std::uint16_t>(port_ + index), data);
      r = host().stack().send(dst_, static_cast<std::uint8_t>(wire::IpProtocol::Icmp), msg.to_bytes(), opts);
    } else {
      wire::UdpDatagram udp{sport_, static_cast<std::uint16_t>(port_ + index), 0, data};
      r = host().stack().send(dst_, static_cast<std::uint8_t>(wire::IpProtocol::Udp), udp.to_bytes(src_, dst_), opts);
    }
    if (!r.ok()) {
      if (in_line_) print("\n");
      print(std::string("send: ") + net::to_string(*r.error) + "\n");
      return finish(1);
    }
    timeout_ = after(wait_, [this] { probe_done(); });
  }

  // Which probe an ICMP message answers, or -1.
  int match(const net::IpDelivery& d, const wire::IcmpMessage& icmp) const {
    if (icmp_ && icmp.type == 0) {
      if (d.src != dst_ || icmp.echo_id() != ident_) return -1;
      return static_cast<int>(icmp.echo_seq()) - port_;
    }
    if (icmp.type != 3 && icmp.type != 11) return -1;
    // The quote: the probe's IP header and the first 8 bytes of its payload (RFC 792).
    if (icmp.data.size() < 28) return -1;
    const std::size_t hl = (icmp.data[0] & 15) * 4u;
    if (icmp.data.size() < hl + 8) return -1;
    if (wire::Ipv4Address{read_u32(icmp.data, 16)} != dst_) return -1;
    const ByteView inner = icmp.data.subspan(hl);
    if (icmp_) {
      if (icmp.data[9] != 1 || inner[0] != 8 || read_u16(inner, 4) != ident_) return -1;
      return static_cast<int>(read_u16(inner, 6)) - port_;
    }
    if (icmp.data[9] != 17 || read_u16(inner, 0) != sport_) return -1;
    return static_cast<int>(read_u16(inner, 2)) - port_;
  }

  void on_icmp(const net::IpDelivery& d) {
    auto icmp = wire::IcmpMessage::parse(d.payload());
    if (!icmp) return;
    const int index = match(d, *icmp);
    // Only the probe in flight counts; late answers to probes already given up are ignored.
    if (index < 0 || index + 1 != static_cast<int>(probes_.size())) return;
    Probe& p = probes_.back();
    if (p.answered) return;
    p.answered = true;
    p.from = d.src;
    p.rtt = d.time - p.sent;
    if (icmp->type == 0) {
      p.final = true;
    } else if (icmp->type == 3) {
      p.final = true;
      switch (icmp->code) {
        case 0: case 6: p.mark = "!N"; break;
        case 1: case 7: p.mark = "!H"; break;
        case 2: p.mark = "!P"; break;
        case 3: break;  // port unreachable: the destination was reached
        case 4: p.mark = "!F-" + std::to_string(icmp->next_hop_mtu()); break;
        case 5: p.mark = "!S"; break;
        case 9: case 10: case 13: p.mark = "!X"; break;
        case 14: p.mark = "!V"; break;
        case 15: p.mark = "!C"; break;
        default: p.mark = "!<" + std::to_string(icmp->code) + ">"; break;
      }
    } else if (icmp->code != 0) {
      return void(p.answered = false);  // reassembly time exceeded: not an answer
    }
    cancel(timeout_);
    probe_done();
  }

  // Prints the probe's part of the hop line as soon as it is known, as traceroute does.
  void probe_done() {
    const int index = static_cast<int>(probes_.size()) - 1;
    const int in_hop = index % queries_;
    std::string text;
    if (in_hop == 0) {
      char buf[16];
      std::snprintf(buf, sizeof buf, "%2d ", ttl_);
      text = buf;
      in_line_ = true;
    }
    const Probe& p = probes_.back();
    if (!p.answered) {
      text += " *";
    } else {
      // The address is printed when it differs from the last answered probe of this hop.
      bool show = true;
      for (int k = index - 1; k >= index - in_hop; --k) {
        if (!probes_[k].answered) continue;
        show = probes_[k].from != p.from;
        break;
      }
      const std::string a = p.from.to_string();
      if (show) text += numeric_ ? " " + a : " " + a + " (" + a + ")";
      char buf[32];
      std::snprintf(buf, sizeof buf, "  %.3f ms", static_cast<double>(p.rtt) / 1e6);
      text += buf;
      if (!p.mark.empty()) text += " " + p.mark;
    }
    if (p.final) reached_ = true;
    if (in_hop + 1 < queries_) {
      print(text);
      return send_probe();
    }
    print(text + "\n");
    in_line_ = false;
    if (reached_ || ttl_ >= max_ttl_) return finish(0);
    ++ttl_;
    send_probe();
  }

  bool numeric_ = false, icmp_ = false;
  int first_ttl_ = 1, max_ttl_ = 30, queries_ = 3, port_ = 33434;
  SimDuration wait_ = seconds(5);
  std::size_t packet_len_ = 60;
  std::string target_name_;
  wire::Ipv4Address dst_, src_;
  std::uint16_t sport_ = 0, ident_ = 0;
  int ttl_ = 1;
  std::vector<Probe> probes_;
  bool in_line_ = false;
  bool reached_ = false;
  sim::TimerId timeout_;
  int listener_ = 0;
};

}  // namespace

CommandInfo traceroute_command() {
  return {"traceroute", "print the route packets trace to network host", factory<Traceroute>()};
}

}  // namespace wirelab::shell::commands
