// Helpers for tests that ask tshark (the dissection oracle): is it installed, and run a command
// capturing its standard output.
#pragma once
#include <cstdio>
#include <cstdlib>
#include <string>

namespace wirelab::testing {

inline bool have_tshark() { return std::system("tshark --version >/dev/null 2>&1") == 0; }

inline std::string run_command(const std::string& cmd) {
  std::string out;
  if (FILE* p = popen(cmd.c_str(), "r")) {
    char buf[65536];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    pclose(p);
  }
  return out;
}

}  // namespace wirelab::testing
