// Cross-check of the TCP dissector and its analysis with tshark 4.0: the crafted conversations
// of tcp_builders.h are written as single-interface pcaps and compared frame by frame
// (frame.protocols, Protocol and Info columns, key tcp.* fields, the trivial protocols' fields)
// and flag by flag (which frames carry each tcp.analysis.* flag). Skipped when tshark is missing.
#include <catch2/catch.hpp>

#include "tests/support/tshark.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <unistd.h>

#include "engine/capture/pcap_writer.h"
#include "engine/dissect/capture_dissector.h"
#include "engine/dissect/label_format.h"
#include "tests/dissect/tcp_builders.h"

using namespace wirelab;

namespace {

std::vector<std::string> split_on(const std::string& s, char sep) {
  std::vector<std::string> out(1);
  for (char c : s) {
    if (c == sep) out.emplace_back();
    else out.back().push_back(c);
  }
  return out;
}

std::string norm(const std::string& v) {
  std::string out;
  for (const auto& part : split_on(v, ',')) {
    if (!out.empty()) out += ',';
    if (part.size() > 2 && part[0] == '0' && part[1] == 'x') out += std::to_string(std::strtoull(part.c_str(), nullptr, 16));
    else out += part;
  }
  return out;
}

std::string ours(const dissect::PacketDissection& d, const std::string& field) {
  std::string out;
  for (const dissect::ProtoNode* n : d.find_all(field)) {
    if (!out.empty()) out += ',';
    const dissect::FieldValue& v = n->value;
    if (v.type == dissect::FieldType::String) out += dissect::format_text_escaped(ByteView(
        reinterpret_cast<const std::uint8_t*>(v.text.data()), v.text.size()));
    else if (v.type == dissect::FieldType::Bytes) out += to_hex(v.bytes, 0);
    else out += v.to_display();
  }
  return out;
}

std::string write_temp(const capture::CaptureLog& log, const char* name) {
  Bytes file = capture::write_pcap(log, nullptr);
  auto path = (std::filesystem::temp_directory_path() / (std::to_string(getpid()) + name)).string();
  std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(file.data()), static_cast<std::streamsize>(file.size()));
  return path;
}

void compare_fields(const capture::CaptureLog& log, const std::vector<std::string>& fields, const char* name,
                    const std::vector<std::uint32_t>& skip = {}) {
  std::string path = write_temp(log, name);
  std::string cmd = "tshark -n -r '" + path + "' -T fields -E separator=/t -E occurrence=a -E aggregator=, "
                    "-e frame.number -e frame.protocols -e _ws.col.Protocol -e _ws.col.Info";
  for (const auto& f : fields) cmd += " -e " + f;
  std::vector<std::string> lines = split_on(testing::run_command(cmd + " 2>/dev/null"), '\n');
  std::filesystem::remove(path);
  dissect::CaptureDissector cd(log);
  REQUIRE(lines.size() >= cd.size());
  for (std::size_t i = 0; i < cd.size(); ++i) {
    if (std::find(skip.begin(), skip.end(), i + 1) != skip.end()) continue;
    const auto& d = cd.frame(i);
    auto cols = split_on(lines[i], '\t');
    REQUIRE(cols.size() == 4 + fields.size());
    INFO("frame " << i + 1 << ": " << d.summary.info);
    CHECK(d.protocols == cols[1]);
    CHECK(d.summary.protocol == cols[2]);
    CHECK(d.summary.info == cols[3]);
    for (std::size_t k = 0; k < fields.size(); ++k) {
      INFO("field " << fields[k]);
      CHECK(norm(ours(d, fields[k])) == norm(cols[4 + k]));
    }
  }
}

}  // namespace

TEST_CASE("TCP dissection and analysis agree with tshark", "[tcp-dissect][tshark]") {
  if (!testing::have_tshark()) {
    WARN("tshark not installed: skipping the TCP comparison with Wireshark");
    return;
  }
  auto log = testing::tcp_analysis_log();
  compare_fields(log,
                 {"tcp.srcport", "tcp.dstport", "tcp.stream", "tcp.len", "tcp.seq", "tcp.seq_raw", "tcp.nxtseq", "tcp.ack",
                  "tcp.ack_raw", "tcp.hdr_len", "tcp.flags", "tcp.flags.str", "tcp.flags.syn", "tcp.flags.ack",
                  "tcp.window_size_value", "tcp.window_size", "tcp.window_size_scalefactor", "tcp.urgent_pointer",
                  "tcp.option_kind", "tcp.options.mss_val", "tcp.options.wscale.shift", "tcp.options.wscale.multiplier",
                  "tcp.options.timestamp.tsval", "tcp.options.timestamp.tsecr", "tcp.payload", "tcp.time_relative",
                  "tcp.time_delta", "tcp.analysis.acks_frame", "tcp.analysis.ack_rtt", "tcp.analysis.initial_rtt",
                  "tcp.analysis.bytes_in_flight", "tcp.analysis.push_bytes_sent", "tcp.analysis.duplicate_ack_num",
                  "tcp.analysis.duplicate_ack_frame", "tcp.analysis.rto_frame", "data.len"},
                 "_wirelab_tcp_analysis.pcap");

  // Which frames carry each analysis flag / expert.
  std::string path = write_temp(log, "_wirelab_tcp_flags.pcap");
  dissect::CaptureDissector cd(log);
  for (const char* flag :
       {"tcp.analysis.retransmission", "tcp.analysis.fast_retransmission", "tcp.analysis.spurious_retransmission",
        "tcp.analysis.out_of_order", "tcp.analysis.lost_segment", "tcp.analysis.ack_lost_segment",
        "tcp.analysis.duplicate_ack", "tcp.analysis.zero_window", "tcp.analysis.zero_window_probe",
        "tcp.analysis.zero_window_probe_ack", "tcp.analysis.window_update", "tcp.analysis.window_full",
        "tcp.analysis.keep_alive", "tcp.analysis.keep_alive_ack", "tcp.analysis.reused_ports", "tcp.analysis.flags",
        "tcp.analysis"}) {
    std::string theirs = testing::run_command("tshark -n -r '" + path + "' -Y " + flag + " -T fields -e frame.number 2>/dev/null");
    std::string mine;
    for (std::size_t i = 0; i < cd.size(); ++i)
      if (cd.frame(i).find(flag)) mine += std::to_string(i + 1) + "\n";
    INFO(flag);
    CHECK(mine == theirs);
  }
  std::filesystem::remove(path);
}

TEST_CASE("Trivial protocols over TCP agree with tshark", "[tcp-dissect][tshark]") {
  if (!testing::have_tshark()) {
    WARN("tshark not installed: skipping the trivial protocols comparison with Wireshark");
    return;
  }
  // Frame 12 is Discard data: tshark 4.0 has no Discard dissector (Wireshark 4.2 does), skip it.
  compare_fields(testing::trivial_log(),
                 {"tcp.stream", "tcp.seq", "tcp.ack", "tcp.len", "tcp.flags", "echo.data", "daytime.string", "time.time",
                  "chargen.data", "finger.query", "finger.response", "tcp.payload"},
                 "_wirelab_trivial.pcap", {12});
}
