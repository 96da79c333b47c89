#include "engine/base/sim_time.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace wirelab {

std::optional<SimDuration> parse_duration(const std::string& text) {
  if (text.empty()) return std::nullopt;
  char* end = nullptr;
  double v = std::strtod(text.c_str(), &end);
  if (end == text.c_str() || !std::isfinite(v) || v < 0) return std::nullopt;
  std::string unit(end);
  double scale;
  if (unit.empty() || unit == "s") scale = 1e9;
  else if (unit == "ms") scale = 1e6;
  else if (unit == "us") scale = 1e3;
  else if (unit == "ns") scale = 1;
  else if (unit == "m" || unit == "min") scale = 60e9;
  else if (unit == "h") scale = 3600e9;
  else return std::nullopt;
  double ns = v * scale;
  if (ns > 9.2e18) return std::nullopt;
  return static_cast<SimDuration>(std::llround(ns));
}

std::string format_seconds(SimTime t) {
  char buf[48];
  const char* sign = t < 0 ? "-" : "";
  std::int64_t a = t < 0 ? -t : t;
  std::snprintf(buf, sizeof buf, "%s%lld.%06lld", sign, static_cast<long long>(a / 1000000000),
                static_cast<long long>((a % 1000000000) / 1000));
  return buf;
}

std::string format_ms(SimDuration d) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.3f", static_cast<double>(d) / 1e6);
  return buf;
}

}  // namespace wirelab
