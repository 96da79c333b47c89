#include "engine/net/reassembler.h"

#include <algorithm>

namespace wirelab::net {

Reassembler::Outcome Reassembler::add(const wire::Ipv4Packet& f, SimTime now, Bytes& out) {
  Key key{f.src.value, f.dst.value, f.protocol, f.identification};
  auto it = datagrams_.find(key);
  if (it == datagrams_.end()) {
    if (datagrams_.size() >= kMaxDatagrams) return Outcome::Dropped;
    it = datagrams_.emplace(key, Datagram{}).first;
    it->second.started = now;
  }
  Datagram& d = it->second;
  const std::size_t offset = std::size_t{f.fragment_offset} * 8;
  const std::size_t end = offset + f.payload.size();
  auto drop = [&] {
    datagrams_.erase(it);
    return Outcome::Dropped;
  };
  if (end > 65535 - f.header_len()) return drop();
  if (f.more_fragments && f.payload.size() % 8 != 0) return drop();  // only the last may be odd
  if (!f.more_fragments) {
    if (d.total && *d.total != end) return drop();
    d.total = end;
  }
  if (d.total && end > *d.total) return drop();
  for (const Piece& p : d.pieces) {
    if (offset < p.offset + p.data.size() && p.offset < end) {
      // An exact duplicate is harmless (a retransmitted copy); any other overlap is an attack.
      if (p.offset == offset && p.data.size() == f.payload.size() &&
          std::equal(p.data.begin(), p.data.end(), f.payload.begin()))
        return Outcome::Incomplete;
      return drop();
    }
  }
  if (offset == 0) d.first_fragment = f.to_bytes();
  Piece piece{offset, Bytes(f.payload.begin(), f.payload.end())};
  d.pieces.insert(std::upper_bound(d.pieces.begin(), d.pieces.end(), piece,
                                   [](const Piece& a, const Piece& b) { return a.offset < b.offset; }),
                  std::move(piece));

  if (!d.total || d.first_fragment.empty()) return Outcome::Incomplete;
  std::size_t covered = 0;
  for (const Piece& p : d.pieces) {
    if (p.offset != covered) return Outcome::Incomplete;
    covered += p.data.size();
  }
  if (covered != *d.total) return Outcome::Incomplete;

  Bytes payload;
  payload.reserve(covered);
  for (const Piece& p : d.pieces) payload.insert(payload.end(), p.data.begin(), p.data.end());
  // The reassembled header is the first fragment's (RFC 791 §3.2), with MF and offset cleared.
  auto first = wire::Ipv4Packet::parse(d.first_fragment, false);
  if (!first) return drop();
  wire::Ipv4Packet whole = first.value();
  whole.more_fragments = false;
  whole.fragment_offset = 0;
  whole.payload = payload;
  out = whole.to_bytes();
  datagrams_.erase(it);
  return Outcome::Complete;
}

std::vector<Reassembler::Expired> Reassembler::expire(SimTime now) {
  std::vector<Expired> out;
  for (auto it = datagrams_.begin(); it != datagrams_.end();) {
    if (now - it->second.started >= timeout_) {
      out.push_back({it->first, std::move(it->second.first_fragment)});
      it = datagrams_.erase(it);
    } else {
      ++it;
    }
  }
  return out;
}

std::optional<SimTime> Reassembler::next_expiry() const {
  std::optional<SimTime> t;
  for (const auto& [k, d] : datagrams_)
    if (!t || d.started + timeout_ < *t) t = d.started + timeout_;
  return t;
}

}  // namespace wirelab::net
