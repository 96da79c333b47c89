#include "engine/shell/commands/service_names.h"

#include "engine/shell/options.h"

namespace wirelab::shell::commands {
namespace {

struct Service {
  std::uint16_t port;
  const char* name;
  bool tcp, udp;
};

// A subset of Debian's /etc/services: the ports the labs use.
constexpr Service kServices[] = {
    {7, "echo", true, true},        {9, "discard", true, true},     {13, "daytime", true, true},
    {17, "qotd", true, false},      {19, "chargen", true, true},    {20, "ftp-data", true, false},
    {21, "ftp", true, false},       {22, "ssh", true, false},       {23, "telnet", true, false},
    {25, "smtp", true, false},      {37, "time", true, true},       {53, "domain", true, true},
    {67, "bootps", false, true},    {68, "bootpc", false, true},    {69, "tftp", false, true},
    {79, "finger", true, false},    {80, "http", true, false},      {110, "pop3", true, false},
    {123, "ntp", false, true},      {143, "imap2", true, false},    {161, "snmp", true, true},
    {389, "ldap", true, true},      {443, "https", true, true},     {465, "submissions", true, false},
    {514, "syslog", false, true},   {587, "submission", true, false}, {636, "ldaps", true, true},
    {993, "imaps", true, false},    {995, "pop3s", true, false},
};

}  // namespace

const char* service_name(std::uint16_t port, bool udp) {
  for (const auto& s : kServices)
    if (s.port == port && (udp ? s.udp : s.tcp)) return s.name;
  return nullptr;
}

std::optional<std::uint16_t> service_port(const std::string& name, bool udp) {
  if (auto n = parse_int(name, 0, 65535)) return static_cast<std::uint16_t>(*n);
  for (const auto& s : kServices)
    if (name == s.name && (udp ? s.udp : s.tcp)) return s.port;
  return std::nullopt;
}

}  // namespace wirelab::shell::commands
