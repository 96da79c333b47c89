// Tvb: the bytes a dissector is given and where they sit in the frame (Wireshark's tvbuff,
// reduced to a view plus an offset so every node can carry frame-relative byte ranges).
#pragma once
#include <cstddef>

#include "engine/base/bytes.h"

namespace wirelab::dissect {

struct Tvb {
  ByteView data;
  std::size_t offset = 0;  // of data[0] within the frame

  std::size_t size() const { return data.size(); }
  // Sub-range from `from` (clamped), at most `len` bytes.
  Tvb sub(std::size_t from, std::size_t len = static_cast<std::size_t>(-1)) const {
    if (from > data.size()) from = data.size();
    std::size_t n = data.size() - from;
    if (len < n) n = len;
    return {data.subspan(from, n), offset + from};
  }
  std::size_t at(std::size_t rel) const { return offset + rel; }  // frame offset of data[rel]
};

}  // namespace wirelab::dissect
