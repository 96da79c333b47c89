// pcap and pcapng writers: exact headers, round trip through the reader, subset selection,
// the TLS key log block, reader errors on bad input, and (tag [tshark]) Wireshark's own opinion.
#include <catch2/catch.hpp>

#include "tests/support/tshark.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include "engine/capture/pcap_writer.h"
#include "engine/capture/pcapng_writer.h"
#include "engine/dissect/capture_file_reader.h"
#include "tests/dissect/frame_builders.h"

using namespace wirelab;

namespace {

std::uint32_t le32(const Bytes& b, std::size_t at) {
  return std::uint32_t{b[at]} | std::uint32_t{b[at + 1]} << 8 | std::uint32_t{b[at + 2]} << 16 |
         std::uint32_t{b[at + 3]} << 24;
}

void require_same_frames(const capture::CaptureLog& a, const capture::CaptureLog& b,
                         const std::vector<std::size_t>& picked) {
  REQUIRE(b.frames().size() == picked.size());
  for (std::size_t k = 0; k < picked.size(); ++k) {
    const auto& fa = a.frames()[picked[k]];
    const auto& fb = b.frames()[k];
    CHECK(fb.bytes == fa.bytes);
    CHECK(b.epoch_ns + fb.time == a.epoch_ns + fa.time);
  }
}

std::vector<std::size_t> all_indices(const capture::CaptureLog& log) {
  std::vector<std::size_t> v;
  for (std::size_t i = 0; i < log.frames().size(); ++i) v.push_back(i);
  return v;
}

std::string write_temp(const std::string& name, const Bytes& b) {
  auto path = (std::filesystem::temp_directory_path() / (std::to_string(getpid()) + "_" + name)).string();
  std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
  return path;
}

}  // namespace

TEST_CASE("pcap: global header and records", "[capture][pcap]") {
  auto log = testing::sample_log();
  Bytes f = capture::write_pcap(log);
  REQUIRE(f.size() > 24);
  CHECK(le32(f, 0) == 0xa1b23c4d);
  CHECK(f[4] == 2);
  CHECK(f[6] == 4);
  CHECK(le32(f, 16) == 262144);
  CHECK(le32(f, 20) == 1);
  // First record: epoch + 0.
  CHECK(le32(f, 24) == 1700000000u);
  CHECK(le32(f, 28) == 0u);
  CHECK(le32(f, 32) == log.frames()[0].bytes.size());
  std::size_t expected = 24;
  for (const auto& fr : log.frames()) expected += 16 + fr.bytes.size();
  CHECK(f.size() == expected);
}

TEST_CASE("pcap: round trip through the reader, whole and subset", "[capture][pcap]") {
  auto log = testing::sample_log();
  auto back = dissect::read_pcap_or_pcapng(capture::write_pcap(log));
  REQUIRE(back.ok());
  require_same_frames(log, *back, all_indices(log));

  std::vector<std::size_t> some{4, 1, 99};  // 99 is out of range: skipped
  auto sub = dissect::read_pcap_or_pcapng(capture::write_pcap(log, &some));
  REQUIRE(sub.ok());
  require_same_frames(log, *sub, {4, 1});
}

TEST_CASE("pcapng: blocks, interfaces and round trip", "[capture][pcapng]") {
  auto log = testing::sample_log();
  Bytes f = capture::write_pcapng(log);
  CHECK(le32(f, 0) == 0x0A0D0D0A);
  CHECK(le32(f, 8) == 0x1A2B3C4D);
  auto back = dissect::read_pcap_or_pcapng(f);
  REQUIRE(back.ok());
  require_same_frames(log, *back, all_indices(log));
  REQUIRE(back->interfaces().size() == 2);
  CHECK(back->interfaces()[0].name == "pc1:eth0-r1:eth0");
  CHECK(back->interfaces()[1].description == "r1 eth1 <-> pc2 eth0");
  for (std::size_t i = 0; i < log.frames().size(); ++i)
    CHECK(back->frames()[i].interface == log.frames()[i].interface);
}

TEST_CASE("pcapng: the TLS key log goes in a DSB before the first packet", "[capture][pcapng]") {
  auto log = testing::sample_log();
  std::string keys = "CLIENT_RANDOM 0102 0304\n";
  Bytes f = capture::write_pcapng(log, nullptr, keys);
  std::size_t at = 0, dsb_at = 0, first_epb = 0;
  while (at + 12 <= f.size()) {
    std::uint32_t type = le32(f, at), len = le32(f, at + 4);
    REQUIRE(len % 4 == 0);
    REQUIRE(le32(f, at + len - 4) == len);
    if (type == 0x0A && !dsb_at) {
      dsb_at = at;
      CHECK(le32(f, at + 8) == 0x544c534b);
      CHECK(le32(f, at + 12) == keys.size());
      CHECK(std::string(f.begin() + static_cast<long>(at) + 16, f.begin() + static_cast<long>(at + 16 + keys.size())) == keys);
    }
    if (type == 6 && !first_epb) first_epb = at;
    at += len;
  }
  CHECK(at == f.size());
  REQUIRE(dsb_at != 0);
  CHECK(dsb_at < first_epb);
  // Without keys there is no DSB.
  Bytes plain = capture::write_pcapng(log);
  CHECK(plain.size() < f.size());
}

TEST_CASE("reader: bad input is an error with a reason, never a crash", "[capture][reader]") {
  CHECK_FALSE(dissect::read_pcap_or_pcapng(Bytes{}).ok());
  CHECK_FALSE(dissect::read_pcap_or_pcapng(Bytes{1, 2, 3, 4, 5, 6, 7, 8}).ok());
  auto log = testing::sample_log();
  Bytes p = capture::write_pcap(log);
  Bytes cut(p.begin(), p.end() - 5);
  auto r = dissect::read_pcap_or_pcapng(cut);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().reason.find("truncated") != std::string::npos);
  Bytes wrong_link = p;
  wrong_link[20] = 105;  // 802.11
  auto w = dissect::read_pcap_or_pcapng(wrong_link);
  REQUIRE_FALSE(w.ok());
  CHECK(w.error().reason.find("link type") != std::string::npos);
  // Every prefix and a byte flip at every offset of both formats: no crash.
  for (const Bytes& file : {p, capture::write_pcapng(log, nullptr, "x")}) {
    for (std::size_t n = 0; n < file.size(); n += 7) (void)dissect::read_pcap_or_pcapng(ByteView(file).first(n));
    for (std::size_t i = 0; i < file.size(); i += 3) {
      Bytes m = file;
      m[i] ^= 0xa5;
      (void)dissect::read_pcap_or_pcapng(m);
    }
  }
}

TEST_CASE("reader: microsecond pcap, big-endian", "[capture][reader]") {
  Bytes f = {0xa1, 0xb2, 0xc3, 0xd4, 0, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0, 0, 1};
  Bytes frame = testing::arp_frame(true, testing::mac(1), "10.0.0.1", {}, "10.0.0.2");
  for (std::uint32_t v : {5u, 250u, static_cast<std::uint32_t>(frame.size()), static_cast<std::uint32_t>(frame.size())}) {
    f.push_back(static_cast<std::uint8_t>(v >> 24));
    f.push_back(static_cast<std::uint8_t>(v >> 16));
    f.push_back(static_cast<std::uint8_t>(v >> 8));
    f.push_back(static_cast<std::uint8_t>(v));
  }
  append(f, frame);
  auto r = dissect::read_pcap_or_pcapng(f);
  REQUIRE(r.ok());
  REQUIRE(r->frames().size() == 1);
  CHECK(r->epoch_ns == 5'000'250'000LL);
  CHECK(r->frames()[0].bytes == frame);
}

TEST_CASE("tshark opens our pcap and pcapng files without complaint", "[capture][tshark]") {
  if (!testing::have_tshark()) {
    WARN("tshark not installed: skipping the Wireshark cross-check");
    return;
  }
  auto log = testing::sample_log();
  for (auto& [name, bytes] : {std::pair<std::string, Bytes>{"wirelab_writer_test.pcap", capture::write_pcap(log)},
                              {"wirelab_writer_test.pcapng", capture::write_pcapng(log, nullptr, "CLIENT_RANDOM 00 11\n")}}) {
    std::string path = write_temp(name, bytes);
    std::string out = testing::run_command("tshark -r '" + path + "' -T fields -e frame.number 2>&1 | grep -v 'Running as user'");
    INFO(out);
    CHECK(out.find("appears to") == std::string::npos);
    CHECK(out.find("rror") == std::string::npos);
    CHECK(out.find("arning") == std::string::npos);
    std::string n = testing::run_command("tshark -r '" + path + "' 2>/dev/null | wc -l");
    CHECK(std::stoul(n) == log.frames().size());
    std::filesystem::remove(path);
  }
}
