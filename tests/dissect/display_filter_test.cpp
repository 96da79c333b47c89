// Display filters: parsing (valid and invalid, with reasons) and matching on the sample capture.
#include <catch2/catch.hpp>

#include "engine/dissect/capture_dissector.h"
#include "engine/dissect/display_filter.h"
#include "tests/dissect/frame_builders.h"

using namespace wirelab;
using dissect::DisplayFilter;

namespace {

// Frame numbers (1-based) of the sample capture that `text` accepts.
std::vector<std::size_t> numbers(const std::string& text) {
  static const capture::CaptureLog log = testing::sample_log();
  dissect::CaptureDissector cd(log);
  auto f = DisplayFilter::compile(text);
  INFO(text);
  if (!f.ok()) FAIL(f.error().reason);
  std::vector<std::size_t> out;
  for (auto i : cd.matching(&*f)) out.push_back(i + 1);
  return out;
}

std::string error_of(const std::string& text) {
  auto f = DisplayFilter::compile(text);
  INFO(text);
  REQUIRE_FALSE(f.ok());
  return f.error().reason;
}

using V = std::vector<std::size_t>;

}  // namespace

TEST_CASE("Filters: protocols and fields", "[dissect][filter]") {
  CHECK(numbers("arp") == V{1, 2});
  CHECK(numbers("icmp") == V{3, 4, 6, 7, 8, 9, 11});
  CHECK(numbers("udp") == V{5, 6, 7, 8, 12});
  CHECK(numbers("eth").size() == 12);
  CHECK(numbers("").size() == 12);
  CHECK(numbers("icmp.type == 8") == V{3, 9, 11});  // 9 quotes an echo request
  CHECK(numbers("icmp.type eq 0") == V{4});
  CHECK(numbers("arp.opcode == 2") == V{2});
  CHECK(numbers("ip.src == 10.0.0.254") == V{6, 8, 9});
  CHECK(numbers("ip.addr == 10.0.1.9") == V{5, 6, 8, 9});
  CHECK(numbers("ip.dst == 10.0.1.0/24") == V{5, 6, 8, 9});
  CHECK(numbers("ip.src == 10.0.0.0/24 && !icmp") == V{5, 10, 12});
  CHECK(numbers("eth.addr == 02:00:00:00:00:fe") == V{5, 6, 8, 9});
  CHECK(numbers("eth.dst == ff:ff:ff:ff:ff:ff") == V{1});
  CHECK(numbers("udp.port == 53") == V{12});
  CHECK(numbers("udp.port == 33435 and not icmp") == V{5});
  CHECK(numbers("icmp.mtu == 1400") == V{9});
  CHECK(numbers("ip.ttl < 2") == V{5, 6, 8});
  CHECK(numbers("ip.ttl le 1") == V{5, 6, 8});
  CHECK(numbers("frame.len >= 98") == V{3, 4, 10, 11});
  CHECK(numbers("frame.len > 0x60 && frame.len lt 99") == V{3, 4, 10, 11});
  CHECK(numbers("ip.flags.mf == 1") == V{10});
  CHECK(numbers("ip.checksum.status == 0") == V{11});
  CHECK(numbers("_ws.expert") == V{5, 11});  // TTL 1 note, bad checksum
  CHECK(numbers("_ws.expert.message contains \"Bad checksum\"") == V{11});
  CHECK(numbers("frame.interface_name == \"r1:eth1-pc2:eth0\"") == V{10, 11, 12});
  CHECK(numbers("frame.protocols contains \"icmp:ip:udp\"") == V{6, 7, 8});
  CHECK(numbers("data.data contains \"AAAA\"") == V{5, 12});
  CHECK(numbers("data.data contains 41:41") == V{5, 12});
  CHECK(numbers("frame.time_relative > 0.010") == V{11, 12});
  CHECK(numbers("ip.addr != 10.0.0.2") == V{5, 6, 8, 9});  // all occurrences differ
  CHECK(numbers("ip.src ne 10.0.0.1 and ip") == V{4});  // 6-9 quote a packet from 10.0.0.1
  CHECK(numbers("ip.src == 10.0.0.1") == V{3, 5, 6, 7, 8, 9, 10, 11, 12});
  CHECK(numbers("!(ip.src == 10.0.0.1) and ip") == V{4});
  CHECK(numbers("(arp or udp) and not (udp.port == 53 || icmp)") == V{1, 2, 5});
  CHECK(numbers("arp or udp and icmp") == V{1, 2, 6, 7, 8});  // and binds tighter
  CHECK(numbers("not not arp") == V{1, 2});
  CHECK(numbers("_ws.malformed").empty());
}

TEST_CASE("Filters: errors say what and where", "[dissect][filter]") {
  CHECK(error_of("icmp.tpye == 8") == "\"icmp.tpye\" is not a valid protocol or field (column 1)");
  CHECK(error_of("icmp and") == "unexpected end of filter (column 9)");
  CHECK(error_of("icmp.type ==") == "unexpected end of filter, expected a value after \"==\" (column 13)");
  CHECK(error_of("(icmp") == "unexpected end of filter, expected \")\" (column 6)");
  CHECK(error_of("icmp)") == "unexpected \")\" (column 5)");
  CHECK(error_of("icmp.type == foo").find("\"foo\" is not a valid unsigned integer for icmp.type") == 0);
  CHECK(error_of("ip.src == 10.0.0.300").find("not a valid IPv4 address") != std::string::npos);
  CHECK(error_of("ip.src > 10.0.0.0/8").find("only be compared with == or !=") != std::string::npos);
  CHECK(error_of("eth.src == 02:00").find("not a valid MAC address") != std::string::npos);
  CHECK(error_of("icmp.type contains 1").find("\"contains\" needs a string or byte field") == 0);
  CHECK(error_of("icmp == 1").find("has no value to compare") != std::string::npos);
  CHECK(error_of("ip.src == \"10.0.0.1").find("unterminated string") == 0);
  CHECK(error_of("icmp $ arp").find("unexpected character '$'") == 0);
  CHECK(error_of("icmp arp").find("unexpected \"arp\"") == 0);
  CHECK(error_of("== 3") == "unexpected \"==\" (column 1)");
}

TEST_CASE("Filters: field names come from the registry", "[dissect][filter]") {
  const auto& reg = dissect::DissectorRegistry::builtin();
  for (const char* f : {"eth.dst", "eth.src", "eth.type", "eth.addr", "eth.padding", "arp.opcode", "arp.src.hw_mac",
                        "arp.src.proto_ipv4", "arp.dst.hw_mac", "arp.dst.proto_ipv4", "arp.isgratuitous", "ip.version",
                        "ip.hdr_len", "ip.dsfield", "ip.len", "ip.id", "ip.flags", "ip.flags.df", "ip.flags.mf",
                        "ip.frag_offset", "ip.ttl", "ip.proto", "ip.checksum", "ip.src", "ip.dst", "ip.addr", "icmp.type",
                        "icmp.code", "icmp.checksum", "icmp.ident", "icmp.seq", "icmp.mtu", "udp.srcport", "udp.dstport",
                        "udp.port", "udp.length", "udp.checksum", "udp.payload", "data.data", "data.len", "frame.number",
                        "frame.len", "frame.time_relative", "frame.interface_name", "frame.protocols"}) {
    INFO(f);
    CHECK(reg.field(f) != nullptr);
    CHECK(DisplayFilter::compile(f).ok());
  }
  CHECK(reg.field("tcp.port") != nullptr);
  CHECK(reg.field("dns.qry.name") == nullptr);
}
