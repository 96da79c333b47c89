#include "engine/wire/mac_address.h"

#include <cstdio>

namespace wirelab::wire {

std::optional<MacAddress> MacAddress::parse(const std::string& text) {
  MacAddress m;
  std::size_t pos = 0;
  for (int i = 0; i < 6; ++i) {
    if (i) {
      if (pos >= text.size() || (text[pos] != ':' && text[pos] != '-')) return std::nullopt;
      ++pos;
    }
    int v = 0;
    for (int d = 0; d < 2; ++d, ++pos) {
      if (pos >= text.size()) return std::nullopt;
      char c = text[pos];
      int x = (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10
            : (c >= 'A' && c <= 'F') ? c - 'A' + 10 : -1;
      if (x < 0) return std::nullopt;
      v = v * 16 + x;
    }
    m.octets[i] = static_cast<std::uint8_t>(v);
  }
  if (pos != text.size()) return std::nullopt;
  return m;
}

std::string MacAddress::to_string() const {
  char buf[18];
  std::snprintf(buf, sizeof buf, "%02x:%02x:%02x:%02x:%02x:%02x", octets[0], octets[1], octets[2],
                octets[3], octets[4], octets[5]);
  return buf;
}

}  // namespace wirelab::wire
