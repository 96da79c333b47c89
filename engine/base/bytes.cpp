#include "engine/base/bytes.h"

namespace wirelab {

std::string to_hex(ByteView b, char separator) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  out.reserve(b.size() * 3);
  for (std::size_t i = 0; i < b.size(); ++i) {
    if (i && separator) out.push_back(separator);
    out.push_back(digits[b[i] >> 4]);
    out.push_back(digits[b[i] & 15]);
  }
  return out;
}

Bytes from_hex(const std::string& text) {
  Bytes out;
  int high = -1;
  for (char c : text) {
    int v;
    if (c >= '0' && c <= '9') v = c - '0';
    else if (c >= 'a' && c <= 'f') v = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F') v = c - 'A' + 10;
    else if (c == ' ' || c == '\n' || c == '\t' || c == ':' || c == '\r') continue;
    else return {};
    if (high < 0) high = v;
    else { out.push_back(static_cast<std::uint8_t>(high << 4 | v)); high = -1; }
  }
  if (high >= 0) return {};
  return out;
}

}  // namespace wirelab
