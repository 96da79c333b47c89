// The tshark oracle: every shipped scenario's capture, exported as one pcap per link (as a
// capture taken on that cable would be), must dissect in tshark with no malformed packet, no bad
// checksum and no warning (except "Connection reset (RST)", a Warning that only says a RST was
// seen), and tshark must agree with our own dissector frame by frame on the protocol stack and
// the key fields.
#include <catch2/catch.hpp>

#include "tests/support/tshark.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "engine/api/lab.h"
#include "engine/capture/pcap_writer.h"
#include "engine/dissect/capture_dissector.h"

using namespace wirelab;
namespace fs = std::filesystem;

namespace {

std::vector<fs::path> scenario_files() {
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(fs::path(WIRELAB_SOURCE_DIR) / "scenarios"))
    if (e.is_regular_file() && e.path().extension() == ".json") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  return files;
}

// First value of `key` in tshark's JSON layers, depth-first in document order (outer headers
// come before the headers quoted inside ICMP errors).
const nlohmann::ordered_json* find_first(const nlohmann::ordered_json& j, const std::string& key) {
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (it.key() == key) return &it.value();
      if (auto* f = find_first(it.value(), key)) return f;
    }
  } else if (j.is_array()) {
    for (const auto& v : j)
      if (auto* f = find_first(v, key)) return f;
  }
  return nullptr;
}

const char* kTsharkPrefs = " -o ip.check_checksum:TRUE -o udp.check_checksum:TRUE -o tcp.check_checksum:TRUE";

}  // namespace

TEST_CASE("tshark agrees with our dissection of every scenario's capture", "[tshark][scenario]") {
  if (!testing::have_tshark()) {
    WARN("tshark is not installed: the oracle test is skipped (tools/setup.sh installs it)");
    return;
  }
  const fs::path tmp = fs::temp_directory_path() / "wirelab-oracle";
  fs::create_directories(tmp);
  for (const auto& file : scenario_files()) {
    INFO("scenario " << file.string());
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    std::vector<api::LoadError> errors;
    auto lab = api::Lab::load(text.str(), errors);
    REQUIRE(lab);
    lab->run_to_completion();
    REQUIRE(!lab->capture().frames().empty());
    for (std::uint32_t link = 0; link < lab->capture().interfaces().size(); ++link) {
    // The frames of one cable, as their own capture.
    capture::CaptureLog log;
    log.epoch_ns = lab->capture().epoch_ns;
    log.add_interface(lab->capture().interfaces()[link]);
    for (const auto& f : lab->capture().frames())
      if (f.interface == link) log.record(f.time, 0, f.direction, f.bytes);
    if (log.frames().empty()) continue;
    INFO("link " << log.interfaces()[0].name);

    const fs::path pcap = tmp / (file.stem().string() + "-" + std::to_string(link) + ".pcap");
    Bytes bytes = capture::write_pcap(log);
    std::ofstream(pcap, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()),
                                                static_cast<std::streamsize>(bytes.size()));

    // 1. No malformed packet, no bad checksum, nothing at warning level or above.
    const std::string problems = testing::run_command("tshark -r '" + pcap.string() + "'" + kTsharkPrefs +
                                     " -Y '_ws.malformed || (_ws.expert.severity >= warning && !tcp.connection.rst)'"
                                     " -T fields -e frame.number -e _ws.expert.message 2>&1"
                                     " | grep -v 'Running as user'");  // a bad filter would print its error here
    CHECK(problems == "");

    // 2. Frame-by-frame agreement.
    const std::string json_text = testing::run_command("tshark -r '" + pcap.string() + "'" + kTsharkPrefs + " -T json 2>/dev/null");
    auto tshark = nlohmann::ordered_json::parse(json_text, nullptr, false);
    REQUIRE(tshark.is_array());
    REQUIRE(tshark.size() == log.frames().size());
    dissect::CaptureDissector ours(log);
    const char* keys[] = {"eth.src", "eth.dst", "eth.type", "arp.opcode", "arp.src.proto_ipv4", "arp.dst.proto_ipv4",
                          "ip.src", "ip.dst", "ip.proto", "ip.ttl", "ip.id", "ip.len", "icmp.type", "icmp.code",
                          "icmp.seq", "udp.srcport", "udp.dstport", "udp.length", "tcp.srcport", "tcp.dstport",
                          "tcp.stream", "tcp.len", "tcp.seq", "tcp.ack", "tcp.flags", "tcp.window_size_value",
                          "tcp.options.mss_val", "tcp.analysis.retransmission", "tcp.analysis.duplicate_ack",
                          "tcp.analysis.ack_lost_segment", "tcp.analysis.out_of_order"};
    for (std::size_t i = 0; i < log.frames().size(); ++i) {
      INFO("frame " << i + 1);
      const auto& layers = tshark[i]["_source"]["layers"];
      const auto* protocols = find_first(layers, "frame.protocols");
      REQUIRE(protocols);
      const auto& d = ours.frame(i);
      CHECK(d.protocols == protocols->get<std::string>());
      CHECK_FALSE(d.malformed);
      for (const char* key : keys) {
        const auto* theirs = find_first(layers, key);
        const auto* mine = d.find(key);
        INFO("field " << key);
        CHECK(static_cast<bool>(theirs) == static_cast<bool>(mine));
        if (!theirs || !mine || !theirs->is_string()) continue;
        std::string t = theirs->get<std::string>();
        std::string m = mine->value.to_display();
        // tshark prints some numbers in hex ("0x0800", "0x1c46"); compare numerically then.
        if (t.rfind("0x", 0) == 0 && mine->value.type == dissect::FieldType::UInt)
          CHECK(std::stoull(t, nullptr, 16) == mine->value.number);
        else
          CHECK(m == t);
      }
    }
    }
  }
}
