// TcpConnection transcripts for closing (RFC 9293 Figures 12 and 13): normal close with
// TIME_WAIT = 2*MSL, simultaneous close, half-close, abort, and close with unread data.
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
  c.msl = seconds(1);
  return c;
}
using Lines = std::vector<std::string>;
}  // namespace

TEST_CASE("tcp: normal close, TIME_WAIT lasts exactly 2*MSL", "[tcp]") {
  TestNet n(plain(), plain());
  n.a.connect(0);
  n.run_until(milliseconds(100));
  std::size_t mark = n.log.size();
  n.a.shutdown_write(n.now);
  CHECK(n.a.state() == State::FinWait1);
  n.run_until(milliseconds(200));
  CHECK(n.a.state() == State::FinWait2);
  CHECK(n.b.state() == State::CloseWait);
  CHECK(n.b.at_eof());
  n.b.close(n.now);
  CHECK(n.b.state() == State::LastAck);
  n.run_until(milliseconds(215));
  CHECK(n.a.state() == State::TimeWait);
  CHECK(n.transcript(mark) == Lines{
      "A>FIN,ACK seq=1001 ack=5001 win=65535 len=0",
      "B>ACK seq=5001 ack=1002 win=65535 len=0",
      "B>FIN,ACK seq=5001 ack=1002 win=65535 len=0",
      "A>ACK seq=1002 ack=5002 win=65535 len=0",
  });
  CHECK(n.a.poll_at() == milliseconds(210) + seconds(2));
  n.run_until(milliseconds(210) + seconds(2) - 1);
  CHECK(n.a.state() == State::TimeWait);
  CHECK(n.b.state() == State::Closed);
  n.run_until(seconds(10));
  CHECK(n.a.state() == State::Closed);
  CHECK(n.events.back().who == 'A');
  CHECK(n.events.back().event == Event::Closed);
  CHECK(n.events.back().time == milliseconds(210) + seconds(2));
  CHECK(n.events_of('A') == std::vector<Event>{Event::Connected, Event::Readable, Event::PeerClosed, Event::Closed});
  CHECK(n.events_of('B') == std::vector<Event>{Event::Connected, Event::Readable, Event::PeerClosed, Event::Closed});
}

TEST_CASE("tcp: a retransmitted FIN in TIME_WAIT is re-acknowledged and restarts 2*MSL", "[tcp]") {
  TestNet n(plain(), plain());
  // Drop A's last ACK once: B retransmits its FIN after its RTO.
  n.drop = [](char from, const wire::TcpSegmentOut& s, int) {
    static int dropped = 0;
    return from == 'A' && s.ack == 5002 && s.payload.empty() && !s.fin() && dropped++ == 0;
  };
  n.a.connect(0);
  n.run_until(milliseconds(100));
  n.a.shutdown_write(n.now);
  n.run_until(milliseconds(200));
  n.b.close(n.now);
  n.run_until(seconds(5));
  CHECK(n.b.state() == State::Closed);
  // B's RTO from the handshake sample: srtt 20 ms -> RTO floor 200 ms; FIN at 200 ms, again at 400.
  CHECK(n.log.back().text() == "A>ACK seq=1002 ack=5002 win=65535 len=0");
  SimTime second_ack = n.log.back().time;
  CHECK(second_ack == milliseconds(410));
  n.run_until(seconds(10));
  CHECK(n.events.back().time == second_ack + seconds(2));
}

TEST_CASE("tcp: simultaneous close goes through CLOSING", "[tcp]") {
  TestNet n(plain(), plain());
  n.a.connect(0);
  n.run_until(milliseconds(100));
  std::size_t mark = n.log.size();
  n.a.shutdown_write(n.now);
  n.b.shutdown_write(n.now);
  n.run_until(milliseconds(115));
  CHECK(n.a.state() == State::Closing);
  CHECK(n.b.state() == State::Closing);
  n.run_until(milliseconds(125));
  CHECK(n.transcript(mark) == Lines{
      "A>FIN,ACK seq=1001 ack=5001 win=65535 len=0",
      "B>FIN,ACK seq=5001 ack=1001 win=65535 len=0",
      "A>ACK seq=1002 ack=5002 win=65535 len=0",
      "B>ACK seq=5002 ack=1002 win=65535 len=0",
  });
  CHECK(n.a.state() == State::TimeWait);
  CHECK(n.b.state() == State::TimeWait);
  n.run_until(seconds(5));
  CHECK(n.a.state() == State::Closed);
  CHECK(n.b.state() == State::Closed);
  CHECK(n.events.back().time == milliseconds(120) + seconds(2));
}

TEST_CASE("tcp: half-close, the side that shut down still receives", "[tcp]") {
  TestNet n(plain(), plain());
  n.a.connect(0);
  n.run_until(milliseconds(100));
  n.a.shutdown_write(n.now);
  CHECK(n.a.send(Bytes{1}, n.now) == 0);  // no more writes after shutdown
  n.run_until(milliseconds(200));
  CHECK(n.a.state() == State::FinWait2);
  Bytes data(100000);
  for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<std::uint8_t>(i * 7);
  std::size_t off = 0;
  Bytes got;
  n.on_step = [&] {
    off += n.b.send(ByteView(data).subspan(off), n.now);
    Bytes buf(65536);
    while (std::size_t k = n.a.receive(buf, n.now)) got.insert(got.end(), buf.begin(), buf.begin() + k);
  };
  n.on_step();
  REQUIRE(n.run_while_not([&] { return got.size() == data.size(); }, seconds(30)));
  CHECK(got == data);
  CHECK(n.a.state() == State::FinWait2);
  CHECK_FALSE(n.a.at_eof());
  n.b.close(n.now);
  n.run_until(n.now + seconds(1));
  CHECK(n.a.at_eof());
  CHECK(n.a.state() == State::TimeWait);
  CHECK(n.b.state() == State::Closed);
}

TEST_CASE("tcp: abort and close with unread data send RST", "[tcp]") {
  TestNet n(plain(), plain());
  n.a.connect(0);
  n.run_until(milliseconds(100));
  n.a.send(Bytes{1, 2, 3}, n.now);
  n.run_until(milliseconds(200));
  REQUIRE(n.b.readable_bytes() == 3);
  std::size_t mark = n.log.size();
  n.b.close(n.now);  // 3 bytes unread
  n.run_until(milliseconds(300));
  CHECK(n.transcript(mark) == Lines{"B>RST seq=5001 win=0 len=0"});
  CHECK(n.b.state() == State::Closed);
  CHECK(n.a.state() == State::Closed);
  CHECK(n.events_of('A') == std::vector<Event>{Event::Connected, Event::Reset, Event::Closed});
}
