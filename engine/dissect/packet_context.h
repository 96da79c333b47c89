// PacketContext: what dissectors share while one frame is dissected (Wireshark's packet_info):
// the registry to call sub-dissectors through, the output (columns, tree, frame.protocols), the
// frame's metadata, and per-packet scratch passed down the layers (the IPv4 header UDP needs
// for its pseudo-header, whether we are inside an ICMP error's quoted packet).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/sim_time.h"
#include "engine/dissect/dissector_registry.h"
#include "engine/dissect/packet_dissection.h"
#include "engine/wire/ipv4_address.h"

namespace wirelab::dissect {

struct TcpFrameInfo;

// What the capture knows about a frame besides its bytes.
struct FrameMeta {
  std::uint32_t number = 1;
  SimTime time_relative = 0;  // since the first frame
  SimTime time_delta = 0;     // since the previous frame
  std::int64_t epoch_ns = 0;  // absolute time, for display only
  std::uint32_t interface_id = 0;
  std::string interface_name;
  std::string interface_description;
};

class PacketContext {
 public:
  static constexpr int kMaxDepth = 24;

  PacketContext(const DissectorRegistry& registry, PacketDissection& out, FrameMeta meta)
      : registry_(registry), out_(out), meta_(std::move(meta)) {}

  const DissectorRegistry& registry() const { return registry_; }
  PacketDissection& out() { return out_; }
  const FrameMeta& meta() const { return meta_; }

  // Packet list columns; ignored while columns are frozen (inside a quoted packet).
  void set_protocol(std::string s) { if (columns_) out_.summary.protocol = std::move(s); }
  // Keeps the first set_info_fence() characters (Wireshark's column fence: "[TCP Retransmission] ").
  void set_info(std::string s) { if (columns_) out_.summary.info = out_.summary.info.substr(0, fence_) + std::move(s); }
  void set_info_fence(std::size_t n) { if (columns_) fence_ = n; }
  void append_info(const std::string& s) { if (columns_) out_.summary.info += s; }
  void set_addresses(std::string src, std::string dst);
  bool columns_writable() const { return columns_; }
  bool set_columns_writable(bool on) { bool was = columns_; columns_ = on; return was; }

  // Appends a layer to frame.protocols ("eth:ethertype:ip:icmp").
  void add_layer(std::string_view abbrev);

  // Calls the dissector registered under (table, key); nullopt when there is none.
  std::optional<std::size_t> try_table(std::string_view table, std::uint32_t key, Tvb tvb,
                                       std::vector<ProtoNode>& level);
  // Calls a dissector by name ("data"); returns bytes consumed (0 if unknown).
  std::size_t call_named(std::string_view name, Tvb tvb, std::vector<ProtoNode>& level);
  std::size_t call_data(Tvb tvb, std::vector<ProtoNode>& level) { return call_named("data", tvb, level); }

  // Adds "[Malformed Packet: PROTO]" (filter _ws.malformed, expert Error/Malformed) and stops
  // the dissection of the rest of the frame.
  void malformed(std::vector<ProtoNode>& level, const std::string& proto_short, Tvb where, const std::string& reason);
  bool stopped() const { return stopped_; }
  // Attaches an expert note to a node (and counts it for _ws.expert).
  void expert(ProtoNode& node, Severity severity, std::string group, std::string message);

  // Scratch shared down the layers of the current packet.
  struct Ipv4Info {
    bool present = false;
    wire::Ipv4Address src, dst;
    std::uint8_t ttl = 0;
  } ip;
  bool in_error_quote = false;  // dissecting the packet quoted by an ICMP error
  // Capture-wide TCP analysis of this frame (from CaptureDissector's TcpAnalyzer), or null.
  const TcpFrameInfo* tcp_analysis = nullptr;
  // What TCP tells its sub-dissectors (Wireshark's tcpinfo).
  struct TcpInfo {
    bool present = false;
    std::uint16_t src_port = 0, dst_port = 0;
    bool fin = false;
    const TcpFrameInfo* analysis = nullptr;
    // The first segment of a PDU reassembled until the FIN: set the columns only, add no layer.
    bool partial = false;
  } tcp;
  // The transport ports of the current packet (set by UDP and TCP), for request/response.
  struct Ports {
    std::uint16_t src = 0, dst = 0;
  } ports;

 private:
  const DissectorRegistry& registry_;
  PacketDissection& out_;
  FrameMeta meta_;
  bool columns_ = true;
  std::size_t fence_ = 0;
  bool stopped_ = false;
  int depth_ = 0;
};

}  // namespace wirelab::dissect
