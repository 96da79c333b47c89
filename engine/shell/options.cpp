#include "engine/shell/options.h"

#include <cmath>
#include <cstdlib>

namespace wirelab::shell {

bool ParsedOptions::has(char opt) const {
  for (const auto& [o, v] : options)
    if (o == opt) return true;
  return false;
}

std::optional<std::string> ParsedOptions::value(char opt) const {
  std::optional<std::string> v;
  for (const auto& [o, val] : options)
    if (o == opt) v = val;
  return v;
}

ParsedOptions parse_options(const std::vector<std::string>& args, const std::string& with_value,
                            const std::string& flags) {
  ParsedOptions p;
  for (std::size_t i = 1; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a.size() < 2 || a[0] != '-' || a == "--") {
      if (a == "--") {
        for (++i; i < args.size(); ++i) p.positionals.push_back(args[i]);
        break;
      }
      p.positionals.push_back(a);
      continue;
    }
    for (std::size_t j = 1; j < a.size(); ++j) {
      char c = a[j];
      if (with_value.find(c) != std::string::npos) {
        std::string v = a.substr(j + 1);
        if (v.empty()) {
          if (i + 1 >= args.size()) {
            p.error = std::string("option requires an argument -- '") + c + "'";
            return p;
          }
          v = args[++i];
        }
        p.options.emplace_back(c, v);
        break;
      }
      if (flags.find(c) == std::string::npos) {
        p.error = std::string("invalid option -- '") + c + "'";
        return p;
      }
      p.options.emplace_back(c, "");
    }
  }
  return p;
}

std::optional<long long> parse_int(const std::string& s, long long min, long long max) {
  if (s.empty()) return std::nullopt;
  char* end = nullptr;
  long long v = std::strtoll(s.c_str(), &end, 10);
  if (*end != '\0' || v < min || v > max) return std::nullopt;
  return v;
}

std::optional<double> parse_number(const std::string& s) {
  if (s.empty()) return std::nullopt;
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  if (*end != '\0' || !std::isfinite(v)) return std::nullopt;
  return v;
}

}  // namespace wirelab::shell
