// ping: ICMP echo, output as iputils ping prints it (RFC 792 echo; statistics with mdev).
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "engine/devices/host.h"
#include "engine/shell/commands/builtin_commands.h"
#include "engine/shell/commands/icmp_text.h"
#include "engine/shell/options.h"
#include "engine/shell/resolve.h"
#include "engine/wire/icmp.h"
#include "engine/wire/ipv4.h"

namespace wirelab::shell::commands {
namespace {

constexpr const char* kUsage =
    "Usage: ping [-c count] [-i interval] [-s packetsize] [-t ttl] [-W timeout] [-M do|dont|want] destination";

class Ping : public Command {
 public:
  using Command::Command;
  ~Ping() override {
    if (listener_) host().stack().remove_icmp_listener(listener_);
  }

  void start() override {
    auto o = parse_options(args(), "cistWM", "");
    if (!o.error.empty()) return usage_error("ping: " + o.error + "\n" + kUsage);
    if (o.positionals.size() != 1) return usage_error(kUsage);
    if (auto v = o.value('c')) {
      auto n = parse_int(*v, 1, 1000000);
      if (!n) return usage_error("ping: invalid argument: '" + *v + "': out of range: 1 <= value <= 1000000");
      count_ = static_cast<int>(*n);
    }
    if (auto v = o.value('s')) {
      auto n = parse_int(*v, 0, 65507);
      if (!n) return usage_error("ping: invalid argument: '" + *v + "': out of range: 0 <= value <= 65507");
      size_ = static_cast<std::size_t>(*n);
    }
    if (auto v = o.value('t')) {
      auto n = parse_int(*v, 1, 255);
      if (!n) return usage_error("ping: invalid argument: '" + *v + "': out of range: 1 <= value <= 255");
      ttl_ = static_cast<std::uint8_t>(*n);
    }
    if (auto v = o.value('i')) {
      auto n = parse_number(*v);
      if (!n || *n < 0.002) return usage_error("ping: bad timing interval: " + *v);
      interval_ = static_cast<SimDuration>(*n * 1e9);
    }
    if (auto v = o.value('W')) {
      auto n = parse_number(*v);
      if (!n || *n < 0) return usage_error("ping: bad linger time: " + *v);
      linger_ = static_cast<SimDuration>(*n * 1e9);
    }
    if (auto v = o.value('M')) {
      if (*v == "do") df_ = true;
      else if (*v != "dont" && *v != "want") return usage_error("ping: wrong value for -M: do, dont, want are valid ones.");
    }
    target_name_ = o.positionals[0];
    auto dst = resolve_host(host(), target_name_);
    if (!dst) {
      print("ping: " + target_name_ + ": Name or service not known\n");
      return finish(2);
    }
    dst_ = *dst;
    if (!host().stack().source_for(dst_)) {
      print("ping: connect: Network is unreachable\n");
      return finish(2);
    }
    id_ = static_cast<std::uint16_t>(host().stack().rng().next_u32());
    listener_ = host().stack().add_icmp_listener([this](const net::IpDelivery& d) { on_icmp(d); });
    print("PING " + target_name_ + " (" + dst_.to_string() + ") " + std::to_string(size_) + "(" +
          std::to_string(size_ + 28) + ") bytes of data.\n");
    start_time_ = now();
    send_next();
  }

  void interrupt() override {
    print("^C\n");
    summary();
  }

 private:
  void send_next() {
    ++seq_;
    Bytes data(size_);
    for (std::size_t i = 0; i < size_; ++i) data[i] = static_cast<std::uint8_t>(i);
    if (size_ >= 16) {
      // struct timeval in host (little-endian) order, as iputils puts it: Wireshark shows it as
      // "Timestamp from icmp data". Virtual clock plus the scenario's start date.
      const std::int64_t wall = ctx().capture.epoch_ns + now();
      const std::uint64_t sec = static_cast<std::uint64_t>(wall / 1000000000), usec = static_cast<std::uint64_t>((wall % 1000000000) / 1000);
      for (int i = 0; i < 8; ++i) data[i] = static_cast<std::uint8_t>(sec >> (8 * i));
      for (int i = 0; i < 8; ++i) data[8 + i] = static_cast<std::uint8_t>(usec >> (8 * i));
    }
    auto msg = wire::IcmpMessage::echo(true, id_, static_cast<std::uint16_t>(seq_), data);
    net::IpSendOptions opts;
    opts.ttl = ttl_;
    opts.dont_fragment = df_;
    auto r = host().stack().send(dst_, static_cast<std::uint8_t>(wire::IpProtocol::Icmp), msg.to_bytes(), opts);
    ++transmitted_;
    sent_at_[static_cast<std::uint16_t>(seq_)] = now();
    if (!r.ok()) {
      if (*r.error == net::SendError::MessageTooLong)
        print("ping: local error: message too long, mtu=" + std::to_string(r.mtu) + "\n");
      else
        print(std::string("ping: sendmsg: ") + net::to_string(*r.error) + "\n");
      ++errors_;
    }
    if (count_ > 0 && transmitted_ >= count_) {
      check_done();
      if (!finished()) after(linger_, [this] { summary(); });
      return;
    }
    after(interval_, [this] { send_next(); });
  }

  void on_icmp(const net::IpDelivery& d) {
    auto icmp = wire::IcmpMessage::parse(d.payload());
    if (!icmp) return;
    if (icmp->type == 0 && icmp->echo_id() == id_ && d.src == dst_) {
      auto it = sent_at_.find(icmp->echo_seq());
      if (it == sent_at_.end()) return;
      const SimDuration rtt = d.time - it->second;
      bool dup = !replied_.insert(icmp->echo_seq()).second;
      print(std::to_string(d.payload().size()) + " bytes from " + d.src.to_string() + ": icmp_seq=" +
            std::to_string(icmp->echo_seq()) + " ttl=" + std::to_string(d.ttl) + " time=" + format_rtt(rtt) +
            " ms" + (dup ? " (DUP!)" : "") + "\n");
      if (dup) ++duplicates_;
      else {
        ++received_;
        rtts_.push_back(static_cast<double>(rtt) / 1e6);
      }
      check_done();
      return;
    }
    if (!icmp->is_error()) return;
    // The error quotes our echo request: IP header + 8 bytes of ICMP (RFC 792).
    // The quote is only header + 8 bytes, so its total length does not match: read it by hand.
    if (icmp->data.size() < 28) return;
    const std::size_t hl = (icmp->data[0] & 15) * 4u;
    if (icmp->data.size() < hl + 8 || icmp->data[9] != 1) return;
    const ByteView inner = icmp->data.subspan(hl);
    if (inner[0] != 8 || read_u16(inner, 4) != id_) return;
    if (wire::Ipv4Address{read_u32(icmp->data, 16)} != dst_) return;
    ++errors_;
    print("From " + d.src.to_string() + " icmp_seq=" + std::to_string(read_u16(inner, 6)) + " " +
          ping_icmp_error_text(icmp->type, icmp->code, icmp->next_hop_mtu()) + "\n");
    check_done();
  }

  void check_done() {
    if (count_ > 0 && transmitted_ >= count_ && received_ + errors_ >= count_) summary();
  }

  static std::string format_rtt(SimDuration rtt) {
    // iputils: 3 decimals below 1 ms... it prints %.3f under 100 ms, %.1f under 1 s, else %.0f.
    double ms = static_cast<double>(rtt) / 1e6;
    char buf[32];
    if (ms < 100) std::snprintf(buf, sizeof buf, "%.3f", ms);
    else if (ms < 1000) std::snprintf(buf, sizeof buf, "%.1f", ms);
    else std::snprintf(buf, sizeof buf, "%.0f", ms);
    return buf;
  }

  void summary() {
    if (finished()) return;
    const SimDuration elapsed = now() - start_time_;
    std::string s = "\n--- " + target_name_ + " ping statistics ---\n";
    s += std::to_string(transmitted_) + " packets transmitted, " + std::to_string(received_) + " received";
    if (duplicates_) s += ", +" + std::to_string(duplicates_) + " duplicates";
    if (errors_) s += ", +" + std::to_string(errors_) + " errors";
    char buf[160];
    const double loss = transmitted_ ? 100.0 * (transmitted_ - received_) / transmitted_ : 0.0;
    std::snprintf(buf, sizeof buf, ", %g%% packet loss, time %lldms\n", loss,
                  static_cast<long long>(elapsed / 1000000));
    s += buf;
    if (!rtts_.empty()) {
      double mn = rtts_[0], mx = rtts_[0], sum = 0, sum2 = 0;
      for (double r : rtts_) {
        mn = std::min(mn, r);
        mx = std::max(mx, r);
        sum += r;
        sum2 += r * r;
      }
      const double avg = sum / rtts_.size();
      const double mdev = std::sqrt(std::max(0.0, sum2 / rtts_.size() - avg * avg));
      std::snprintf(buf, sizeof buf, "rtt min/avg/max/mdev = %.3f/%.3f/%.3f/%.3f ms\n", mn, avg, mx, mdev);
      s += buf;
    }
    print(s);
    finish(received_ > 0 ? 0 : 1);
  }

  int count_ = 0;  // 0 = until interrupted
  std::size_t size_ = 56;
  std::optional<std::uint8_t> ttl_;  // default: the host's
  bool df_ = false;
  SimDuration interval_ = seconds(1);
  SimDuration linger_ = seconds(10);
  std::string target_name_;
  wire::Ipv4Address dst_;
  std::uint16_t id_ = 0;
  int seq_ = 0;
  int transmitted_ = 0, received_ = 0, errors_ = 0, duplicates_ = 0;
  std::map<std::uint16_t, SimTime> sent_at_;
  std::set<std::uint16_t> replied_;
  std::vector<double> rtts_;
  SimTime start_time_ = 0;
  int listener_ = 0;
};

}  // namespace

CommandInfo ping_command() { return {"ping", "send ICMP ECHO_REQUEST to network hosts", factory<Ping>()}; }

}  // namespace wirelab::shell::commands
