// Echo, Discard, Daytime, Time, Chargen and Finger over TCP (and Echo over UDP).
#include <catch2/catch.hpp>

#include "engine/dissect/capture_dissector.h"
#include "tests/dissect/tcp_builders.h"

using namespace wirelab;
using dissect::CaptureDissector;

TEST_CASE("Trivial protocols: columns and fields", "[tcp-dissect][trivial]") {
  auto log = testing::trivial_log();
  CaptureDissector cd(log);
  auto f = [&](std::size_t n) -> const dissect::PacketDissection& { return cd.frame(n - 1); };
  CHECK(f(4).protocols == "eth:ethertype:ip:tcp:echo");
  CHECK(f(4).summary.protocol == "ECHO");
  CHECK(f(4).summary.info == "Request");
  CHECK(f(4).find("echo.request"));
  CHECK(f(5).summary.info == "Response");
  CHECK(f(5).find("echo.response"));
  CHECK(f(5).find("echo.data")->value.bytes.size() == 12);
  CHECK(f(12).protocols == "eth:ethertype:ip:tcp:discard");
  CHECK(f(12).summary.info == "Discard");
  CHECK(f(19).summary.info == "DAYTIME Response");
  CHECK(f(19).find("daytime.string")->value.text == "Tue Nov 14 22:13:20 2023\r\n");
  CHECK(f(26).summary.info == "TIME Response");
  CHECK(f(26).find("time.time")->value.number == 3909573760u);
  CHECK(f(26).find("time.time")->label == "Nov 21, 2023 16:42:40 UTC");
  CHECK(f(33).summary.protocol == "Chargen");
  CHECK(f(33).find("chargen.data")->label.rfind("Data (73): !\"#$", 0) == 0);
  CHECK(f(40).summary.info == "Query");
  CHECK(f(40).find("finger.query")->value.text == "alice\r\n");
  CHECK(f(41).summary.protocol == "TCP");
  CHECK(f(41).summary.info == "Response [TCP segment of a reassembled PDU]");
  CHECK(f(42).summary.info.find("[TCP segment of a reassembled PDU]") != std::string::npos);
  CHECK(f(44).protocols == "eth:ethertype:ip:tcp:finger");
  CHECK(f(44).summary.info == "Response");
  CHECK(f(44).find("finger.response")->value.text == "Login: alice\r\nName: Alice\r\n");
}

TEST_CASE("Echo over UDP", "[tcp-dissect][trivial]") {
  capture::CaptureLog log;
  log.record(0, 0, capture::Direction::AtoB,
             testing::ip_frame(testing::mac(2), testing::mac(1), testing::udp_ip("10.0.0.1", "10.0.0.2", 40000, 7, 4)));
  auto d = CaptureDissector::dissect_one(log, 0);
  CHECK(d.protocols == "eth:ethertype:ip:udp:echo");
  CHECK(d.summary.info == "Request");
}
