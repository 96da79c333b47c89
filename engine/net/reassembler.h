// IPv4 fragment reassembly (RFC 791 §3.2, RFC 815 hole tracking). Datagrams are keyed by
// (src, dst, protocol, id), bounded in size (65535) and count, and expire after a timeout.
// Overlapping fragments discard the whole datagram, as Linux does since 4.19 (RFC 5722 spirit).
#pragma once
#include <map>
#include <optional>
#include <tuple>
#include <vector>

#include "engine/base/bytes.h"
#include "engine/base/sim_time.h"
#include "engine/wire/ipv4.h"

namespace wirelab::net {

class Reassembler {
 public:
  static constexpr std::size_t kMaxDatagrams = 64;

  struct Key {
    std::uint32_t src, dst;
    std::uint8_t protocol;
    std::uint16_t id;
    auto operator<=>(const Key&) const = default;
  };
  struct Expired {
    Key key;
    Bytes first_fragment;  // the offset-0 fragment's IP header + payload, if it arrived (for ICMP)
  };
  enum class Outcome { Incomplete, Complete, Dropped };

  explicit Reassembler(SimDuration timeout = seconds(30)) : timeout_(timeout) {}

  // Adds a fragment. On Complete, `out` holds the reassembled packet (header of the first
  // fragment with MF cleared, offset 0, length fixed, checksum recomputed).
  Outcome add(const wire::Ipv4Packet& fragment, SimTime now, Bytes& out);
  // Removes datagrams older than the timeout.
  std::vector<Expired> expire(SimTime now);
  std::optional<SimTime> next_expiry() const;
  std::size_t in_progress() const { return datagrams_.size(); }

 private:
  struct Piece {
    std::size_t offset;
    Bytes data;
  };
  struct Datagram {
    SimTime started = 0;
    std::vector<Piece> pieces;  // sorted by offset, non-overlapping
    std::optional<std::size_t> total;  // payload length, known once the last fragment arrives
    Bytes first_fragment;               // the offset-0 fragment as received (header + payload)
  };
  SimDuration timeout_;
  std::map<Key, Datagram> datagrams_;
};

}  // namespace wirelab::net
