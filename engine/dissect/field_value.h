// A typed field value, as a display filter sees it (Wireshark's ftypes, reduced to what our
// protocols use). Addresses and flags are stored as numbers so comparison is cheap.
#pragma once
#include <cstdint>
#include <string>

#include "engine/base/bytes.h"
#include "engine/wire/ipv4_address.h"
#include "engine/wire/mac_address.h"

namespace wirelab::dissect {

enum class FieldType : std::uint8_t {
  None,      // a text-only node: present, no value
  Protocol,  // a protocol's top node: present, no value
  UInt,
  Int,
  Bool,
  String,
  Bytes,
  Ipv4,
  Mac,
  RelTime,  // signed nanoseconds, written in filters as seconds ("1.5")
};

const char* to_string(FieldType t);

struct FieldValue {
  FieldType type = FieldType::None;
  // UInt, Bool (0/1), Ipv4 (host order), Mac (48 bits); Int and RelTime as two's complement.
  std::uint64_t number = 0;
  std::string text;  // String
  Bytes bytes;       // Bytes

  static FieldValue none() { return {}; }
  static FieldValue protocol() { return {FieldType::Protocol, 0, {}, {}}; }
  static FieldValue uint(std::uint64_t v) { return {FieldType::UInt, v, {}, {}}; }
  static FieldValue sint(std::int64_t v) { return {FieldType::Int, static_cast<std::uint64_t>(v), {}, {}}; }
  static FieldValue boolean(bool v) { return {FieldType::Bool, v ? 1u : 0u, {}, {}}; }
  static FieldValue string(std::string s) { return {FieldType::String, 0, std::move(s), {}}; }
  static FieldValue bytes_of(ByteView b) { return {FieldType::Bytes, 0, {}, Bytes(b.begin(), b.end())}; }
  static FieldValue ipv4(wire::Ipv4Address a) { return {FieldType::Ipv4, a.value, {}, {}}; }
  static FieldValue mac(const wire::MacAddress& m) { return {FieldType::Mac, m.to_u64(), {}, {}}; }
  static FieldValue rel_time(std::int64_t ns) { return {FieldType::RelTime, static_cast<std::uint64_t>(ns), {}, {}}; }

  std::int64_t as_int() const { return static_cast<std::int64_t>(number); }
  // The value as tshark's -T fields would print it ("10.0.0.1", "8", "0x0800" is not used).
  std::string to_display() const;
};

}  // namespace wirelab::dissect
