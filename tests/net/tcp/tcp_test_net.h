// A tiny in-test network for TcpConnection transcripts: two connections back to back, every
// segment encoded and parsed again (checksums verified), with a configurable one-way delay,
// seeded loss / duplication / reordering, a per-segment drop hook, and a loop that calls
// on_timer at poll_at. The log keeps every segment sent, in order.
#pragma once
#include <functional>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/base/rng.h"
#include "engine/net/tcp/tcp_connection.h"

namespace wirelab::net::tcp::testing {

inline std::string describe_options(const std::vector<wire::TcpOption>& opts) {
  std::ostringstream o;
  bool first = true;
  for (const auto& op : opts) {
    if (!first) o << ',';
    first = false;
    if (op.is(wire::TcpOptionKind::Nop)) o << "nop";
    else if (op.is(wire::TcpOptionKind::End)) o << "eol";
    else if (op.is(wire::TcpOptionKind::Mss)) o << "mss " << op.mss;
    else if (op.is(wire::TcpOptionKind::WindowScale)) o << "wscale " << int(op.window_shift);
    else if (op.is(wire::TcpOptionKind::SackPermitted)) o << "sackOK";
    else if (op.is(wire::TcpOptionKind::Timestamps)) o << "TS " << op.ts_val << ":" << op.ts_ecr;
    else if (op.is(wire::TcpOptionKind::Sack)) {
      o << "sack";
      for (const auto& b : op.sack_blocks) o << ' ' << b.left << '-' << b.right;
    } else o << "kind " << int(op.kind);
  }
  return o.str();
}

// tcpdump-like: "SYN,ACK seq=5000 ack=1001 win=65535 len=0 [mss 1460,nop,wscale 2]"
inline std::string describe(const wire::TcpHeader& s, std::size_t len) {
  std::ostringstream o;
  o << wire::flags_to_string(s.flags) << " seq=" << s.seq;
  if (s.ack_flag()) o << " ack=" << s.ack;
  o << " win=" << s.window << " len=" << len;
  if (!s.options.empty()) o << " [" << describe_options(s.options) << "]";
  return o.str();
}

struct NetSpec {
  SimDuration delay = milliseconds(10);
  double loss = 0, duplicate = 0, reorder = 0;
  SimDuration reorder_extra = milliseconds(3);
  std::uint64_t seed = 1;
};

class TestNet {
 public:
  struct Sent {
    SimTime time;
    char from;  // 'A' or 'B'
    wire::TcpSegmentOut seg;
    bool dropped;
    std::string text() const { return std::string(1, from) + ">" + describe(seg, seg.payload.size()); }
  };
  struct Ev {
    SimTime time;
    char who;
    Event event;
  };

  static Endpoint ep_a() { return {wire::Ipv4Address{0x0a000001}, 40000}; }
  static Endpoint ep_b() { return {wire::Ipv4Address{0x0a000002}, 80}; }

  TestNet(TcpConfig ca, TcpConfig cb, std::uint32_t isn_a = 1000, std::uint32_t isn_b = 5000, NetSpec spec = {})
      : a(ep_a(), ep_b(), isn_a, ca), b(ep_b(), ep_a(), isn_b, cb), spec_(spec), rng_(spec.seed) {}

  TcpConnection a, b;
  SimTime now = 0;
  bool b_listens = true;  // a SYN reaching a CLOSED B goes to accept_syn
  std::vector<Sent> log;
  std::vector<Ev> events;
  // Return true to drop this segment (index counts segments from that side, from 0).
  std::function<bool(char from, const wire::TcpSegmentOut&, int index)> drop;
  std::function<void()> on_step;  // application behaviour, called after every step

  // Moves output into the wire and events into `events`.
  void collect() {
    gather('A', a);
    gather('B', b);
  }

  // Runs one instant: the next arrival or timer, whichever is first (<= limit). False if none.
  bool step(SimTime limit) {
    collect();
    SimTime next = kNever;
    if (!wire_.empty()) next = wire_.begin()->first;
    if (auto t = a.poll_at()) next = std::min(next, *t);
    if (auto t = b.poll_at()) next = std::min(next, *t);
    if (next == kNever || next > limit) return false;
    now = std::max(now, next);
    while (!wire_.empty() && wire_.begin()->first <= now) {
      Flight f = std::move(wire_.begin()->second);
      wire_.erase(wire_.begin());
      deliver(f);
    }
    if (auto t = a.poll_at(); t && *t <= now) a.on_timer(now);
    if (auto t = b.poll_at(); t && *t <= now) b.on_timer(now);
    if (on_step) on_step();
    collect();
    return true;
  }
  void run_until(SimTime t) {
    while (step(t)) {
    }
    now = std::max(now, t);
    collect();
  }
  // Runs until cond() holds (checked after every step) or time passes `limit`.
  bool run_while_not(const std::function<bool()>& cond, SimTime limit) {
    while (!cond()) {
      if (!step(limit)) return cond();
    }
    return true;
  }
  // Segments sent (not only delivered) from index `from` on, as text.
  std::vector<std::string> transcript(std::size_t from = 0) const {
    std::vector<std::string> v;
    for (std::size_t i = from; i < log.size(); ++i) v.push_back(log[i].text());
    return v;
  }
  std::vector<Event> events_of(char who) const {
    std::vector<Event> v;
    for (const auto& e : events)
      if (e.who == who) v.push_back(e.event);
    return v;
  }
  // Hands a segment straight to a side as if it arrived now (for crafted segments).
  void inject(char to, const wire::TcpSegmentOut& seg) {
    Flight f{to == 'A' ? 'B' : 'A', seg.encode(src_of(to == 'A' ? 'B' : 'A'), src_of(to))};
    deliver(f);
    collect();
  }

 private:
  struct Flight {
    char from;
    Bytes bytes;
  };
  static wire::Ipv4Address src_of(char who) { return who == 'A' ? ep_a().address : ep_b().address; }

  void gather(char who, TcpConnection& c) {
    for (auto& s : c.take_segments()) {
      int idx = who == 'A' ? sent_a_++ : sent_b_++;
      bool dropped = (drop && drop(who, s, idx)) || (spec_.loss > 0 && rng_.next_double() < spec_.loss);
      Bytes bytes = s.encode(src_of(who), src_of(who == 'A' ? 'B' : 'A'));
      log.push_back({now, who, s, dropped});
      if (dropped) continue;
      SimDuration d = spec_.delay;
      if (spec_.reorder > 0 && rng_.next_double() < spec_.reorder) d += spec_.reorder_extra;
      if (spec_.duplicate > 0 && rng_.next_double() < spec_.duplicate)
        wire_.emplace(now + d + microseconds(100), Flight{who, bytes});
      wire_.emplace(now + d, Flight{who, std::move(bytes)});
    }
    for (Event e : c.take_events()) events.push_back({now, who, e});
  }

  void deliver(const Flight& f) {
    char to = f.from == 'A' ? 'B' : 'A';
    auto seg = wire::TcpSegment::parse(f.bytes, src_of(f.from), src_of(to));
    if (!seg) throw std::runtime_error("test net: bad segment: " + seg.error().reason);
    TcpConnection& c = to == 'A' ? a : b;
    if (to == 'B' && b_listens && c.state() == State::Closed && seg->syn() && !seg->ack_flag()) {
      b_listens = false;
      c.accept_syn(*seg, now);
    } else {
      c.on_segment(*seg, now);
    }
  }

  NetSpec spec_;
  Rng rng_;
  std::multimap<SimTime, Flight> wire_;
  int sent_a_ = 0, sent_b_ = 0;
};

}  // namespace wirelab::net::tcp::testing
