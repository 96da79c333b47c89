// Virtual time: signed 64-bit nanoseconds since the start of the lab. The engine never reads a
// wall clock; only plumbing (the TAP bridge, the UI) maps virtual time onto real time.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

namespace wirelab {

using SimTime = std::int64_t;      // nanoseconds since lab start
using SimDuration = std::int64_t;  // nanoseconds

constexpr SimDuration nanoseconds(std::int64_t n) { return n; }
constexpr SimDuration microseconds(std::int64_t n) { return n * 1000; }
constexpr SimDuration milliseconds(std::int64_t n) { return n * 1000'000; }
constexpr SimDuration seconds(std::int64_t n) { return n * 1000'000'000; }
constexpr SimTime kNever = INT64_MAX;

// "1.5s", "20ms", "100us", "250ns", "2m", "1h", or a bare number of seconds.
std::optional<SimDuration> parse_duration(const std::string& text);
// Seconds with 6 decimals, as in Wireshark's time column: "1.000123".
std::string format_seconds(SimTime t);
// Milliseconds with 3 decimals, as ping prints RTTs: "0.512".
std::string format_ms(SimDuration d);

}  // namespace wirelab
