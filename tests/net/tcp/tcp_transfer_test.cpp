// TcpConnection data transfer: 10 MB intact under loss, reordering and duplication; RTO backoff
// and give-up; fast retransmit and NewReno partial ACKs; zero-window persist probes; delayed
// ACK timing; Nagle; window scaling in flight.
#include <catch2/catch.hpp>

#include "tests/net/tcp/tcp_test_net.h"

using namespace wirelab;
using namespace wirelab::net::tcp;
using namespace wirelab::net::tcp::testing;

namespace {
TcpConfig plain() {
  TcpConfig c;
  c.window_scaling = false;
  c.timestamps = false;
  c.sack_permitted = false;
  return c;
}
using Lines = std::vector<std::string>;

Bytes pattern(std::size_t n, std::uint64_t seed) {
  Bytes b(n);
  Rng r(seed);
  r.fill(b.data(), b.size());
  return b;
}

// A bulk sender (A) and a reading receiver (B); A shuts down after the last byte.
struct Bulk {
  TestNet& n;
  const Bytes& data;
  std::size_t off = 0;
  Bytes got = {};
  std::size_t max_flight = 0;
  void step() {
    if (off < data.size()) {
      off += n.a.send(ByteView(data).subspan(off), n.now);
      if (off == data.size()) n.a.shutdown_write(n.now);
    }
    max_flight = std::max(max_flight, n.a.send_queue_bytes());
    static thread_local Bytes buf(1 << 16);
    while (std::size_t k = n.b.receive(buf, n.now)) got.insert(got.end(), buf.begin(), buf.begin() + k);
    if (n.b.at_eof() && n.b.state() == State::CloseWait) n.b.close(n.now);
  }
  bool run(SimTime limit) {
    n.on_step = [this] { step(); };
    n.a.connect(n.now);
    n.run_while_not([&] { return n.b.at_eof(); }, limit);
    return n.b.at_eof();
  }
};
}  // namespace

TEST_CASE("tcp: 10 MB arrive intact through loss, reordering and duplication", "[tcp]") {
  const Bytes data = pattern(10 * 1000 * 1000, 42);
  struct Case {
    const char* name;
    NetSpec spec;
    bool options;
  };
  NetSpec lossless, loss2, loss5, messy;
  loss2.loss = 0.02;
  loss2.seed = 2;
  loss5.loss = 0.05;
  loss5.seed = 5;
  messy.reorder = 0.1;
  messy.duplicate = 0.05;
  messy.loss = 0.01;
  messy.seed = 9;
  for (const Case& c : {Case{"0%", lossless, true}, Case{"2%", loss2, true}, Case{"5%", loss5, true},
                        Case{"reorder+dup", messy, true}, Case{"2% no options", loss2, false}}) {
    DYNAMIC_SECTION(c.name) {
      TcpConfig cfg = c.options ? TcpConfig{} : plain();
      TestNet n(cfg, cfg, 0xfffff000u, 0x7ffffff0u, c.spec);  // ISNs that wrap during the transfer
      Bulk bulk{n, data};
      REQUIRE(bulk.run(seconds(3000)));
      CHECK(bulk.got.size() == data.size());
      CHECK((bulk.got == data));
      SimTime done = n.now;
      n.run_until(n.now + seconds(300));
      CHECK(n.a.state() == State::Closed);
      if (c.spec.loss > 0) CHECK(n.a.stats().retransmits > 0);
      if (c.spec.loss == 0 && c.spec.reorder == 0) {
        CHECK(n.a.stats().retransmits == 0);
        CHECK(done < seconds(3));  // 256 KiB windows over a 20 ms RTT: about 12 MB/s
      }
    }
  }
}

TEST_CASE("tcp: data RTO doubles and gives up after max_retransmissions", "[tcp]") {
  TcpConfig cfg = plain();
  cfg.max_retransmissions = 4;
  TestNet n(cfg, cfg);
  n.a.connect(0);
  n.run_until(milliseconds(100));
  n.drop = [](char from, const wire::TcpSegmentOut& s, int) { return from == 'A' && !s.payload.empty(); };
  n.a.send(Bytes(100, 'x'), n.now);
  std::size_t mark = n.log.size();
  n.run_until(seconds(60));
  std::vector<SimTime> t;
  for (std::size_t i = mark; i < n.log.size(); ++i) {
    CHECK(n.log[i].text() == "A>PSH,ACK seq=1001 ack=5001 win=65535 len=100");
    t.push_back(n.log[i].time - milliseconds(100));
  }
  // RTO after the handshake sample (20 ms) is the 200 ms floor; then 400, 800, 1600, 3200.
  CHECK(t == std::vector<SimTime>{0, milliseconds(200), milliseconds(600), milliseconds(1400), milliseconds(3000)});
  CHECK(n.events_of('A') == std::vector<Event>{Event::Connected, Event::TimedOut, Event::Closed});
  CHECK(n.events.back().time == milliseconds(100 + 6200));
  CHECK(n.a.stats().timeouts == 4);
}

TEST_CASE("tcp: fast retransmit after three duplicate ACKs", "[tcp]") {
  TestNet n(plain(), plain());
  n.a.connect(0);
  n.run_until(milliseconds(100));
  // Drop the 3rd data segment (seq 1001 + 2*1460) once.
  n.drop = [](char from, const wire::TcpSegmentOut& s, int) {
    static bool done = false;
    if (from != 'A' || s.seq != 1001 + 2 * 1460 || done) return false;
    return done = true;
  };
  n.a.send(Bytes(10 * 1460, 'y'), n.now);
  n.run_until(milliseconds(100) + milliseconds(30));
  // B: ACK for 2 segments, then duplicate ACKs for each out-of-order arrival (immediate).
  Lines b_lines;
  for (const auto& s : n.log)
    if (s.from == 'B' && s.time > milliseconds(100)) b_lines.push_back(s.text());
  REQUIRE(b_lines.size() >= 4);
  CHECK(b_lines[0] == "B>ACK seq=5001 ack=3921 win=65535 len=0");  // free space > 64 KiB
  CHECK(b_lines[1] == "B>ACK seq=5001 ack=3921 win=65535 len=0");
  CHECK(b_lines[3] == "B>ACK seq=5001 ack=3921 win=65535 len=0");
  // The retransmission leaves A at 120 ms, on the third duplicate, long before any RTO.
  bool found = false;
  for (const auto& s : n.log)
    if (s.from == 'A' && s.seg.seq == 3921 && !s.dropped) {
      found = true;
      CHECK(s.time == milliseconds(120));
    }
  CHECK(found);
  n.run_until(seconds(2));
  CHECK(n.b.readable_bytes() == 10 * 1460);
  CHECK(n.a.stats().fast_retransmits == 1);
  CHECK(n.a.stats().timeouts == 0);
  CHECK(n.a.stats().retransmits == 1);
  CHECK(n.a.stats().ssthresh == 4 * 1460);  // half of the 8 segments in flight
}

TEST_CASE("tcp: NewReno partial ACK retransmits the next hole without a timeout", "[tcp]") {
  TestNet n(plain(), plain());
  n.a.connect(0);
  n.run_until(milliseconds(100));
  n.drop = [](char from, const wire::TcpSegmentOut& s, int) {
    static int dropped = 0;
    bool hit = from == 'A' && (s.seq == 1001 + 2 * 1460 || s.seq == 1001 + 6 * 1460) && dropped < 2;
    if (hit) ++dropped;
    return hit;
  };
  n.a.send(Bytes(10 * 1460, 'z'), n.now);
  n.run_until(seconds(2));
  CHECK(n.b.readable_bytes() == 10 * 1460);
  CHECK(n.a.stats().fast_retransmits == 1);
  CHECK(n.a.stats().timeouts == 0);
  CHECK(n.a.stats().retransmits == 2);
  // The second hole is resent when the partial ACK (ack = its seq) arrives at 140 ms.
  for (const auto& s : n.log)
    if (s.from == 'A' && s.seg.seq == 1001 + 6 * 1460 && !s.dropped) CHECK(s.time == milliseconds(140));
}

TEST_CASE("tcp: zero window, persist probes back off, window update resumes", "[tcp]") {
  TcpConfig ca = plain(), cb = plain();
  cb.receive_buffer = 8760;  // 6 segments
  cb.delayed_ack = false;
  TestNet n(ca, cb);
  n.a.connect(0);
  n.run_until(milliseconds(100));
  const Bytes data = pattern(20000, 7);
  CHECK(n.a.send(data, n.now) == 20000);
  n.run_until(seconds(4));
  // B's window closed after 8760 bytes; A probes with SEQ=SND.UNA-1 and no data.
  std::vector<SimTime> probes;
  SimTime zero_at = -1;
  for (const auto& s : n.log) {
    if (s.from == 'B' && s.seg.window == 0 && zero_at < 0) zero_at = s.time + milliseconds(10);
    if (s.from == 'A' && s.seg.seq == 1001 + 8760 - 1 && s.seg.payload.empty()) probes.push_back(s.time);
  }
  REQUIRE(zero_at == milliseconds(120));  // B sent window 0 at 110 ms (no delayed ACK)
  REQUIRE(probes.size() == 4);
  CHECK(probes[0] - zero_at == milliseconds(200));
  CHECK(probes[1] - probes[0] == milliseconds(400));
  CHECK(probes[2] - probes[1] == milliseconds(800));
  CHECK(probes[3] - probes[2] == milliseconds(1600));
  CHECK(n.b.readable_bytes() == 8760);
  CHECK(n.a.poll_at() == probes[3] + milliseconds(3200));
  // The application reads: B announces the window at once and A resumes.
  Bytes got;
  n.on_step = [&] {
    Bytes buf(65536);
    while (std::size_t k = n.b.receive(buf, n.now)) got.insert(got.end(), buf.begin(), buf.begin() + k);
  };
  n.on_step();
  std::size_t mark = n.log.size();
  n.run_until(seconds(6));
  CHECK(n.log[mark].text() == "B>ACK seq=5001 ack=9761 win=8760 len=0");
  CHECK(n.log[mark].time == seconds(4));
  CHECK(got == data);
}

TEST_CASE("tcp: delayed ACK: 40 ms for a lone segment, at once for the second full one", "[tcp]") {
  TestNet n(plain(), plain());
  n.a.connect(0);
  n.run_until(milliseconds(100));
  std::size_t mark = n.log.size();
  n.a.send(Bytes(100, 'a'), n.now);
  n.run_until(milliseconds(300));
  CHECK(n.transcript(mark) == Lines{
      "A>PSH,ACK seq=1001 ack=5001 win=65535 len=100",
      "B>ACK seq=5001 ack=1101 win=65435 len=0",
  });
  CHECK(n.log[mark + 1].time == milliseconds(100 + 10 + 40));
  mark = n.log.size();
  n.a.send(Bytes(2 * 1460, 'b'), n.now);
  n.run_until(milliseconds(400));
  CHECK(n.transcript(mark) == Lines{
      "A>ACK seq=1101 ack=5001 win=65535 len=1460",
      "A>PSH,ACK seq=2561 ack=5001 win=65535 len=1460",
      "B>ACK seq=5001 ack=4021 win=65535 len=0",
  });
  CHECK(n.log[mark + 2].time == milliseconds(310));
}

TEST_CASE("tcp: Nagle coalesces small writes while data is unacknowledged", "[tcp]") {
  for (bool nagle : {true, false}) {
    TcpConfig cfg = plain();
    cfg.nagle = nagle;
    TestNet n(cfg, cfg);
    n.a.connect(0);
    n.run_until(milliseconds(100));
    std::size_t mark = n.log.size();
    for (int i = 0; i < 10; ++i) {
      n.a.send(Bytes(10, static_cast<std::uint8_t>('0' + i)), n.now);
      n.run_until(n.now + milliseconds(1));
    }
    n.run_until(milliseconds(400));
    std::vector<std::size_t> lens;
    for (std::size_t i = mark; i < n.log.size(); ++i)
      if (n.log[i].from == 'A') lens.push_back(n.log[i].seg.payload.size());
    if (nagle) {
      CHECK(lens == std::vector<std::size_t>{10, 90});  // the rest waits for the (delayed) ACK
    } else {
      CHECK(lens == std::vector<std::size_t>(10, 10));
    }
    CHECK(n.b.readable_bytes() == 100);
  }
}

TEST_CASE("tcp: window scaling lets more than 64 KiB fly", "[tcp]") {
  const Bytes data = pattern(2 * 1000 * 1000, 3);
  for (bool ws : {true, false}) {
    TcpConfig cfg;
    cfg.window_scaling = ws;
    NetSpec slow;
    slow.delay = milliseconds(50);
    TestNet n(cfg, cfg, 1, 2, slow);
    Bulk bulk{n, data};
    REQUIRE(bulk.run(seconds(600)));
    CHECK(bulk.got == data);
    std::size_t max_flight = 0;
    for (const auto& s : n.log)
      if (s.from == 'A') max_flight = std::max<std::size_t>(max_flight, s.seg.seq + s.seg.payload.size() - 1);
    // Time is a proxy for the window: 2 MB over a 100 ms RTT.
    if (ws) CHECK(n.now < seconds(2));
    else CHECK(n.now > seconds(3));
  }
}

TEST_CASE("tcp: keepalive probes an idle peer, then gives up with RST", "[tcp]") {
  TcpConfig ca = plain();
  ca.keepalive = true;
  ca.keepalive_idle = seconds(10);
  ca.keepalive_interval = seconds(1);
  ca.keepalive_probes = 3;
  TestNet n(ca, plain());
  n.a.connect(0);
  n.run_until(milliseconds(100));
  SECTION("a live peer answers and the connection stays") {
    n.run_until(seconds(35));
    CHECK(n.a.state() == State::Established);
    CHECK(n.transcript()[3] == "A>ACK seq=1000 ack=5001 win=65535 len=0");  // SEQ=SND.UNA-1
    CHECK(n.log[3].time == milliseconds(10020));
    CHECK(n.transcript()[4] == "B>ACK seq=5001 ack=1001 win=65535 len=0");
  }
  SECTION("a silent peer") {
    n.drop = [](char from, const wire::TcpSegmentOut&, int) { return from == 'B'; };
    n.run_until(seconds(35));
    Lines from_a;
    for (std::size_t i = 3; i < n.log.size(); ++i)
      if (n.log[i].from == 'A') from_a.push_back(n.log[i].text());
    CHECK(from_a == Lines{"A>ACK seq=1000 ack=5001 win=65535 len=0", "A>ACK seq=1000 ack=5001 win=65535 len=0",
                                   "A>ACK seq=1000 ack=5001 win=65535 len=0", "A>RST seq=1001 win=0 len=0"});
    CHECK(n.log.back().time == milliseconds(13020));
    CHECK(n.events_of('A') == std::vector<Event>{Event::Connected, Event::TimedOut, Event::Closed});
  }
}
