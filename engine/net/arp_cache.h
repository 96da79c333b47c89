// The ARP neighbour cache (RFC 826, RFC 1122 §2.3.2.1-2): resolved entries that expire, and
// incomplete entries that hold a bounded queue of packets waiting for the answer. Pure state:
// the stack decides when to send requests and what to do with packets that time out.
#pragma once
#include <deque>
#include <map>
#include <optional>
#include <vector>

#include "engine/base/bytes.h"
#include "engine/base/sim_time.h"
#include "engine/wire/ipv4_address.h"
#include "engine/wire/mac_address.h"

namespace wirelab::net {

class ArpCache {
 public:
  static constexpr std::size_t kMaxPendingPerEntry = 8;  // like Linux's unres_qlen
  static constexpr std::size_t kMaxEntries = 1024;

  struct Pending {
    std::size_t interface;
    Bytes ip_packet;  // a complete IPv4 packet waiting for the next hop's MAC
  };
  struct Entry {
    std::size_t interface = 0;
    std::optional<wire::MacAddress> mac;  // empty while incomplete
    SimTime updated = 0;                  // when resolved (or when the first request went out)
    int requests_sent = 0;
    std::deque<Pending> pending;
    bool is_static = false;
  };

  explicit ArpCache(SimDuration timeout = seconds(60)) : timeout_(timeout) {}

  // The MAC for ip if resolved and not expired.
  std::optional<wire::MacAddress> lookup(wire::Ipv4Address ip, SimTime now) const;
  // Records a mapping (from a reply or request), returning packets that were waiting for it.
  std::deque<Pending> update(wire::Ipv4Address ip, wire::MacAddress mac, std::size_t interface, SimTime now);
  // True if an entry (complete or not) exists and is not expired: the RFC 826 "merge" test.
  bool knows(wire::Ipv4Address ip, SimTime now) const;
  // Queues a packet; returns true if this created the incomplete entry (send a request now).
  bool enqueue(wire::Ipv4Address ip, Pending p, SimTime now, bool& dropped_oldest);
  Entry* find(wire::Ipv4Address ip);
  // Removes an incomplete entry that gave up, returning its queued packets.
  std::deque<Pending> fail(wire::Ipv4Address ip);
  void add_static(wire::Ipv4Address ip, wire::MacAddress mac, std::size_t interface);
  bool remove(wire::Ipv4Address ip);
  void flush();

  // Entries as `arp -a` shows them: resolved and unexpired, or incomplete.
  std::vector<std::pair<wire::Ipv4Address, Entry>> entries(SimTime now) const;
  SimDuration timeout() const { return timeout_; }

 private:
  bool expired(const Entry& e, SimTime now) const {
    return e.mac && !e.is_static && now - e.updated >= timeout_;
  }
  SimDuration timeout_;
  std::map<wire::Ipv4Address, Entry> entries_;
};

}  // namespace wirelab::net
