// What a scenario asks a host to serve. The scenario parser fills these; the Lab starts them.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "engine/apps/services/finger_service.h"

namespace wirelab::apps {

struct ServiceSpec {
  std::string type;              // "echo", "discard", "chargen", "daytime", "time", "finger"
  bool tcp = true;
  bool udp = true;               // ignored for finger (TCP only)
  std::optional<std::uint16_t> port;  // default: the well-known port
  FingerConfig finger;
};

// Known service names and their well-known ports; nullopt for an unknown name.
std::optional<std::uint16_t> well_known_port(const std::string& type);

}  // namespace wirelab::apps
