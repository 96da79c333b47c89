// A small getopt-style parser for shell commands: "-c 3", "-c3", flags, and positionals.
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace wirelab::shell {

struct ParsedOptions {
  std::vector<std::pair<char, std::string>> options;  // in order; value empty for flags
  std::vector<std::string> positionals;
  std::string error;  // non-empty when the command line is invalid

  bool has(char opt) const;
  std::optional<std::string> value(char opt) const;  // last occurrence
};

// `with_value` lists the option letters that take a value, `flags` those that do not.
ParsedOptions parse_options(const std::vector<std::string>& args, const std::string& with_value,
                            const std::string& flags);

// Strict decimal parsing for option values; nullopt on junk or out of range.
std::optional<long long> parse_int(const std::string& s, long long min, long long max);
std::optional<double> parse_number(const std::string& s);

}  // namespace wirelab::shell
