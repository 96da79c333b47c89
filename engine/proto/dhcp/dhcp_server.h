// The DHCP server as a sans-I/O engine (RFC 2131 §4.3): address pools per subnet (a range minus
// exclusions), static reservations by MAC, options 1 3 6 15 51 54 58 59 plus raw extra options
// (RFC 2132), and a lease database: an OFFER holds its address briefly (§4.3.1, offer_hold), a
// REQUEST commits it. REQUEST is told apart by §4.3.2: SELECTING (server id), INIT-REBOOT
// (requested IP, no ciaddr), RENEWING/REBINDING (ciaddr). A request for an address the server
// cannot give, or from the wrong subnet (chosen by giaddr, else by the arrival interface), is
// NAKed. DECLINE marks the address unusable for a while (§4.3.3), RELEASE frees it (§4.3.4),
// INFORM gets an ACK with parameters only (§4.3.5). Replies follow §4.1: to the relay's giaddr
// on port 67; else to ciaddr; else broadcast when the broadcast bit is set (always for NAK);
// else unicast to yiaddr at chaddr.
//
// Input: received payloads with the arrival interface and `now`. Output: datagrams, events, poll_at.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/base/result.h"
#include "engine/proto/dhcp/dhcp_datagram.h"
#include "engine/wire/dhcp.h"

namespace wirelab::proto::dhcp {

struct Pool {
  wire::Ipv4Prefix subnet;                 // e.g. 10.0.0.0/24 (its mask is option 1)
  wire::Ipv4Address first, last;           // inclusive range
  std::vector<wire::Ipv4Address> excluded;
  std::vector<wire::Ipv4Address> routers;  // option 3
  std::vector<wire::Ipv4Address> dns;      // option 6
  std::string domain;                      // option 15 when not empty
  SimDuration lease_time = seconds(3600);  // option 51
  std::optional<SimDuration> t1, t2;       // options 58/59 (default 50 % and 87.5 %)
  std::vector<wire::DhcpOption> extra;     // sent raw, e.g. 42 NTP servers
};

struct Reservation {
  wire::MacAddress mac;
  wire::Ipv4Address address;  // must lie in one pool's subnet (not necessarily its range)
};

struct ServerConfig {
  wire::Ipv4Address server_id;  // option 54: the server's address
  std::vector<Pool> pools;
  std::vector<Reservation> reservations;
  SimDuration offer_hold = seconds(60);
  SimDuration decline_hold = seconds(3600);
};

struct ServerEvent {
  enum class Kind { Offered, Acked, Nakked, Released, Declined, Informed, NoAddress };
  Kind kind = Kind::Offered;
  wire::MacAddress mac;
  wire::Ipv4Address address;
  std::string reason;  // for Nakked and NoAddress
};

struct LeaseRecord {
  enum class State { Offered, Bound, Declined };
  State state = State::Offered;
  Bytes client;  // client identifier (61) or htype + chaddr
  wire::MacAddress mac;
  SimTime expires = 0;
};

class DhcpServer {
 public:
  explicit DhcpServer(ServerConfig config);

  // One payload received on port 67. `arrival` is the receiving interface's address/prefix,
  // which picks the subnet when giaddr is 0. Malformed or foreign messages are ignored.
  void on_datagram(SimTime now, ByteView payload, wire::Ipv4Prefix arrival);

  void poll(SimTime now);  // drops expired leases
  SimTime poll_at() const;

  std::vector<Datagram> take_output() { return std::exchange(output_, {}); }
  std::vector<ServerEvent> take_events() { return std::exchange(events_, {}); }

  const std::map<wire::Ipv4Address, LeaseRecord>& leases() const { return leases_; }
  const ServerConfig& config() const { return config_; }

 private:
  const Pool* pool_for(const wire::DhcpMessage& m, wire::Ipv4Prefix arrival) const;
  std::optional<wire::Ipv4Address> reservation_for(const wire::MacAddress& mac) const;
  bool available(const Pool& pool, wire::Ipv4Address a, const Bytes& client, const wire::MacAddress& mac) const;
  std::optional<wire::Ipv4Address> choose(const Pool& pool, const wire::DhcpMessage& m, const Bytes& client);

  void on_discover(SimTime now, const wire::DhcpMessage& m, const Pool& pool, const Bytes& client);
  void on_request(SimTime now, const wire::DhcpMessage& m, const Pool* pool, const Bytes& client);
  void on_decline(SimTime now, const wire::DhcpMessage& m, const Bytes& client);
  void on_release(SimTime now, const wire::DhcpMessage& m, const Bytes& client);
  void on_inform(SimTime now, const wire::DhcpMessage& m, const Pool* pool);

  wire::DhcpMessage reply(const wire::DhcpMessage& req, wire::DhcpMessageType type) const;
  void add_parameters(wire::DhcpMessage& r, const Pool& pool, bool with_lease) const;
  void send(wire::DhcpMessage r, const wire::DhcpMessage& req);
  void ack(SimTime now, const wire::DhcpMessage& req, const Pool& pool, wire::Ipv4Address a, const Bytes& client);
  void nak(const wire::DhcpMessage& req, const std::string& reason);
  void expire(SimTime now);

  ServerConfig config_;
  std::map<wire::Ipv4Address, LeaseRecord> leases_;
  std::vector<Datagram> output_;
  std::vector<ServerEvent> events_;
};

}  // namespace wirelab::proto::dhcp
