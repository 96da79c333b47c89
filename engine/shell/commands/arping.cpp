// arping: ARP requests to a neighbour (RFC 826), or gratuitous announcements with -U
// (RFC 5227 §3), printed as iputils arping prints them.
#include <cctype>
#include <cstdio>

#include "engine/devices/host.h"
#include "engine/shell/commands/builtin_commands.h"
#include "engine/shell/options.h"
#include "engine/shell/resolve.h"
#include "engine/wire/arp.h"

namespace wirelab::shell::commands {
namespace {

constexpr const char* kUsage =
    "\nUsage:\n"
    "  arping [options] <destination>\n"
    "\n"
    "Options:\n"
    "  -f            quit on first reply\n"
    "  -q            be quiet\n"
    "  -b            keep on broadcasting, do not unicast\n"
    "  -U            unsolicited ARP mode, update your neighbours\n"
    "  -c <count>    how many packets to send\n"
    "  -w <timeout>  how long to wait for a reply\n"
    "  -i <interval> set interval between packets (default: 1 second)\n"
    "  -I <device>   which ethernet device to use\n"
    "  <destination> dns name or ip address\n"
    "\n"
    "For more details see arping(8).";

class Arping : public Command {
 public:
  using Command::Command;
  ~Arping() override {
    if (listener_) host().stack().remove_arp_listener(listener_);
  }

  void start() override {
    auto o = parse_options(args(), "cwiI", "fqbUh");
    if (!o.error.empty()) return usage_error("arping: " + o.error + kUsage);
    if (o.has('h') || o.positionals.size() != 1) return usage_error(kUsage + 1);
    if (auto v = o.value('c')) {
      auto n = parse_int(*v, 1, 2147483647);
      if (!n) return usage_error("arping: invalid argument: '" + *v + "'");
      count_ = static_cast<long long>(*n);
    }
    if (auto v = o.value('w')) {
      auto n = parse_number(*v);
      if (!n || *n < 0) return usage_error("arping: invalid argument: '" + *v + "'");
      after(static_cast<SimDuration>(*n * 1e9), [this] { done(); });
    }
    if (auto v = o.value('i')) {
      auto n = parse_number(*v);
      if (!n || *n < 0.001) return usage_error("arping: invalid argument: '" + *v + "'");
      interval_ = static_cast<SimDuration>(*n * 1e9);
    }
    quit_on_reply_ = o.has('f');
    quiet_ = o.has('q');
    unsolicited_ = o.has('U');
    const std::string& name = o.positionals[0];
    auto dst = resolve_host(host(), name);
    if (!dst) {
      print("arping: " + name + ": Name or service not known\n");
      return finish(2);
    }
    dst_ = *dst;
    auto& stack = host().stack();
    if (auto dev = o.value('I')) {
      iface_ = stack.find_interface(*dev);
      if (!iface_) {
        print("arping: Device " + *dev + " not available.\n");
        return finish(2);
      }
    } else if (auto r = stack.routes().lookup(dst_)) {
      iface_ = r->interface;
    } else if (!stack.interfaces().empty()) {
      iface_ = 0;
    } else {
      print("arping: Suitable device could not be determined. Please, use option -I.\n");
      return finish(2);
    }
    const auto& ni = stack.interfaces()[*iface_];
    if (!ni.up) {
      print("arping: Interface \"" + ni.name + "\" is down\n");
      return finish(2);
    }
    src_ = unsolicited_ ? dst_ : (ni.address ? ni.address->address : wire::Ipv4Address{});
    if (unsolicited_ && (!ni.address || ni.address->address != dst_)) {
      print("arping: bind: Cannot assign requested address\n");
      return finish(2);
    }
    listener_ = stack.add_arp_listener(
        [this](std::size_t iface, const Bytes& packet, SimTime t) { on_arp(iface, packet, t); });
    print("ARPING " + dst_.to_string() + " from " + src_.to_string() + " " + ni.name + "\n");
    send_next();
  }

  void interrupt() override {
    print("^C");
    done();
  }

 private:
  void send_next() {
    if (count_ >= 0 && sent_ >= count_) return done();
    if (quit_on_reply_ && received_ > 0) return done();
    if (unsolicited_) host().stack().announce(*iface_);
    else host().stack().send_arp_request(*iface_, dst_);
    ++sent_;
    ++broadcasts_;
    last_sent_ = now();
    after(interval_, [this] { send_next(); });
  }

  void on_arp(std::size_t iface, const Bytes& packet, SimTime t) {
    if (iface != *iface_ || unsolicited_) return;
    auto a = wire::ArpPacket::parse(packet);
    if (!a || (a->operation != 1 && a->operation != 2)) return;
    const auto& ni = host().stack().interfaces()[iface];
    if (a->sender_ip != dst_ || a->target_ip != src_ || a->sender_mac == ni.mac) return;
    // iputils tells a reply addressed to us from one sent to everyone by its target MAC.
    const bool unicast = a->target_mac == ni.mac;
    if (a->operation == 1) ++requests_;
    if (!unicast) ++broadcast_replies_;
    ++received_;
    if (!quiet_) {
      std::string mac = a->sender_mac.to_string();
      for (char& c : mac) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      const SimDuration d = t - last_sent_;
      char buf[48];
      std::snprintf(buf, sizeof buf, " %lld.%03lldms\n", static_cast<long long>(d / 1000000),
                    static_cast<long long>((d % 1000000) / 1000));
      print(std::string(unicast ? "Unicast " : "Broadcast ") + (a->operation == 2 ? "reply" : "request") +
            " from " + a->sender_ip.to_string() + " [" + mac + "] " + buf);
    }
    if (quit_on_reply_) done();
  }

  void done() {
    if (finished()) return;
    if (!quiet_) {
      std::string s = "Sent " + std::to_string(sent_) + " probes (" + std::to_string(broadcasts_) + " broadcast(s))\n";
      s += "Received " + std::to_string(received_) + " response(s)";
      if (requests_ || broadcast_replies_) {
        s += " (";
        if (requests_) s += std::to_string(requests_) + " request(s)";
        if (broadcast_replies_) s += (requests_ ? ", " : "") + std::to_string(broadcast_replies_) + " broadcast(s)";
        s += ")";
      }
      print(s + "\n");
    }
    finish(unsolicited_ ? 0 : (received_ > 0 ? 0 : 1));
  }

  long long count_ = -1;  // -1: until interrupted
  SimDuration interval_ = seconds(1);
  bool quit_on_reply_ = false, quiet_ = false, unsolicited_ = false;
  wire::Ipv4Address dst_, src_;
  std::optional<std::size_t> iface_;
  long long sent_ = 0, broadcasts_ = 0, received_ = 0, requests_ = 0, broadcast_replies_ = 0;
  SimTime last_sent_ = 0;
  int listener_ = 0;
};

}  // namespace

CommandInfo arping_command() {
  return {"arping", "send ARP REQUEST to a neighbour host", factory<Arping>()};
}

}  // namespace wirelab::shell::commands
