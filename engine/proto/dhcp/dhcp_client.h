// The DHCP client as a sans-I/O engine (RFC 2131 §4.4, state diagram Figure 5):
// INIT -> SELECTING -> REQUESTING -> BOUND -> RENEWING (at T1, unicast to the server) ->
// REBINDING (at T2, broadcast) -> lease expiry -> INIT; INIT-REBOOT -> REBOOTING when started
// with a remembered address; INFORM for a statically configured host (§3.4).
// Retransmission (§4.1): 4 s, 8 s, 16 s ... up to 64 s, each randomised by ±1 s from the seeded
// Rng handed in; in RENEWING/REBINDING half the time left to T2/expiry, at least 60 s (§4.4.5).
// The first OFFER wins (§4.4.1 allows any policy). The host does the ARP probe after the ACK
// and calls address_in_use() to DECLINE (§4.4.1); the client then waits 10 s before DISCOVER.
//
// Input: received UDP payloads and `now`. Output: datagrams (port 68 -> 67), events, poll_at.
// No sockets, no clock, no globals.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/base/result.h"
#include "engine/base/rng.h"
#include "engine/proto/dhcp/dhcp_datagram.h"
#include "engine/wire/dhcp.h"

namespace wirelab::proto::dhcp {

enum class ClientState { Init, Selecting, Requesting, Bound, Renewing, Rebinding, InitReboot,
                         Rebooting, Informing, Informed, Stopped };
const char* to_string(ClientState s);

struct ClientConfig {
  wire::MacAddress mac;
  std::string host_name;  // option 12 when not empty
  Bytes client_id;        // option 61; empty: 01 + MAC, as common clients send
  Bytes parameter_request_list{1, 3, 6, 15, 51, 54, 58, 59};
  SimDuration initial_timeout = seconds(4);
  SimDuration max_timeout = seconds(64);
  int max_request_retries = 4;     // REQUESTING/REBOOTING give up and restart at INIT
  SimDuration decline_wait = seconds(10);  // §3.1 step 5
  bool broadcast_flag = false;  // ask servers to broadcast replies (§4.1); dhclient does not
};

struct ClientEvent {
  enum class Kind { Bound, Renewed, Expired, Declined, Nak, Informed, Released };
  Kind kind = Kind::Bound;
  Lease lease;  // the lease concerned (for Expired/Declined/Released: the one lost)
};

class DhcpClient {
 public:
  DhcpClient(ClientConfig config, Rng rng);

  // INIT: broadcast a DISCOVER now. Misuse (already running) is an error and changes nothing.
  Result<bool> start(SimTime now);
  // INIT-REBOOT: ask to keep a remembered address (REQUEST with option 50, no server id).
  Result<bool> start_reboot(SimTime now, wire::Ipv4Address remembered);
  // A static host asks for its other parameters (DHCPINFORM, ciaddr = its address).
  Result<bool> start_inform(SimTime now, wire::Ipv4Address address, std::optional<wire::Ipv4Address> server = {});

  // One received UDP payload (destined to port 68). Foreign or malformed messages are ignored.
  void on_datagram(SimTime now, ByteView payload);
  // The host's ARP probe found the bound address in use: DECLINE and restart after 10 s.
  Result<bool> address_in_use(SimTime now);
  // Give the lease back (DHCPRELEASE, unicast to the server) and stop.
  Result<bool> release(SimTime now);

  void poll(SimTime now);
  SimTime poll_at() const { return timer_; }

  std::vector<Datagram> take_output() { return std::exchange(output_, {}); }
  std::vector<ClientEvent> take_events() { return std::exchange(events_, {}); }

  ClientState state() const { return state_; }
  const Lease& lease() const { return lease_; }
  std::uint32_t xid() const { return xid_; }

 private:
  wire::DhcpMessage base_message(SimTime now, wire::DhcpMessageType type) const;
  void send(wire::DhcpMessage m, wire::Ipv4Address src, wire::Ipv4Address dst);
  void send_discover(SimTime now);
  void send_request(SimTime now);  // per state: selecting, rebooting, renewing, rebinding
  void enter_init(SimTime now, SimDuration delay);
  void arm_backoff(SimTime now);
  void arm_half_remaining(SimTime now, SimTime deadline);
  void on_ack(SimTime now, const wire::DhcpMessage& m);
  Lease lease_from(const wire::DhcpMessage& m, SimTime sent_at) const;

  ClientConfig config_;
  Rng rng_;
  ClientState state_ = ClientState::Init;
  std::uint32_t xid_ = 0;
  SimTime timer_ = kNever;
  SimTime started_at_ = 0;      // start of this acquisition, for 'secs'
  SimTime request_sent_at_ = 0;
  int retries_ = 0;
  wire::Ipv4Address offered_, offer_server_, remembered_;
  Lease lease_;
  std::vector<Datagram> output_;
  std::vector<ClientEvent> events_;
};

}  // namespace wirelab::proto::dhcp
