// The out-of-order receive queue of a TCP connection (RFC 9293 §3.10.7.4 "segment text":
// segments beyond RCV.NXT are held until the hole fills). Bytes are keyed by their 64-bit stream
// offset so the queue never deals with sequence wrap; overlapping arrivals keep the bytes
// already held. The connection bounds it by only inserting bytes inside its receive window.
// ranges() feeds the SACK blocks (RFC 2018 §4).
#pragma once
#include <cstdint>
#include <deque>
#include <map>
#include <utility>
#include <vector>

#include "engine/base/bytes.h"

namespace wirelab::net::tcp {

class TcpReassembly {
 public:
  void insert(std::uint64_t offset, ByteView data);
  // Moves every byte contiguous from `next` onto `out`; returns the new next offset.
  std::uint64_t pop_contiguous(std::uint64_t next, std::deque<std::uint8_t>& out);
  // Coalesced [begin, end) ranges, ascending.
  std::vector<std::pair<std::uint64_t, std::uint64_t>> ranges() const;
  std::size_t bytes() const { return bytes_; }
  bool empty() const { return blocks_.empty(); }
  void clear() {
    blocks_.clear();
    bytes_ = 0;
  }

 private:
  std::map<std::uint64_t, Bytes> blocks_;  // disjoint pieces
  std::size_t bytes_ = 0;
};

}  // namespace wirelab::net::tcp
