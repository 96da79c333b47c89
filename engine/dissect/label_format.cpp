#include "engine/dissect/label_format.h"

#include <cstdio>

namespace wirelab::dissect {

std::string hex(std::uint64_t v, int digits) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%0*llx", digits, static_cast<unsigned long long>(v));
  return buf;
}

std::string bit_pattern(std::uint64_t value, std::uint64_t mask, int bits) {
  std::string out;
  for (int i = bits - 1; i >= 0; --i) {
    std::uint64_t bit = std::uint64_t{1} << i;
    out.push_back((mask & bit) ? ((value & bit) ? '1' : '0') : '.');
    if (i % 4 == 0 && i != 0) out.push_back(' ');
  }
  return out;
}

std::string mac_name(const wire::MacAddress& m) { return m.is_broadcast() ? "Broadcast" : m.to_string(); }

std::string mac_label(const wire::MacAddress& m) { return mac_name(m) + " (" + m.to_string() + ")"; }

std::string hex_preview(ByteView b, std::size_t max_bytes) {
  if (b.size() <= max_bytes) return to_hex(b, 0);
  return to_hex(b.first(max_bytes), 0) + "\xe2\x80\xa6";
}

// Wireshark's format_text: C escapes for control characters ("\r\n"), printable ASCII as is.
std::string format_text_escaped(ByteView b) {
  std::string out;
  for (std::uint8_t c : b) {
    switch (c) {
      case '\r': out += "\\r"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\\': out += "\\\\"; break;
      default:
        if (c >= 0x20 && c != 0x7f) {  // printable ASCII and UTF-8 kept
          out += static_cast<char>(c);
        } else {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\%03o", c);
          out += buf;
        }
    }
  }
  return out;
}

}  // namespace wirelab::dissect
