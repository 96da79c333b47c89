// The dissection of one captured frame: its summary (the packet list columns) and its field
// tree (one top node per protocol layer, as Wireshark's packet details pane). Pure data: built
// by PacketContext, cached by CaptureDissector, read by display filters and the text output.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "engine/base/sim_time.h"
#include "engine/dissect/proto_node.h"

namespace wirelab::dissect {

struct PacketSummary {
  std::uint32_t number = 0;  // 1-based, as Wireshark numbers frames
  SimTime time = 0;          // since the first frame of the capture
  std::string source;        // "10.0.0.1", or a MAC / "Broadcast" below IP
  std::string destination;
  std::string protocol;      // highest layer: "ARP", "ICMP", "UDP", "IPv4"
  std::uint32_t length = 0;  // bytes on the wire (without FCS)
  std::string info;          // "Echo (ping) request  id=0x0001, seq=1/256, ttl=64"
};

struct PacketDissection {
  PacketSummary summary;
  std::vector<ProtoNode> tree;
  std::string protocols;  // frame.protocols: "eth:ethertype:ip:icmp:data"
  bool malformed = false;
  bool has_expert = false;

  // First node (depth-first, in layer order) with this filter name, or null.
  const ProtoNode* find(const std::string& filter_name) const;
  // Every node with this filter name, in tree order (ip.src matches inner quoted headers too).
  std::vector<const ProtoNode*> find_all(const std::string& filter_name) const;
};

}  // namespace wirelab::dissect
