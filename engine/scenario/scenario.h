// A scenario: a lab described as JSON (format 1): metadata for the student, a topology, a seed,
// a timeline of commands typed into host shells, and the checks that say what success is.
// docs/scenario-format.md documents it; scenarios/schema.json is its JSON Schema.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/apps/service_spec.h"
#include "engine/base/sim_time.h"
#include "engine/link/link_params.h"
#include "engine/wire/ipv4_address.h"
#include "engine/wire/mac_address.h"

namespace wirelab::scenario {

constexpr int kFormatVersion = 1;

struct InterfaceSpec {
  std::string name;
  std::optional<wire::Ipv4Prefix> ip;
  std::optional<wire::MacAddress> mac;
  std::uint32_t mtu = 1500;
};

struct RouteSpec {
  wire::Ipv4Prefix destination;
  wire::Ipv4Address via;
  std::uint32_t metric = 0;
};

enum class NodeType { Host, Router, Switch, Hub };
const char* to_string(NodeType t);

struct NodeSpec {
  std::string name;
  NodeType type = NodeType::Host;
  std::vector<InterfaceSpec> interfaces;  // hosts and routers
  std::optional<wire::Ipv4Address> gateway;
  std::vector<RouteSpec> routes;
  std::size_t ports = 8;                  // switches and hubs
  SimDuration mac_ageing = seconds(300);  // switches
  std::optional<SimDuration> arp_timeout;
  std::vector<apps::ServiceSpec> services;  // hosts and routers
  std::optional<SimDuration> tcp_msl;       // TIME_WAIT = 2*MSL; labs shorten it
};

struct LinkSpec {
  std::string name;  // optional in JSON; derived from the endpoints otherwise
  std::string a_node, a_port, b_node, b_port;
  link::LinkParams params;
};

struct TimelineEntry {
  enum class Kind { Command, Input, Interrupt };
  SimTime at = 0;
  std::string host;
  Kind kind = Kind::Command;
  std::string text;  // the command line, or the line typed into the running command
};

enum class CheckType { Output, Packet, ArpEntry };

struct CheckSpec {
  std::string name;
  CheckType type = CheckType::Output;
  std::string json_path;  // where it was declared, for messages
  // output
  std::string host;
  std::optional<std::size_t> step;  // index into that host's commands (0-based); any if absent
  std::optional<std::string> contains;
  std::optional<std::string> matches;  // ECMAScript regex
  std::optional<int> exit_code;
  // packet
  std::string filter;
  std::size_t min_count = 1;
  std::optional<std::size_t> max_count;
  // arp_entry
  std::optional<wire::Ipv4Address> ip;
  std::optional<wire::MacAddress> mac;
};

struct Scenario {
  int format = kFormatVersion;
  std::string title;
  std::string description;
  std::string instructions;  // markdown
  std::uint64_t seed = 1;
  std::string start_date = "2025-01-01T00:00:00Z";
  std::int64_t epoch_ns = 0;  // start_date as Unix nanoseconds
  std::optional<SimDuration> duration;  // how long `run` lets the lab go (default: until quiet)
  std::vector<NodeSpec> nodes;
  std::vector<LinkSpec> links;
  std::vector<TimelineEntry> timeline;
  std::vector<CheckSpec> checks;

  const NodeSpec* find_node(const std::string& name) const;
};

struct ScenarioError {
  std::string path;    // JSON Pointer (RFC 6901), e.g. "/nodes/1/interfaces/0/ip"
  std::string reason;
};

// Parses scenario JSON text. Returns the scenario only when `errors` stays empty; every problem
// found is reported (unknown keys too), not just the first.
std::optional<Scenario> parse_scenario(const std::string& json_text, std::vector<ScenarioError>& errors);

}  // namespace wirelab::scenario
