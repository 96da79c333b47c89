// Byte buffers and big-endian (network order) field access shared by every codec.
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace wirelab {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;
using MutableByteView = std::span<std::uint8_t>;

inline std::uint16_t read_u16(ByteView b, std::size_t at) {
  return static_cast<std::uint16_t>((b[at] << 8) | b[at + 1]);
}
inline std::uint32_t read_u32(ByteView b, std::size_t at) {
  return (std::uint32_t{b[at]} << 24) | (std::uint32_t{b[at + 1]} << 16) |
         (std::uint32_t{b[at + 2]} << 8) | std::uint32_t{b[at + 3]};
}
inline void write_u16(MutableByteView b, std::size_t at, std::uint16_t v) {
  b[at] = static_cast<std::uint8_t>(v >> 8);
  b[at + 1] = static_cast<std::uint8_t>(v);
}
inline void write_u32(MutableByteView b, std::size_t at, std::uint32_t v) {
  b[at] = static_cast<std::uint8_t>(v >> 24);
  b[at + 1] = static_cast<std::uint8_t>(v >> 16);
  b[at + 2] = static_cast<std::uint8_t>(v >> 8);
  b[at + 3] = static_cast<std::uint8_t>(v);
}

// Appends in network order (used by writers that grow a buffer).
inline void append_u8(Bytes& out, std::uint8_t v) { out.push_back(v); }
inline void append_u16(Bytes& out, std::uint16_t v) {
  out.push_back(static_cast<std::uint8_t>(v >> 8));
  out.push_back(static_cast<std::uint8_t>(v));
}
inline void append_u32(Bytes& out, std::uint32_t v) {
  append_u16(out, static_cast<std::uint16_t>(v >> 16));
  append_u16(out, static_cast<std::uint16_t>(v));
}
inline void append(Bytes& out, ByteView v) { out.insert(out.end(), v.begin(), v.end()); }
// Little-endian appends, for the file formats that use host order (pcap, pcapng).
inline void append_le16(Bytes& out, std::uint16_t v) {
  out.push_back(static_cast<std::uint8_t>(v));
  out.push_back(static_cast<std::uint8_t>(v >> 8));
}
inline void append_le32(Bytes& out, std::uint32_t v) {
  append_le16(out, static_cast<std::uint16_t>(v));
  append_le16(out, static_cast<std::uint16_t>(v >> 16));
}

// "de ad be ef" style, for messages and tests.
std::string to_hex(ByteView b, char separator = ' ');
// Parses hex digits, ignoring whitespace and ':' ; returns empty on odd/invalid input.
Bytes from_hex(const std::string& text);

}  // namespace wirelab
