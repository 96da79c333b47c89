#include "engine/scenario/value_parsers.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace wirelab::scenario {

std::optional<std::uint64_t> parse_bandwidth(const std::string& text) {
  char* end = nullptr;
  double v = std::strtod(text.c_str(), &end);
  if (end == text.c_str() || !std::isfinite(v) || v < 0) return std::nullopt;
  std::string unit(end);
  double scale;
  if (unit == "bps") scale = 1;
  else if (unit == "kbps" || unit == "Kbps") scale = 1e3;
  else if (unit == "Mbps") scale = 1e6;
  else if (unit == "Gbps") scale = 1e9;
  else return std::nullopt;
  double bps = v * scale;
  if (bps > 1e12) return std::nullopt;
  return static_cast<std::uint64_t>(std::llround(bps));
}

std::optional<std::int64_t> parse_utc_timestamp(const std::string& text) {
  int y, mo, d, h, mi, s;
  char tail;
  if (text.size() != 20 || std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%c", &y, &mo, &d, &h, &mi, &s, &tail) != 7 ||
      tail != 'Z')
    return std::nullopt;
  if (y < 1970 || y > 2200 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return std::nullopt;
  // Days from civil (Howard Hinnant's algorithm).
  const int yy = y - (mo <= 2);
  const int era = yy / 400;
  const int yoe = yy - era * 400;
  const int doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  const std::int64_t days = std::int64_t{era} * 146097 + doe - 719468;
  return ((days * 24 + h) * 60 + mi) * std::int64_t{60} * 1000000000 + std::int64_t{s} * 1000000000;
}

}  // namespace wirelab::scenario
