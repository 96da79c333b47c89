// TcpConnection transcripts: three-way handshake (RFC 9293 Figure 7), option negotiation
// (RFC 7323, RFC 2018), simultaneous open (Figure 8), SYN retransmission backoff (RFC 6298),
// RSTs for closed connections (§3.10.7.1), challenge ACKs (RFC 5961).
#include <catch2/catch.hpp>

#include "tests/net/tcp/tcp_test_net.h"

using namespace wirelab;
using namespace wirelab::net::tcp;
using namespace wirelab::net::tcp::testing;
namespace f = wirelab::wire::tcp_flags;

namespace {
TcpConfig plain() {
  TcpConfig c;
  c.window_scaling = false;
  c.timestamps = false;
  c.sack_permitted = false;
  return c;
}
using Lines = std::vector<std::string>;
}  // namespace

TEST_CASE("tcp: three-way handshake with every option", "[tcp]") {
  TcpConfig ca, cb;
  ca.timestamp_offset = 100000;
  cb.timestamp_offset = 200000;
  TestNet n(ca, cb);
  n.a.connect(0);
  CHECK(n.a.state() == State::SynSent);
  CHECK(n.a.poll_at() == seconds(1));
  n.run_until(milliseconds(100));
  CHECK(n.transcript() == Lines{
      "A>SYN seq=1000 win=65535 len=0 [mss 1460,sackOK,TS 100000:0,nop,wscale 3]",
      "B>SYN,ACK seq=5000 ack=1001 win=65535 len=0 [mss 1460,sackOK,TS 200010:100000,nop,wscale 3]",
      "A>ACK seq=1001 ack=5001 win=32768 len=0 [nop,nop,TS 100020:200010]",
  });
  CHECK(n.log[1].time == milliseconds(10));
  CHECK(n.a.state() == State::Established);
  CHECK(n.b.state() == State::Established);
  REQUIRE(n.events.size() == 2);
  CHECK(n.events[0].who == 'A');
  CHECK(n.events[0].time == milliseconds(20));
  CHECK(n.events[1].who == 'B');
  CHECK(n.events[1].time == milliseconds(30));
  CHECK(n.events[1].event == Event::Connected);
  const TcpStats& s = n.a.stats();
  CHECK(s.mss == 1448);  // 1460 - 12 bytes of timestamps
  CHECK(s.snd_wscale == 3);
  CHECK(s.rcv_wscale == 3);
  CHECK(s.ts);
  CHECK(s.sack);
  CHECK(s.cwnd == 10 * 1448);  // IW10
  CHECK(s.srtt == milliseconds(20));
  CHECK_FALSE(n.a.poll_at().has_value());  // nothing outstanding, nothing to time
}

TEST_CASE("tcp: options are only used when both SYNs carry them", "[tcp]") {
  TcpConfig ca = plain(), cb;
  SECTION("none offered") {
    TestNet n(ca, cb);
    n.a.connect(0);
    n.run_until(milliseconds(100));
    CHECK(n.transcript() == Lines{
        "A>SYN seq=1000 win=65535 len=0 [mss 1460]",
        "B>SYN,ACK seq=5000 ack=1001 win=65535 len=0 [mss 1460]",
        "A>ACK seq=1001 ack=5001 win=65535 len=0",
    });
    for (auto* c : {&n.a, &n.b}) {
      CHECK(c->stats().mss == 1460);
      CHECK_FALSE(c->stats().ts);
      CHECK_FALSE(c->stats().sack);
      CHECK(c->stats().snd_wscale == 0);
      CHECK(c->stats().rcv_wscale == 0);
    }
  }
  SECTION("SACK only, smaller MSS on the other side") {
    ca.sack_permitted = true;
    cb.mss = 1200;
    cb.receive_buffer = 1 << 20;
    TestNet n(ca, cb);
    n.a.connect(0);
    n.run_until(milliseconds(100));
    CHECK(n.transcript() == Lines{
        "A>SYN seq=1000 win=65535 len=0 [mss 1460,nop,nop,sackOK]",
        "B>SYN,ACK seq=5000 ack=1001 win=65535 len=0 [mss 1200,nop,nop,sackOK]",
        "A>ACK seq=1001 ack=5001 win=65535 len=0",
    });
    CHECK(n.a.stats().mss == 1200);
    CHECK(n.b.stats().mss == 1200);
    CHECK(n.b.stats().sack);
    CHECK(n.b.stats().rcv_wscale == 0);  // B wanted 5 but A did not offer scaling
  }
  SECTION("window scale chosen so the receive buffer fits") {
    TcpConfig x;
    x.receive_buffer = 4 << 20;  // 4 MiB needs a shift of 7
    x.timestamps = false;
    TestNet n(x, x);
    n.a.connect(0);
    n.run_until(milliseconds(100));
    CHECK(n.transcript()[0] == "A>SYN seq=1000 win=65535 len=0 [mss 1460,nop,nop,sackOK,nop,wscale 7]");
    CHECK(n.transcript()[2] == "A>ACK seq=1001 ack=5001 win=32768 len=0");  // 32768 << 7 = 4 MiB
  }
}

TEST_CASE("tcp: simultaneous open", "[tcp]") {
  TestNet n(plain(), plain());
  n.b_listens = false;
  n.a.connect(0);
  n.b.connect(0);
  n.run_until(milliseconds(100));
  CHECK(n.transcript() == Lines{
      "A>SYN seq=1000 win=65535 len=0 [mss 1460]",
      "B>SYN seq=5000 win=65535 len=0 [mss 1460]",
      "A>SYN,ACK seq=1000 ack=5001 win=65535 len=0 [mss 1460]",
      "B>SYN,ACK seq=5000 ack=1001 win=65535 len=0 [mss 1460]",
  });
  CHECK(n.a.state() == State::Established);
  CHECK(n.b.state() == State::Established);
  CHECK(n.events_of('A') == std::vector<Event>{Event::Connected});
  CHECK(n.events_of('B') == std::vector<Event>{Event::Connected});
  // Data flows afterwards.
  Bytes hello{'h', 'i'};
  n.a.send(hello, n.now);
  n.run_until(milliseconds(200));
  CHECK(n.b.readable_bytes() == 2);
}

TEST_CASE("tcp: SYN retransmissions back off 1, 3, 7, 15 s... then time out", "[tcp]") {
  TestNet n(plain(), plain());
  n.drop = [](char from, const wire::TcpSegmentOut&, int) { return from == 'A'; };
  n.a.connect(0);
  n.run_until(seconds(200));
  std::vector<SimTime> times;
  for (const auto& s : n.log) {
    CHECK(s.text() == "A>SYN seq=1000 win=65535 len=0 [mss 1460]");
    times.push_back(s.time);
  }
  CHECK(times == std::vector<SimTime>{0, seconds(1), seconds(3), seconds(7), seconds(15), seconds(31), seconds(63)});
  CHECK(n.events_of('A') == std::vector<Event>{Event::TimedOut, Event::Closed});
  CHECK(n.events.front().time == seconds(127));
  CHECK(n.a.state() == State::Closed);
}

TEST_CASE("tcp: a lost SYN-ACK is resent on the duplicate SYN, IW drops to one segment", "[tcp]") {
  TestNet n(plain(), plain());
  n.drop = [](char from, const wire::TcpSegmentOut&, int i) { return from == 'B' && i == 0; };
  n.a.connect(0);
  n.run_until(seconds(2));
  CHECK(n.transcript() == Lines{
      "A>SYN seq=1000 win=65535 len=0 [mss 1460]",
      "B>SYN,ACK seq=5000 ack=1001 win=65535 len=0 [mss 1460]",
      "A>SYN seq=1000 win=65535 len=0 [mss 1460]",
      "B>SYN,ACK seq=5000 ack=1001 win=65535 len=0 [mss 1460]",
      "A>ACK seq=1001 ack=5001 win=65535 len=0",
  });
  CHECK(n.log[2].time == seconds(1));
  CHECK(n.a.stats().cwnd == 1460);  // RFC 5681 §3.1: SYN was retransmitted
}

TEST_CASE("tcp: a segment to a closed connection gets a RST", "[tcp]") {
  SECTION("SYN to a closed port: RST,ACK and connection refused") {
    TestNet n(plain(), plain());
    n.b_listens = false;
    n.a.connect(0);
    n.run_until(seconds(5));
    CHECK(n.transcript() == Lines{
        "A>SYN seq=1000 win=65535 len=0 [mss 1460]",
        "B>RST,ACK seq=0 ack=1001 win=0 len=0",
    });
    CHECK(n.events_of('A') == std::vector<Event>{Event::Reset, Event::Closed});
    CHECK(n.a.state() == State::Closed);
  }
  SECTION("ACK to a closed connection: RST with SEQ=SEG.ACK") {
    TestNet n(plain(), plain());
    wire::TcpSegmentOut s;
    s.src_port = 40000;
    s.dst_port = 80;
    s.seq = 777;
    s.ack = 4242;
    s.flags = f::kAck;
    s.payload = {1, 2, 3};
    n.inject('B', s);
    CHECK(n.transcript() == Lines{"B>RST seq=4242 win=0 len=0"});
    // And a RST is never answered.
    n.log.clear();
    s.flags = f::kRst;
    n.inject('B', s);
    CHECK(n.log.empty());
  }
  SECTION("a bad ACK in SYN-SENT is answered with RST and ignored") {
    TestNet n(plain(), plain());
    n.b_listens = false;
    n.drop = [](char from, const wire::TcpSegmentOut&, int) { return from == 'A'; };
    n.a.connect(0);
    n.collect();
    wire::TcpSegmentOut s;
    s.src_port = 80;
    s.dst_port = 40000;
    s.seq = 9;
    s.ack = 999;  // does not acknowledge our SYN
    s.flags = f::kAck | f::kSyn;
    n.inject('A', s);
    CHECK(n.transcript().back() == "A>RST seq=999 win=0 len=0");
    CHECK(n.a.state() == State::SynSent);
  }
}

TEST_CASE("tcp: RFC 5961 challenge ACKs for an in-window SYN and an inexact RST", "[tcp]") {
  TestNet n(plain(), plain());
  n.a.connect(0);
  n.run_until(milliseconds(100));
  std::size_t mark = n.log.size();
  wire::TcpSegmentOut s;
  s.src_port = 40000;
  s.dst_port = 80;
  s.seq = 1001 + 100;  // inside B's window
  s.flags = f::kSyn;
  n.inject('B', s);
  CHECK(n.transcript(mark) == Lines{"B>ACK seq=5001 ack=1001 win=65535 len=0"});
  CHECK(n.b.state() == State::Established);
  s.flags = f::kRst;
  n.inject('B', s);
  CHECK(n.transcript(mark) == Lines{"B>ACK seq=5001 ack=1001 win=65535 len=0", "B>ACK seq=5001 ack=1001 win=65535 len=0"});
  CHECK(n.b.state() == State::Established);
  CHECK(n.b.stats().challenge_acks == 2);
  s.seq = 1001 + 100000;  // outside the window: dropped silently
  n.inject('B', s);
  CHECK(n.log.size() == mark + 2);
  s.seq = 1001;  // exact: the connection is reset
  n.inject('B', s);
  CHECK(n.b.state() == State::Closed);
  CHECK(n.events_of('B') == std::vector<Event>{Event::Connected, Event::Reset, Event::Closed});
}
