#include "engine/net/tcp/tcp_reassembly.h"

#include <iterator>

namespace wirelab::net::tcp {

void TcpReassembly::insert(std::uint64_t offset, ByteView data) {
  std::uint64_t s = offset, e = offset + data.size();
  while (s < e) {
    auto it = blocks_.upper_bound(s);
    if (it != blocks_.begin()) {
      auto p = std::prev(it);
      std::uint64_t pend = p->first + p->second.size();
      if (pend > s) {  // already held
        s = pend;
        continue;
      }
    }
    std::uint64_t stop = e;
    if (it != blocks_.end() && it->first < e) stop = it->first;
    auto from = data.begin() + static_cast<std::ptrdiff_t>(s - offset);
    blocks_.emplace(s, Bytes(from, from + static_cast<std::ptrdiff_t>(stop - s)));
    bytes_ += stop - s;
    s = stop;
  }
}

std::uint64_t TcpReassembly::pop_contiguous(std::uint64_t next, std::deque<std::uint8_t>& out) {
  while (!blocks_.empty() && blocks_.begin()->first <= next) {
    auto it = blocks_.begin();
    std::uint64_t end = it->first + it->second.size();
    if (end > next) {
      out.insert(out.end(), it->second.begin() + static_cast<std::ptrdiff_t>(next - it->first), it->second.end());
      next = end;
    }
    bytes_ -= it->second.size();
    blocks_.erase(it);
  }
  return next;
}

std::vector<std::pair<std::uint64_t, std::uint64_t>> TcpReassembly::ranges() const {
  std::vector<std::pair<std::uint64_t, std::uint64_t>> r;
  for (const auto& [start, bytes] : blocks_) {
    std::uint64_t end = start + bytes.size();
    if (!r.empty() && r.back().second >= start) {
      if (end > r.back().second) r.back().second = end;
    } else {
      r.emplace_back(start, end);
    }
  }
  return r;
}

}  // namespace wirelab::net::tcp
