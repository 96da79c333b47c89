// Test helpers for TCP dissection: segments built with the wire codecs (TcpSegmentOut, IPv4,
// Ethernet) into a CaptureLog, and two crafted captures shared by the unit and tshark tests.
#pragma once
#include <string>
#include <vector>

#include "engine/capture/capture_log.h"
#include "engine/wire/tcp.h"
#include "tests/dissect/frame_builders.h"

namespace wirelab::testing {

namespace tcpf = wire::tcp_flags;

struct TcpLogBuilder {
  capture::CaptureLog log;
  std::uint32_t iface = 0;
  const char* client = "10.0.0.1";
  const char* server = "10.0.0.2";

  TcpLogBuilder() {
    log.epoch_ns = 1700000000LL * 1000000000LL;
    log.add_interface({"pc1:eth0-pc2:eth0", "pc1 eth0 <-> pc2 eth0", 1500});
  }
  void seg(SimTime t, bool from_client, std::uint16_t cport, std::uint16_t sport, std::uint32_t seq, std::uint32_t ack,
           std::uint16_t flags, std::uint16_t win, std::vector<wire::TcpOption> opts = {}, const std::string& data = {}) {
    wire::TcpSegmentOut s;
    s.src_port = from_client ? cport : sport;
    s.dst_port = from_client ? sport : cport;
    s.seq = seq;
    s.ack = ack;
    s.flags = flags;
    s.window = win;
    s.options = std::move(opts);
    s.payload.assign(data.begin(), data.end());
    const char* src = from_client ? client : server;
    const char* dst = from_client ? server : client;
    Bytes tcp = s.encode(ip(src), ip(dst));
    Bytes ipb = ipv4_packet(src, dst, 6, tcp, 64, 1, true);
    log.record(t, iface, capture::Direction::AtoB, from_client ? ip_frame(mac(2), mac(1), ipb) : ip_frame(mac(1), mac(2), ipb));
  }
};

inline std::vector<wire::TcpOption> syn_options(std::uint32_t tsval, std::uint32_t tsecr) {
  return {wire::TcpOption::max_segment_size(1460), wire::TcpOption::sack_permitted(),
          wire::TcpOption::timestamps(tsval, tsecr), wire::TcpOption::nop(), wire::TcpOption::window_scale(7)};
}

// 33 frames: handshake with scaling, data, lost segment, dup ACKs, fast retransmission,
// retransmission, zero window + probe + probe ACK, window update, keep-alive + ACK, ACKed unseen
// segment, FIN teardown, a reused port pair answered by RST, and an out-of-order stream.
inline capture::CaptureLog tcp_analysis_log() {
  TcpLogBuilder b;
  const SimTime ms = 1000000;
  const std::uint16_t S = tcpf::kSyn, A = tcpf::kAck, P = tcpf::kPsh, F = tcpf::kFin, R = tcpf::kRst;
  auto c = [&](SimTime t, std::uint32_t seq, std::uint32_t ack, std::uint16_t fl, std::uint16_t win = 502,
               std::vector<wire::TcpOption> o = {}, std::string d = {}, std::uint16_t cp = 49152) {
    b.seg(t, true, cp, 40404, seq, ack, fl, win, std::move(o), d);
  };
  auto s = [&](SimTime t, std::uint32_t seq, std::uint32_t ack, std::uint16_t fl, std::uint16_t win = 509,
               std::vector<wire::TcpOption> o = {}, std::string d = {}, std::uint16_t cp = 49152) {
    b.seg(t, false, cp, 40404, seq, ack, fl, win, std::move(o), d);
  };
  c(0, 1000, 0, S, 64240, syn_options(100, 0));                       // 1
  s(1 * ms, 5000, 1001, S | A, 65160, syn_options(200, 100));         // 2
  c(2 * ms, 1001, 5001, A);                                           // 3
  c(10 * ms, 1001, 5001, P | A, 502, {}, "hello");                    // 4
  s(11 * ms, 5001, 1006, A);                                          // 5
  c(20 * ms, 1006, 5001, P | A, 502, {}, std::string(100, 'a'));      // 6
  c(21 * ms, 1206, 5001, P | A, 502, {}, std::string(100, 'c'));      // 7 previous segment not captured
  s(22 * ms, 5001, 1106, A);                                          // 8
  s(23 * ms, 5001, 1106, A);                                          // 9 dup ACK 8#1
  s(24 * ms, 5001, 1106, A);                                          // 10 dup ACK 8#2
  c(25 * ms, 1106, 5001, P | A, 502, {}, std::string(100, 'b'));      // 11 fast retransmission
  s(26 * ms, 5001, 1306, A);                                          // 12
  c(30 * ms, 1306, 5001, P | A, 502, {}, std::string(50, 'd'));       // 13
  c(300 * ms, 1306, 5001, P | A, 502, {}, std::string(50, 'd'));      // 14 retransmission
  s(301 * ms, 5001, 1356, A, 0);                                      // 15 zero window
  c(400 * ms, 1356, 5001, A, 502, {}, "e");                           // 16 zero window probe
  s(401 * ms, 5001, 1356, A, 0);                                      // 17 probe ACK + zero window
  s(500 * ms, 5001, 1356, A);                                         // 18 window update
  c(600 * ms, 1355, 5001, A);                                         // 19 keep-alive
  s(601 * ms, 5001, 1356, A);                                         // 20 keep-alive ACK
  s(700 * ms, 5001, 1500, A);                                         // 21 ACKed unseen segment
  c(800 * ms, 1356, 5001, F | A);                                     // 22
  s(801 * ms, 5001, 1357, F | A);                                     // 23
  c(802 * ms, 1357, 5002, A);                                         // 24
  c(900 * ms, 777, 0, S, 64240, {wire::TcpOption::max_segment_size(1460)});   // 25 ports reused
  s(901 * ms, 0, 778, R | A, 0);                                              // 26
  c(1000 * ms, 2000, 0, S, 64240, {wire::TcpOption::max_segment_size(1460)}, {}, 40000);          // 27
  s(1001 * ms, 9000, 2001, S | A, 64240, {wire::TcpOption::max_segment_size(1460)}, {}, 40000);   // 28
  c(1002 * ms, 2001, 9001, A, 502, {}, {}, 40000);                                                // 29
  c(1010 * ms, 2101, 9001, P | A, 502, {}, std::string(100, 'y'), 40000);                         // 30
  c(1011 * ms, 2001, 9001, P | A, 502, {}, std::string(100, 'x'), 40000);                         // 31 out of order
  s(1012 * ms, 9001, 2201, A, 509, {}, {}, 40000);                                                // 32
  c(1013 * ms, 2201, 9001, R, 0, {}, {}, 40000);                                                  // 33
  return std::move(b.log);
}

// One short conversation per trivial service: handshake, client data, server data, FIN teardown.
inline capture::CaptureLog trivial_log() {
  TcpLogBuilder b;
  const SimTime ms = 1000000;
  const std::uint16_t S = tcpf::kSyn, A = tcpf::kAck, P = tcpf::kPsh, F = tcpf::kFin;
  auto conv = [&](std::uint16_t cp, std::uint16_t sp, const std::string& cdata, std::vector<std::string> sdata, SimTime t0) {
    std::vector<wire::TcpOption> mss = {wire::TcpOption::max_segment_size(1460)};
    b.seg(t0, true, cp, sp, 100, 0, S, 64240, mss);
    b.seg(t0 + ms, false, cp, sp, 9000, 101, S | A, 64240, mss);
    b.seg(t0 + 2 * ms, true, cp, sp, 101, 9001, A, 502);
    std::uint32_t n = 101, m = 9001;
    if (!cdata.empty()) {
      b.seg(t0 + 3 * ms, true, cp, sp, n, 9001, P | A, 502, {}, cdata);
      n += static_cast<std::uint32_t>(cdata.size());
    }
    SimTime t = t0 + 4 * ms;
    for (const auto& d : sdata) {
      b.seg(t, false, cp, sp, m, n, P | A, 509, {}, d);
      m += static_cast<std::uint32_t>(d.size());
      t += ms;
    }
    b.seg(t0 + 20 * ms, true, cp, sp, n, m, F | A, 502);
    b.seg(t0 + 21 * ms, false, cp, sp, m, n + 1, F | A, 509);
    b.seg(t0 + 22 * ms, true, cp, sp, n + 1, m + 1, A, 502);
  };
  conv(50000, 7, "hello echo\r\n", {"hello echo\r\n"}, 0);
  conv(50001, 9, "discard me\r\n", {}, 100 * ms);
  conv(50002, 13, "", {"Tue Nov 14 22:13:20 2023\r\n"}, 200 * ms);
  conv(50003, 37, "", {std::string("\xe9\x07\x5c\x80", 4)}, 300 * ms);
  conv(50004, 19, "", {"!\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefg\r\n"}, 400 * ms);
  conv(50005, 79, "alice\r\n", {"Login: alice\r\n", "Name: Alice\r\n"}, 500 * ms);
  return std::move(b.log);
}

}  // namespace wirelab::testing
