#include "engine/dissect/field_value.h"

#include <cstdio>

namespace wirelab::dissect {

const char* to_string(FieldType t) {
  switch (t) {
    case FieldType::None: return "label";
    case FieldType::Protocol: return "protocol";
    case FieldType::UInt: return "unsigned integer";
    case FieldType::Int: return "signed integer";
    case FieldType::Bool: return "boolean";
    case FieldType::String: return "character string";
    case FieldType::Bytes: return "byte sequence";
    case FieldType::Ipv4: return "IPv4 address";
    case FieldType::Mac: return "Ethernet or other MAC address";
    case FieldType::RelTime: return "time offset";
  }
  return "?";
}

std::string FieldValue::to_display() const {
  switch (type) {
    case FieldType::None:
    case FieldType::Protocol: return {};
    case FieldType::UInt: return std::to_string(number);
    case FieldType::Int: return std::to_string(as_int());
    case FieldType::Bool: return number ? "1" : "0";
    case FieldType::String: return text;
    case FieldType::Bytes: return to_hex(bytes, ':');
    case FieldType::Ipv4: return wire::Ipv4Address{static_cast<std::uint32_t>(number)}.to_string();
    case FieldType::Mac: {
      wire::MacAddress m;
      for (int i = 0; i < 6; ++i) m.octets[i] = static_cast<std::uint8_t>(number >> (40 - 8 * i));
      return m.to_string();
    }
    case FieldType::RelTime: {
      std::int64_t ns = as_int();
      char buf[48];
      std::snprintf(buf, sizeof buf, "%s%lld.%09lld", ns < 0 ? "-" : "", static_cast<long long>((ns < 0 ? -ns : ns) / 1000000000),
                    static_cast<long long>((ns < 0 ? -ns : ns) % 1000000000));
      return buf;
    }
  }
  return {};
}

}  // namespace wirelab::dissect
