// Each dissector on known frames built with the wire codecs: field values, byte offsets,
// summaries (Wireshark's Info lines) and frame.protocols.
#include <catch2/catch.hpp>

#include "engine/dissect/capture_dissector.h"
#include "engine/dissect/text_output.h"
#include "tests/dissect/frame_builders.h"

using namespace wirelab;
using dissect::PacketDissection;
using dissect::ProtoNode;

namespace {

PacketDissection one(const Bytes& frame) {
  capture::CaptureLog log;
  log.add_interface({"lan", "test lan", 1500});
  log.record(0, 0, capture::Direction::AtoB, frame);
  return dissect::CaptureDissector::dissect_one(log, 0);
}

const ProtoNode& node(const PacketDissection& d, const std::string& filter) {
  const ProtoNode* n = d.find(filter);
  INFO(filter);
  REQUIRE(n != nullptr);
  return *n;
}

std::uint64_t num(const PacketDissection& d, const std::string& filter) { return node(d, filter).value.number; }

}  // namespace

TEST_CASE("ARP request and reply", "[dissect][arp]") {
  auto req = one(testing::arp_frame(true, testing::mac(1), "10.0.0.1", {}, "10.0.0.2"));
  CHECK(req.summary.protocol == "ARP");
  CHECK(req.summary.info == "Who has 10.0.0.2? Tell 10.0.0.1");
  CHECK(req.summary.source == "02:00:00:00:00:01");
  CHECK(req.summary.destination == "Broadcast");
  CHECK(req.summary.length == 60);
  CHECK(req.protocols == "eth:ethertype:arp");
  CHECK(num(req, "arp.opcode") == 1);
  CHECK(node(req, "arp.src.proto_ipv4").value.to_display() == "10.0.0.1");
  CHECK(node(req, "arp.src.proto_ipv4").offset == 28);
  CHECK(node(req, "arp.src.proto_ipv4").length == 4);
  CHECK(node(req, "arp.dst.proto_ipv4").offset == 38);
  CHECK(node(req, "arp.src.hw_mac").value.to_display() == "02:00:00:00:00:01");
  CHECK(node(req, "arp").label == "Address Resolution Protocol (request)");
  CHECK(node(req, "eth.padding").length == 18);
  CHECK(node(req, "eth").label ==
        "Ethernet II, Src: 02:00:00:00:00:01 (02:00:00:00:00:01), Dst: Broadcast (ff:ff:ff:ff:ff:ff)");
  CHECK(req.find("arp.isgratuitous") == nullptr);
  CHECK_FALSE(req.malformed);

  auto rep = one(testing::arp_frame(false, testing::mac(2), "10.0.0.2", testing::mac(1), "10.0.0.1"));
  CHECK(rep.summary.info == "10.0.0.2 is at 02:00:00:00:00:02");
  CHECK(rep.summary.destination == "02:00:00:00:00:01");
  CHECK(node(rep, "arp.dst.hw_mac").value.to_display() == "02:00:00:00:00:01");

  auto grat = one(testing::arp_frame(true, testing::mac(1), "10.0.0.1", {}, "10.0.0.1"));
  CHECK(node(grat, "arp.isgratuitous").value.number == 1);
  CHECK(grat.summary.info == "Gratuitous ARP for 10.0.0.1 (Request)");
}

TEST_CASE("Frame and Ethernet layers", "[dissect][frame][eth]") {
  auto d = one(testing::ip_frame(testing::mac(2), testing::mac(1), testing::icmp_echo_ip(true, "10.0.0.1", "10.0.0.2", 1, 1)));
  REQUIRE(d.tree.size() == 4);  // frame, eth, ip, icmp (data is inside icmp)
  CHECK(d.tree[0].label == "Frame 1: 98 bytes on wire (784 bits), 98 bytes captured (784 bits) on interface lan, id 0");
  CHECK(num(d, "frame.number") == 1);
  CHECK(num(d, "frame.len") == 98);
  CHECK(node(d, "frame.interface_name").value.text == "lan");
  CHECK(node(d, "frame.protocols").value.text == "eth:ethertype:ip:icmp:data");
  CHECK(node(d, "eth.dst").offset == 0);
  CHECK(node(d, "eth.src").offset == 6);
  CHECK(num(d, "eth.type") == 0x0800);
  CHECK(node(d, "eth.type").label == "Type: IPv4 (0x0800)");
  CHECK(d.find_all("eth.addr").size() == 2);
}

TEST_CASE("IPv4 header fields", "[dissect][ip]") {
  wire::UdpDatagram u;
  u.src_port = 40007;  // ports no dissector claims (7 and 9 are Echo and Discard)
  u.dst_port = 40009;
  Bytes four(4, 0x55);
  u.payload = four;
  Bytes ip = testing::ipv4_packet("10.0.0.1", "10.0.0.2", 17, u.to_bytes(testing::ip("10.0.0.1"), testing::ip("10.0.0.2")),
                                  61, 0x1234, true);
  auto d = one(testing::ip_frame(testing::mac(2), testing::mac(1), ip));
  CHECK(d.tree[2].label == "Internet Protocol Version 4, Src: 10.0.0.1, Dst: 10.0.0.2");
  CHECK(num(d, "ip.version") == 4);
  CHECK(num(d, "ip.hdr_len") == 20);
  CHECK(num(d, "ip.len") == 32);
  CHECK(num(d, "ip.id") == 0x1234);
  CHECK(node(d, "ip.id").label == "Identification: 0x1234 (4660)");
  CHECK(num(d, "ip.flags") == 2);
  CHECK(node(d, "ip.flags").label == "010. .... = Flags: 0x2, Don't fragment");
  CHECK(num(d, "ip.flags.df") == 1);
  CHECK(num(d, "ip.flags.mf") == 0);
  CHECK(num(d, "ip.frag_offset") == 0);
  CHECK(num(d, "ip.ttl") == 61);
  CHECK(node(d, "ip.ttl").offset == 22);
  CHECK(num(d, "ip.proto") == 17);
  CHECK(node(d, "ip.proto").label == "Protocol: UDP (17)");
  CHECK(node(d, "ip.checksum").label.find("[correct]") != std::string::npos);
  CHECK(num(d, "ip.checksum.status") == 1);
  CHECK(node(d, "ip.src").offset == 26);
  CHECK(node(d, "ip.dst").offset == 30);
  auto addrs = d.find_all("ip.addr");
  REQUIRE(addrs.size() == 2);
  CHECK(addrs[0]->hidden);
  CHECK(d.summary.source == "10.0.0.1");
  CHECK(d.summary.destination == "10.0.0.2");
  CHECK(d.summary.protocol == "UDP");
  CHECK(node(d, "eth.padding").length == 14);  // 14 + 32 = 46 < 60
}

TEST_CASE("ICMP echo request and reply, with request matching", "[dissect][icmp]") {
  capture::CaptureLog log;
  log.add_interface({"lan", "", 1500});
  log.record(0, 0, capture::Direction::AtoB,
             testing::ip_frame(testing::mac(2), testing::mac(1), testing::icmp_echo_ip(true, "10.0.0.1", "10.0.0.2", 1, 1)));
  log.record(1000, 0, capture::Direction::BtoA,
             testing::ip_frame(testing::mac(1), testing::mac(2), testing::icmp_echo_ip(false, "10.0.0.2", "10.0.0.1", 1, 1, 63)));
  dissect::CaptureDissector cd(log);
  const auto& req = cd.frame(0);
  CHECK(req.summary.protocol == "ICMP");
  CHECK(req.summary.info == "Echo (ping) request  id=0x0001, seq=1/256, ttl=64");
  CHECK(num(req, "icmp.type") == 8);
  CHECK(num(req, "icmp.code") == 0);
  CHECK(num(req, "icmp.ident") == 1);
  CHECK(num(req, "icmp.seq") == 1);
  CHECK(node(req, "icmp.seq").offset == 40);
  CHECK(num(req, "icmp.checksum_status") == 1);
  CHECK(num(req, "data.len") == 56);
  CHECK(node(req, "data.data").offset == 42);
  const auto& rep = cd.frame(1);
  CHECK(rep.summary.info == "Echo (ping) reply    id=0x0001, seq=1/256, ttl=63 (request in 1)");
  CHECK(num(rep, "icmp.resp_to") == 1);
  CHECK(&cd.frame(1) == &rep);  // cached
  CHECK(rep.summary.time == 1000);
}

TEST_CASE("ICMP errors quote the offending packet as a nested subtree", "[dissect][icmp]") {
  Bytes probe = testing::udp_ip("10.0.0.1", "10.0.1.9", 33434, 33435, 24, 1);
  auto te = one(testing::ip_frame(testing::mac(1), testing::mac(0xfe),
                                  testing::icmp_error_ip(11, 0, "10.0.0.254", "10.0.0.1", probe)));
  CHECK(te.summary.info == "Time-to-live exceeded (Time to live exceeded in transit)");
  CHECK(te.summary.source == "10.0.0.254");  // columns belong to the outer packet
  CHECK(te.summary.protocol == "ICMP");
  CHECK(te.protocols == "eth:ethertype:ip:icmp:ip:udp");
  CHECK_FALSE(te.malformed);
  const ProtoNode& icmp = node(te, "icmp");
  const ProtoNode* inner_ip = nullptr;
  for (const auto& c : icmp.children)
    if (c.filter == "ip") inner_ip = &c;
  REQUIRE(inner_ip != nullptr);
  CHECK(inner_ip->offset == 42);
  CHECK(inner_ip->label == "Internet Protocol Version 4, Src: 10.0.0.1, Dst: 10.0.1.9");
  auto srcs = te.find_all("ip.src");
  REQUIRE(srcs.size() == 2);
  CHECK(srcs[1]->value.to_display() == "10.0.0.1");
  CHECK(num(te, "udp.srcport") == 33434);
  CHECK(node(te, "udp.srcport").offset == 62);
  CHECK(num(te, "udp.length") == 32);
  CHECK(num(te, "udp.checksum.status") == 2);  // unverifiable in a quote

  Bytes probe2 = testing::udp_ip("10.0.0.1", "10.0.0.2", 40000, 33435, 24);
  auto pu = one(testing::ip_frame(testing::mac(1), testing::mac(2), testing::icmp_error_ip(3, 3, "10.0.0.2", "10.0.0.1", probe2)));
  CHECK(pu.summary.info == "Destination unreachable (Port unreachable)");
  auto nu = one(testing::ip_frame(testing::mac(1), testing::mac(2), testing::icmp_error_ip(3, 0, "10.0.0.254", "10.0.0.1", probe2)));
  CHECK(nu.summary.info == "Destination unreachable (Network unreachable)");

  Bytes big = testing::icmp_echo_ip(true, "10.0.0.1", "10.0.1.9", 2, 3, 64, 1400);
  auto fn = one(testing::ip_frame(testing::mac(1), testing::mac(2), testing::icmp_error_ip(3, 4, "10.0.0.254", "10.0.0.1", big, 1400)));
  CHECK(fn.summary.info == "Destination unreachable (Fragmentation needed)");
  CHECK(num(fn, "icmp.mtu") == 1400);
  CHECK(fn.protocols == "eth:ethertype:ip:icmp:ip:icmp");
  auto types = fn.find_all("icmp.type");
  REQUIRE(types.size() == 2);
  CHECK(types[1]->value.number == 8);
  CHECK(num(fn, "icmp.ident") == 2);
}

TEST_CASE("UDP and data", "[dissect][udp]") {
  auto d = one(testing::ip_frame(testing::mac(0xfe), testing::mac(1), testing::udp_ip("10.0.0.1", "10.0.1.9", 33434, 33435, 32)));
  CHECK(d.summary.protocol == "UDP");
  CHECK(d.summary.info == "33434 \xe2\x86\x92 33435 Len=32");
  CHECK(d.protocols == "eth:ethertype:ip:udp:data");
  CHECK(num(d, "udp.srcport") == 33434);
  CHECK(num(d, "udp.dstport") == 33435);
  CHECK(d.find_all("udp.port").size() == 2);
  CHECK(num(d, "udp.length") == 40);
  CHECK(num(d, "udp.checksum.status") == 1);
  CHECK(node(d, "udp.payload").length == 32);
  CHECK(node(d, "data.data").value.bytes == Bytes(32, 0x41));
  CHECK(node(d, "udp").label == "User Datagram Protocol, Src Port: 33434, Dst Port: 33435");

  Bytes ip = testing::udp_ip("10.0.0.1", "10.0.1.9", 1, 2, 4);
  write_u16(ip, 26, 0);  // no checksum
  auto z = one(testing::ip_frame(testing::mac(0xfe), testing::mac(1), ip));
  CHECK(num(z, "udp.checksum.status") == 3);
  ip[28] ^= 1;  // corrupt the payload under a non-zero checksum
  write_u16(ip, 26, 0x1234);
  auto bad = one(testing::ip_frame(testing::mac(0xfe), testing::mac(1), ip));
  CHECK(num(bad, "udp.checksum.status") == 0);
  CHECK(bad.has_expert);
}

TEST_CASE("Fragments are shown, not reassembled", "[dissect][ip]") {
  wire::Ipv4Packet p;
  p.src = testing::ip("10.0.0.1");
  p.dst = testing::ip("10.0.0.2");
  p.protocol = 1;
  p.identification = 1;
  p.more_fragments = true;
  Bytes pl(64, 0x11);
  p.payload = pl;
  auto d = one(testing::ip_frame(testing::mac(2), testing::mac(1), p.to_bytes()));
  CHECK(d.summary.protocol == "IPv4");
  CHECK(d.summary.info == "Fragmented IP protocol (proto=ICMP 1, off=0, ID=0001)");
  CHECK(d.protocols == "eth:ethertype:ip:data");
  p.more_fragments = false;
  p.fragment_offset = 185;
  auto later = one(testing::ip_frame(testing::mac(2), testing::mac(1), p.to_bytes()));
  CHECK(later.summary.info == "Fragmented IP protocol (proto=ICMP 1, off=1480, ID=0001)");
  CHECK(num(later, "ip.frag_offset") == 1480);
}

TEST_CASE("Unknown ethertype and IP protocol fall back to data", "[dissect][data]") {
  auto d = one(testing::ethernet(testing::mac(2), testing::mac(1), 0x88b5, Bytes(50, 7)));
  CHECK(d.protocols == "eth:ethertype:data");
  CHECK(d.summary.protocol == "0x88b5");
  CHECK(num(d, "data.len") == 50);
  auto g = one(testing::ip_frame(testing::mac(2), testing::mac(1), testing::ipv4_packet("10.0.0.1", "10.0.0.2", 47, Bytes(30, 1))));
  CHECK(g.protocols == "eth:ethertype:ip:data");
  CHECK(g.summary.protocol == "IPv4");
}

TEST_CASE("Text output: packet list line and tree", "[dissect][text]") {
  auto log = testing::sample_log();
  dissect::CaptureDissector cd(log);
  CHECK(dissect::format_packet_line(cd.frame(2)) ==
        "    3 0.002000246     10.0.0.1 \xe2\x86\x92 10.0.0.2     ICMP 98 Echo (ping) request  id=0x0001, seq=1/256, ttl=64");
  CHECK(dissect::format_packet_list({&cd.frame(0), &cd.frame(1)}) ==
        "    1 0.000000000 02:00:00:00:00:01 \xe2\x86\x92 Broadcast    ARP 60 Who has 10.0.0.2? Tell 10.0.0.1\n"
        "    2 0.001000123 02:00:00:00:00:02 \xe2\x86\x92 02:00:00:00:00:01 ARP 60 10.0.0.2 is at 02:00:00:00:00:02\n");
  std::string tree = dissect::format_tree(cd.frame(0));
  CHECK(tree.find("Address Resolution Protocol (request)\n    Hardware type: Ethernet (1)\n") != std::string::npos);
  CHECK(tree.find("\n    Sender IP address: 10.0.0.1\n") != std::string::npos);
  CHECK(tree.find("ip.addr") == std::string::npos);
  std::string bad = dissect::format_tree(cd.frame(10));
  CHECK(bad.find("    Header Checksum: 0x99a5 incorrect, should be 0x66a5\n"
                 "        [Expert Info (Error/Checksum): Bad checksum [should be 0x66a5]]\n") != std::string::npos);
}
