// TCP dissector and analysis on crafted captures (tcp_builders.h): fields, Info lines, analysis
// flags with their expert severities, per-interface analysis, stream numbering and "Follow".
#include <catch2/catch.hpp>

#include "engine/dissect/capture_dissector.h"
#include "engine/dissect/display_filter.h"
#include "tests/dissect/tcp_builders.h"

using namespace wirelab;
using dissect::CaptureDissector;

namespace {

std::uint64_t num(const dissect::PacketDissection& d, const char* f) {
  const dissect::ProtoNode* n = d.find(f);
  return n ? n->value.number : ~0ull;
}

}  // namespace

TEST_CASE("TCP handshake, data and teardown fields and Info", "[tcp-dissect]") {
  auto log = testing::tcp_analysis_log();
  CaptureDissector cd(log);
  const auto& syn = cd.frame(0);
  CHECK(syn.protocols == "eth:ethertype:ip:tcp");
  CHECK(syn.summary.protocol == "TCP");
  CHECK(syn.summary.info ==
        "49152 \xe2\x86\x92 40404 [SYN] Seq=0 Win=64240 Len=0 MSS=1460 SACK_PERM TSval=100 TSecr=0 WS=128");
  CHECK(num(syn, "tcp.seq") == 0);
  CHECK(num(syn, "tcp.seq_raw") == 1000);
  CHECK(num(syn, "tcp.nxtseq") == 1);
  CHECK(num(syn, "tcp.hdr_len") == 40);
  CHECK(num(syn, "tcp.flags") == 0x002);
  CHECK(syn.find("tcp.flags.str")->value.text == "\xc2\xb7\xc2\xb7\xc2\xb7\xc2\xb7\xc2\xb7\xc2\xb7\xc2\xb7\xc2\xb7\xc2\xb7\xc2\xb7S\xc2\xb7");
  CHECK(num(syn, "tcp.options.mss_val") == 1460);
  CHECK(num(syn, "tcp.options.wscale.multiplier") == 128);
  CHECK(syn.find("tcp.options.sack_perm"));
  CHECK(syn.find("tcp.flags.syn")->expert->severity == dissect::Severity::Chat);
  CHECK(syn.find("tcp.window_size_scalefactor") == nullptr);
  CHECK(syn.find("tcp.checksum.status")->value.number == 1);  // Good

  const auto& synack = cd.frame(1);
  CHECK(synack.summary.info.find("[SYN, ACK] Seq=0 Ack=1 Win=65160") != std::string::npos);
  CHECK(num(synack, "tcp.analysis.acks_frame") == 1);

  const auto& ack = cd.frame(2);
  CHECK(ack.summary.info == "49152 \xe2\x86\x92 40404 [ACK] Seq=1 Ack=1 Win=64256 Len=0");
  CHECK(num(ack, "tcp.window_size") == 502 * 128);
  CHECK(num(ack, "tcp.window_size_scalefactor") == 128);
  CHECK(ack.find("tcp.analysis.initial_rtt")->value.as_int() == 2000000);

  const auto& data = cd.frame(3);
  CHECK(data.protocols == "eth:ethertype:ip:tcp:data");
  CHECK(data.summary.info == "49152 \xe2\x86\x92 40404 [PSH, ACK] Seq=1 Ack=1 Win=64256 Len=5");
  CHECK(num(data, "tcp.len") == 5);
  CHECK(num(data, "tcp.analysis.bytes_in_flight") == 5);
  CHECK(data.find("tcp.payload")->value.bytes.size() == 5);
  CHECK(num(cd.frame(4), "tcp.analysis.acks_frame") == 4);
  CHECK(cd.frame(4).find("tcp.analysis.ack_rtt")->value.as_int() == 1000000);

  CHECK(cd.frame(21).summary.info == "49152 \xe2\x86\x92 40404 [FIN, ACK] Seq=356 Ack=1 Win=64256 Len=0");
  CHECK(cd.frame(21).find("tcp.flags.fin")->expert->message == "This frame initiates the connection closing");
  CHECK(cd.frame(22).find("tcp.flags.fin")->expert->message == "This frame undergoes the connection closing");
  CHECK(cd.frame(23).summary.info == "49152 \xe2\x86\x92 40404 [ACK] Seq=357 Ack=2 Win=64256 Len=0");
}

TEST_CASE("TCP analysis flags, Info prefixes and expert severities", "[tcp-dissect]") {
  auto log = testing::tcp_analysis_log();
  CaptureDissector cd(log);
  auto info = [&](std::size_t n) { return cd.frame(n - 1).summary.info; };
  auto sev = [&](std::size_t n, const char* f) { return cd.frame(n - 1).find(f)->expert->severity; };
  using dissect::Severity;
  CHECK(info(7).rfind("[TCP Previous segment not captured] 49152", 0) == 0);
  CHECK(sev(7, "tcp.analysis.lost_segment") == Severity::Warning);
  CHECK(info(9).rfind("[TCP Dup ACK 8#1] 40404", 0) == 0);
  CHECK(info(10).rfind("[TCP Dup ACK 8#2] ", 0) == 0);
  CHECK(num(cd.frame(9), "tcp.analysis.duplicate_ack_num") == 2);
  CHECK(num(cd.frame(9), "tcp.analysis.duplicate_ack_frame") == 8);
  CHECK(info(11).rfind("[TCP Fast Retransmission] ", 0) == 0);
  CHECK(cd.frame(10).find("tcp.analysis.retransmission"));
  CHECK(info(14).rfind("[TCP Retransmission] ", 0) == 0);
  CHECK(sev(14, "tcp.analysis.retransmission") == Severity::Note);
  CHECK(info(15).rfind("[TCP ZeroWindow] ", 0) == 0);
  CHECK(sev(15, "tcp.analysis.zero_window") == Severity::Warning);
  CHECK(info(16).rfind("[TCP ZeroWindowProbe] ", 0) == 0);
  CHECK(info(17).rfind("[TCP ZeroWindowProbeAck] [TCP ZeroWindow] ", 0) == 0);
  CHECK(info(18).rfind("[TCP Window Update] ", 0) == 0);
  CHECK(sev(18, "tcp.analysis.window_update") == Severity::Chat);
  CHECK(info(19).rfind("[TCP Keep-Alive] ", 0) == 0);
  CHECK(info(20).rfind("[TCP Keep-Alive ACK] ", 0) == 0);
  CHECK(info(21).rfind("[TCP ACKed unseen segment] ", 0) == 0);
  CHECK(sev(21, "tcp.analysis.ack_lost_segment") == Severity::Warning);
  CHECK(info(25).rfind("[TCP Port numbers reused] 49152 \xe2\x86\x92 40404 [SYN] Seq=0", 0) == 0);
  CHECK(num(cd.frame(24), "tcp.stream") == 1);
  CHECK(info(26) == "40404 \xe2\x86\x92 49152 [RST, ACK] Seq=1 Ack=1 Win=0 Len=0");
  CHECK(sev(26, "tcp.flags.reset") == Severity::Warning);
  CHECK(num(cd.frame(25), "tcp.window_size_scalefactor") == static_cast<std::uint64_t>(-2));
  CHECK(info(31).rfind("[TCP Out-Of-Order] ", 0) == 0);
  CHECK(sev(31, "tcp.analysis.out_of_order") == Severity::Warning);
  CHECK(num(cd.frame(32), "tcp.stream") == 2);
  CHECK(info(33) == "40000 \xe2\x86\x92 40404 [RST] Seq=201 Win=0 Len=0");
  // Display filters know the new fields.
  auto f = dissect::DisplayFilter::compile("tcp.analysis.retransmission && tcp.stream == 0");
  REQUIRE(f);
  CHECK(cd.matching(&*f) == std::vector<std::size_t>{10, 13});
}

TEST_CASE("TCP analysis is per capture interface; streams are shared by default", "[tcp-dissect]") {
  // The same segments crossing two links: no retransmissions, one stream.
  testing::TcpLogBuilder b;
  b.log.add_interface({"sw1:2-pc2:eth0", "second link", 1500});
  const std::uint16_t S = testing::tcpf::kSyn, A = testing::tcpf::kAck, P = testing::tcpf::kPsh;
  for (std::uint32_t iface : {0u, 1u}) {
    b.iface = iface;
    b.seg(0 + iface * 1000, true, 49152, 40404, 1000, 0, S, 64240);
  }
  for (std::uint32_t iface : {0u, 1u}) {
    b.iface = iface;
    b.seg(1000000 + iface * 1000, false, 49152, 40404, 5000, 1001, S | A, 64240);
  }
  for (std::uint32_t iface : {0u, 1u}) {
    b.iface = iface;
    b.seg(2000000 + iface * 1000, true, 49152, 40404, 1001, 5001, P | A, 502, {}, "hi");
  }
  CaptureDissector shared(b.log);
  for (std::size_t i = 0; i < shared.size(); ++i) {
    CHECK(num(shared.frame(i), "tcp.stream") == 0);
    CHECK_FALSE(shared.frame(i).find("tcp.analysis.flags"));
  }
  CHECK(num(shared.frame(5), "tcp.seq") == 1);
  CHECK(shared.tcp_stream_count() == 1);

  // A second conversation seen only on link 1: stream 1 when shared, stream 0 of link 1 otherwise.
  b.iface = 1;
  b.seg(3000000, true, 50000, 40404, 1, 0, S, 64240);
  CaptureDissector shared2(b.log);
  CHECK(num(shared2.frame(6), "tcp.stream") == 1);
  CaptureDissector per_link(b.log, dissect::DissectorRegistry::builtin(), dissect::StreamNumbering::PerInterface);
  CHECK(num(per_link.frame(1), "tcp.stream") == 0);
  CHECK(num(per_link.frame(6), "tcp.stream") == 1);
  CHECK(num(per_link.frame(0), "tcp.stream") == 0);
}

TEST_CASE("Follow TCP stream reassembles each direction once, in order", "[tcp-dissect]") {
  auto log = testing::tcp_analysis_log();
  CaptureDissector cd(log);
  CHECK(cd.tcp_stream_count() == 3);
  auto s0 = cd.tcp_stream(0);
  REQUIRE(s0);
  CHECK(s0->client.address == "10.0.0.1:49152");
  CHECK(s0->server.address == "10.0.0.2:40404");
  // hello + a*100 + b*100 + c*100 + d*50 + e (the zero window probe byte): retransmissions once.
  std::string expect = "hello" + std::string(100, 'a') + std::string(100, 'b') + std::string(100, 'c') + std::string(50, 'd') + "e";
  CHECK(std::string(s0->client.data.begin(), s0->client.data.end()) == expect);
  CHECK(s0->server.data.empty());
  auto s2 = cd.tcp_stream(2);
  REQUIRE(s2);
  CHECK(std::string(s2->client.data.begin(), s2->client.data.end()) == std::string(100, 'x') + std::string(100, 'y'));
  CHECK_FALSE(cd.tcp_stream(3));
  std::string follow = cd.follow_tcp_stream(2);
  CHECK(follow.rfind("\n====", 0) == 0);
  CHECK(follow.find("Filter: tcp.stream eq 2\nNode 0: 10.0.0.1:40000\nNode 1: 10.0.0.2:40404\n") != std::string::npos);
}

TEST_CASE("TCP with odd bytes never fails", "[tcp-dissect]") {
  testing::TcpLogBuilder b;
  b.seg(0, true, 1, 2, 1, 0, testing::tcpf::kSyn, 100);
  Bytes frame = b.log.frames()[0].bytes;
  frame[14 + 20 + 12] = 0xf0;  // data offset 60 bytes: beyond the segment
  capture::CaptureLog log;
  log.record(0, 0, capture::Direction::AtoB, frame);
  auto d = CaptureDissector::dissect_one(log, 0);
  CHECK(d.malformed);
  CHECK(d.protocols == "eth:ethertype:ip:tcp");
}
