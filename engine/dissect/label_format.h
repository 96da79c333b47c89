// Small text helpers shared by the dissectors, producing Wireshark's label conventions:
// "0x0800", bit patterns such as "0100 .... = Version: 4", "Broadcast (ff:ff:ff:ff:ff:ff)".
#pragma once
#include <cstdint>
#include <string>

#include "engine/base/bytes.h"
#include "engine/wire/mac_address.h"

namespace wirelab::dissect {

// "0x" and `digits` lower-case hex digits.
std::string hex(std::uint64_t v, int digits);
// The bits of `value` under `mask` within a field of `bits` bits, MSB first, others as '.',
// grouped by 4: bit_pattern(0x45, 0xf0, 8) == "0100 ....".
std::string bit_pattern(std::uint64_t value, std::uint64_t mask, int bits);
// The MAC as Wireshark names it without a vendor database: "Broadcast" for ff:..:ff, else the
// address itself.
std::string mac_name(const wire::MacAddress& m);
// "Broadcast (ff:ff:ff:ff:ff:ff)" / "02:00:00:00:00:01 (02:00:00:00:00:01)".
std::string mac_label(const wire::MacAddress& m);
// Hex of at most `max_bytes` bytes, with "…" (U+2026) when cut, as Wireshark shows data.data.
std::string hex_preview(ByteView b, std::size_t max_bytes = 36);
// Wireshark's format_text: "\r", "\n", "\t", "\\" and octal escapes for other control bytes; the rest (UTF-8) as is.
std::string format_text_escaped(ByteView b);
// "Set" / "Not set".
inline const char* set_text(bool b) { return b ? "Set" : "Not set"; }

}  // namespace wirelab::dissect
