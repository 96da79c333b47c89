// A host's (or router's) IPv4 stack: Ethernet in/out, ARP, IPv4 with fragmentation, reassembly
// and forwarding, ICMP (RFC 792, RFC 1122 §3.2.2, RFC 1812 §4.3 for routers). Transport
// protocols plug in through protocol handlers; apps observe ICMP through listeners. Nothing here
// calls an app within a frame: deliveries to listeners and handlers are scheduled as new events.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/base/bytes.h"
#include "engine/base/result.h"
#include "engine/base/rng.h"
#include "engine/net/arp_cache.h"
#include "engine/net/net_interface.h"
#include "engine/net/reassembler.h"
#include "engine/net/routing_table.h"
#include "engine/sim/sim_context.h"
#include "engine/wire/ipv4.h"

namespace wirelab::net {

struct StackConfig {
  bool forwarding = false;            // a router forwards; a host does not
  std::uint8_t default_ttl = 64;
  SimDuration arp_timeout = seconds(60);
  SimDuration arp_retry_interval = seconds(1);
  int arp_max_requests = 3;
  SimDuration reassembly_timeout = seconds(30);
  bool echo_ignore_broadcasts = true;  // Linux's icmp_echo_ignore_broadcasts default
};

// An IPv4 datagram that reached this host (after reassembly), as handed to upper layers.
struct IpDelivery {
  SimTime time = 0;
  std::size_t interface = 0;   // arrival interface (SIZE_MAX for loopback)
  wire::Ipv4Address src, dst;
  std::uint8_t ttl = 0;
  std::uint8_t protocol = 0;
  std::uint8_t tos = 0;
  Bytes packet;                // the whole IPv4 packet (header + payload)
  ByteView payload() const;    // the transport part of `packet`
};

struct IpSendOptions {
  std::optional<std::uint8_t> ttl;
  std::optional<wire::Ipv4Address> src;
  bool dont_fragment = false;
  std::uint8_t tos = 0;
  std::optional<std::size_t> interface;  // force the egress interface (broadcasts, DHCP)
};

// Why a local send failed, as the socket layer reports it.
enum class SendError { NetworkUnreachable, MessageTooLong, NoAddress };
const char* to_string(SendError e);

struct SendResult {
  std::optional<SendError> error;
  std::uint32_t mtu = 0;   // with MessageTooLong: the path MTU that was exceeded
  std::uint16_t id = 0;    // the IP identification used
  bool ok() const { return !error; }
};

struct StackCounters {
  std::uint64_t frames_in = 0, frames_malformed = 0, frames_not_for_us = 0, frames_unknown_type = 0;
  std::uint64_t arp_in = 0, arp_malformed = 0, arp_requests_out = 0, arp_replies_out = 0, arp_failed = 0;
  std::uint64_t ip_in = 0, ip_hdr_errors = 0, ip_bad_checksum = 0, ip_delivered = 0, ip_forwarded = 0;
  std::uint64_t ip_no_route = 0, ip_ttl_expired = 0, ip_not_forwarded = 0, ip_out = 0;
  std::uint64_t ip_frag_created = 0, ip_reasm_ok = 0, ip_reasm_failed = 0;
  std::uint64_t icmp_in = 0, icmp_in_errors = 0, icmp_out = 0, icmp_errors_out = 0;
  std::uint64_t unknown_protocol = 0;
};

class IpStack {
 public:
  using FrameOutput = std::function<bool(std::size_t port, ByteView frame)>;
  using Listener = std::function<void(const IpDelivery&)>;
  // A transport's receive hook; returns false if no socket wants the datagram, so the stack
  // answers with the proper ICMP error (port unreachable for UDP).
  using ProtocolHandler = std::function<bool(const IpDelivery&)>;

  IpStack(sim::SimContext& ctx, std::string host_name, FrameOutput output, StackConfig config = {});

  // --- configuration --------------------------------------------------------------------------
  std::size_t add_interface(std::string name, std::size_t port, wire::MacAddress mac, std::uint32_t mtu);
  // Sets or clears an interface's address; maintains its connected route.
  void set_address(std::size_t interface, std::optional<wire::Ipv4Prefix> address);
  std::vector<NetInterface>& interfaces() { return interfaces_; }
  const std::vector<NetInterface>& interfaces() const { return interfaces_; }
  std::optional<std::size_t> find_interface(const std::string& name) const;
  RoutingTable& routes() { return routes_; }
  const RoutingTable& routes() const { return routes_; }
  ArpCache& arp() { return arp_; }
  const ArpCache& arp() const { return arp_; }
  StackConfig& config() { return config_; }
  const StackCounters& counters() const { return counters_; }
  const std::string& host_name() const { return host_name_; }
  Rng& rng() { return rng_; }
  bool is_local_address(wire::Ipv4Address a) const;

  // --- input ----------------------------------------------------------------------------------
  void on_frame(std::size_t port, ByteView frame);

  // --- output ---------------------------------------------------------------------------------
  // Sends a datagram originated here (fragmenting it if needed and allowed).
  SendResult send(wire::Ipv4Address dst, std::uint8_t protocol, ByteView payload,
                             const IpSendOptions& options = {});
  // The source address the stack would use towards dst, if it has a route.
  std::optional<wire::Ipv4Address> source_for(wire::Ipv4Address dst) const;
  // Broadcasts a gratuitous ARP request for the interface's address (RFC 5227 §3 announcement).
  void announce(std::size_t interface);
  // Sends an ARP request for ip out of `interface` (the `arping` tool), independent of the cache.
  void send_arp_request(std::size_t interface, wire::Ipv4Address ip);

  // --- upper layers ----------------------------------------------------------------------------
  // Every ICMP message delivered here (raw-socket semantics), called in a later event.
  int add_icmp_listener(Listener l);
  void remove_icmp_listener(int id);
  // Every ARP packet received (for arping), called in a later event.
  using ArpListener = std::function<void(std::size_t interface, const Bytes& arp_packet, SimTime time)>;
  int add_arp_listener(ArpListener l);
  void remove_arp_listener(int id);
  void set_protocol_handler(std::uint8_t protocol, ProtocolHandler h) {
    if (h) handlers_[protocol] = std::move(h);
    else handlers_.erase(protocol);
  }

 private:
  void handle_arp(std::size_t iface, ByteView payload);
  void handle_ipv4(std::size_t iface, ByteView payload, bool link_broadcast);
  void deliver_local(std::size_t iface, const wire::Ipv4Packet& ip, ByteView packet_bytes);
  void handle_icmp(const IpDelivery& d);
  void forward(std::size_t in_iface, const wire::Ipv4Packet& ip);
  // Routes, fragments if needed and hands each piece to the link (via ARP).
  bool output(const wire::Ipv4Packet& ip, std::size_t iface, wire::Ipv4Address next_hop);
  void output_one(std::size_t iface, wire::Ipv4Address next_hop, Bytes packet);
  void send_frame(std::size_t iface, wire::MacAddress dst, std::uint16_t ethertype, ByteView payload);
  void send_arp(std::size_t iface, std::uint16_t op, wire::MacAddress dst_mac, wire::MacAddress target_mac,
                wire::Ipv4Address target_ip, wire::Ipv4Address sender_ip);
  void arp_retry(wire::Ipv4Address ip);
  void arp_give_up(wire::Ipv4Address ip);
  // Sends an ICMP error about `offending` (whole original packet) if RFC 1122 allows it.
  void send_icmp_error(ByteView offending, std::uint8_t type, std::uint8_t code, std::uint32_t rest = 0);
  void schedule_reassembly_expiry();
  void loopback(Bytes packet);
  std::uint16_t next_ip_id() { return ip_id_++; }

  sim::SimContext& ctx_;
  std::string host_name_;
  FrameOutput output_;
  StackConfig config_;
  Rng rng_;
  std::vector<NetInterface> interfaces_;
  RoutingTable routes_;
  ArpCache arp_;
  Reassembler reassembler_;
  sim::TimerId reassembly_timer_;
  StackCounters counters_;
  std::map<int, Listener> icmp_listeners_;
  std::map<int, ArpListener> arp_listeners_;
  int next_listener_id_ = 1;
  std::map<std::uint8_t, ProtocolHandler> handlers_;
  std::uint16_t ip_id_ = 0;
};

}  // namespace wirelab::net
