// Parsers for the scalar value formats scenario files use.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

namespace wirelab::scenario {

// "100Mbps", "1Gbps", "64kbps", "9600bps" (decimal SI units, as link rates are quoted).
std::optional<std::uint64_t> parse_bandwidth(const std::string& text);
// "2025-01-01T00:00:00Z" -> nanoseconds since the Unix epoch (UTC only, whole seconds).
std::optional<std::int64_t> parse_utc_timestamp(const std::string& text);

}  // namespace wirelab::scenario
