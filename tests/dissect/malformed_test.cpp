// Dissectors never fail: truncated and odd bytes become "[Malformed Packet: PROTO]" nodes with
// an expert note, bad checksums are flagged, and a seeded fuzz loop never crashes.
#include <catch2/catch.hpp>

#include "engine/base/rng.h"
#include "engine/dissect/capture_dissector.h"
#include "engine/dissect/display_filter.h"
#include "engine/dissect/text_output.h"
#include "tests/dissect/frame_builders.h"

using namespace wirelab;
using dissect::PacketDissection;

namespace {

PacketDissection one(const Bytes& frame) {
  capture::CaptureLog log;
  log.add_interface({"lan", "", 1500});
  log.record(0, 0, capture::Direction::AtoB, frame);
  return dissect::CaptureDissector::dissect_one(log, 0);
}

Bytes echo_frame() {
  return testing::ip_frame(testing::mac(2), testing::mac(1), testing::icmp_echo_ip(true, "10.0.0.1", "10.0.0.2", 1, 1));
}

}  // namespace

TEST_CASE("Truncated IPv4 is malformed", "[dissect][malformed]") {
  Bytes f = echo_frame();
  f.resize(30);  // 16 bytes of IP header
  auto d = one(f);
  CHECK(d.malformed);
  const auto* m = d.find("_ws.malformed");
  REQUIRE(m != nullptr);
  CHECK(m->label == "[Malformed Packet: IPv4]");
  REQUIRE(m->expert.has_value());
  CHECK(m->expert->severity == dissect::Severity::Error);
  CHECK(d.summary.info.find("[Malformed Packet]") != std::string::npos);

  Bytes g = echo_frame();
  g.resize(50);  // full header, payload cut short of the total length
  auto e = one(g);
  CHECK(e.malformed);
  CHECK(e.find("ip.src") != nullptr);  // the header is still shown
  CHECK(e.find("icmp") == nullptr);    // and dissection stopped there
  CHECK(e.find("ip.len")->expert.has_value());
}

TEST_CASE("IHL of 4 is malformed with Wireshark's Info", "[dissect][malformed]") {
  Bytes f = echo_frame();
  f[14] = 0x44;
  auto d = one(f);
  CHECK(d.malformed);
  CHECK(d.summary.protocol == "IPv4");
  CHECK(d.summary.info == "Bogus IP header length (16, must be at least 20)[Malformed Packet]");
  CHECK(d.protocols == "eth:ethertype:ip");
}

TEST_CASE("Bad checksums are flagged with an expert note", "[dissect][malformed]") {
  Bytes f = echo_frame();
  f[24] ^= 0xff;  // IP header checksum
  auto d = one(f);
  const auto* st = d.find("ip.checksum.status");
  REQUIRE(st != nullptr);
  CHECK(st->value.number == 0);
  CHECK(st->label == "[Header checksum status: Bad]");
  REQUIRE(d.find("ip.checksum")->expert.has_value());
  CHECK(d.find("ip.checksum")->expert->message.rfind("Bad checksum [should be 0x", 0) == 0);
  CHECK(d.has_expert);
  CHECK(d.summary.protocol == "ICMP");  // dissection continues past a bad checksum

  Bytes g = echo_frame();
  g[40] ^= 1;  // ICMP sequence: breaks the ICMP checksum
  auto e = one(g);
  CHECK(e.find("icmp.checksum_status")->value.number == 0);
  CHECK(e.find("icmp.checksum")->label.find("incorrect, should be") != std::string::npos);
}

TEST_CASE("Short ICMP, UDP, ARP and Ethernet are malformed", "[dissect][malformed]") {
  auto runt = one(Bytes{1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
  CHECK(runt.malformed);
  CHECK(runt.find("_ws.malformed")->label == "[Malformed Packet: Ethernet]");

  auto icmp = one(testing::ip_frame(testing::mac(2), testing::mac(1), testing::ipv4_packet("10.0.0.1", "10.0.0.2", 1, Bytes(4, 0))));
  CHECK(icmp.malformed);
  CHECK(icmp.find("_ws.malformed")->label == "[Malformed Packet: ICMP]");

  auto udp = one(testing::ip_frame(testing::mac(2), testing::mac(1), testing::ipv4_packet("10.0.0.1", "10.0.0.2", 17, Bytes(8, 0))));
  CHECK(udp.malformed);  // UDP length 0 < 8
  CHECK(udp.find("_ws.malformed")->label == "[Malformed Packet: UDP]");

  Bytes arp = testing::arp_frame(true, testing::mac(1), "10.0.0.1", {}, "10.0.0.2");
  arp.resize(14 + 20);
  auto a = one(arp);
  CHECK(a.malformed);
  CHECK(a.find("_ws.malformed")->label == "[Malformed Packet: ARP]");
}

TEST_CASE("Fuzz: random and mutated frames never crash", "[dissect][fuzz]") {
  Rng rng(20240601);
  std::vector<Bytes> seeds;
  auto log = testing::sample_log();
  for (const auto& f : log.frames()) seeds.push_back(f.bytes);
  auto filter = dissect::DisplayFilter::compile("ip.addr == 10.0.0.0/8 or icmp.type > 3 or udp or _ws.malformed");
  REQUIRE(filter.ok());
  int malformed = 0;
  for (int i = 0; i < 4000; ++i) {
    Bytes f;
    if (i % 4 == 0) {
      f.resize(rng.uniform(100));
      rng.fill(f.data(), f.size());
    } else {
      f = seeds[rng.uniform(seeds.size())];
      int flips = 1 + static_cast<int>(rng.uniform(6));
      for (int k = 0; k < flips && !f.empty(); ++k) f[rng.uniform(f.size())] = static_cast<std::uint8_t>(rng.next_u32());
      if (rng.uniform(3) == 0) f.resize(rng.uniform(f.size() + 1));
      // Make the IP header look plausible more often, to reach the deeper layers.
      if (f.size() > 14 && rng.uniform(2) == 0) f[14] = static_cast<std::uint8_t>(0x40 | (f[14] & 15));
    }
    auto d = one(f);
    if (d.malformed) ++malformed;
    (void)filter->matches(d);
    (void)dissect::format_tree(d);
    (void)dissect::format_packet_line(d);
    REQUIRE(d.tree.size() >= 1);
    REQUIRE(d.tree[0].filter == "frame");
  }
  CHECK(malformed > 100);
}
