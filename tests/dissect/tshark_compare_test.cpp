// Cross-check with Wireshark: write the sample capture, let tshark dissect it, and compare
// frame.protocols, the Protocol and Info columns and key fields (every occurrence, in order,
// so quoted headers inside ICMP errors count) with our dissection. Skipped, visibly, when
// tshark is not installed.
#include <catch2/catch.hpp>

#include "tests/support/tshark.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include "engine/capture/pcap_writer.h"
#include "engine/dissect/capture_dissector.h"
#include "tests/dissect/frame_builders.h"

using namespace wirelab;

namespace {

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == sep) {
      out.push_back(cur);
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  out.push_back(cur);
  return out;
}

// Our occurrences of a field rendered like tshark's -T fields (numbers compared numerically,
// since tshark prints some in hex).
std::string normalise(const std::string& v) {
  if (v.size() > 2 && v[0] == '0' && v[1] == 'x') return std::to_string(std::strtoull(v.c_str(), nullptr, 16));
  return v;
}

}  // namespace

TEST_CASE("Our dissection agrees with tshark on the sample capture", "[dissect][tshark]") {
  if (std::system("tshark --version >/dev/null 2>&1") != 0) {
    WARN("tshark not installed: skipping the Wireshark comparison (apt-get install tshark)");
    return;
  }
  auto log = testing::sample_log();
  // Frame 12 goes to UDP port 53, which Wireshark decodes as DNS and we do not (yet).
  std::vector<std::size_t> picked;
  for (std::size_t i = 0; i < 11; ++i) picked.push_back(i);
  Bytes file = capture::write_pcap(log, &picked);
  auto path = (std::filesystem::temp_directory_path() / (std::to_string(getpid()) + "_wirelab_tshark_compare.pcap")).string();
  std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(file.data()), static_cast<std::streamsize>(file.size()));

  const std::vector<std::string> fields = {
      "eth.src", "eth.dst", "eth.type", "arp.opcode", "arp.src.proto_ipv4", "arp.dst.proto_ipv4", "arp.src.hw_mac",
      "ip.src", "ip.dst", "ip.ttl", "ip.id", "ip.proto", "ip.len", "ip.flags.mf", "ip.frag_offset", "icmp.type",
      "icmp.code", "icmp.ident", "icmp.seq", "icmp.mtu", "udp.srcport", "udp.dstport", "udp.length", "data.len"};
  std::string cmd = "tshark -n -r '" + path + "' -T fields -E separator='|' -E occurrence=a -E aggregator=',' "
                    "-e frame.protocols -e _ws.col.Protocol -e _ws.col.Info";
  for (const auto& f : fields) cmd += " -e " + f;
  std::string out = testing::run_command(cmd + " 2>/dev/null");
  std::filesystem::remove(path);
  std::vector<std::string> lines = split(out, '\n');
  REQUIRE(lines.size() >= picked.size());

  capture::CaptureLog sub;
  for (const auto& i : log.interfaces()) sub.add_interface(i);
  for (auto i : picked) sub.record(log.frames()[i].time, log.frames()[i].interface, capture::Direction::AtoB, log.frames()[i].bytes);
  dissect::CaptureDissector cd(sub);
  for (std::size_t k = 0; k < picked.size(); ++k) {
    auto cols = split(lines[k], '|');
    REQUIRE(cols.size() == 3 + fields.size());
    const auto& d = cd.frame(k);
    INFO("frame " << k + 1 << ": " << lines[k]);
    CHECK(d.protocols == cols[0]);
    CHECK(d.summary.protocol == cols[1]);
    CHECK(d.summary.info == cols[2]);
    for (std::size_t j = 0; j < fields.size(); ++j) {
      std::vector<std::string> ours;
      for (const auto* n : d.find_all(fields[j])) ours.push_back(normalise(n->value.to_display()));
      std::vector<std::string> theirs;
      if (!cols[3 + j].empty())
        for (const auto& v : split(cols[3 + j], ',')) theirs.push_back(normalise(v));
      INFO(fields[j]);
      CHECK(ours == theirs);
    }
  }
}
