// Runs a lab in real time with one of its ports bridged to a Linux TAP device, so real tools
// (ping, arping, nc, dig, curl...) reach virtual hosts. Virtual time follows the wall clock;
// every frame crossing the bridge goes through a cable and so into the capture.
#pragma once
#include <atomic>
#include <string>

#include "engine/api/lab.h"

namespace wirelab::tools {

// Returns a process exit code. Stops at `until` (virtual = real seconds) or when *stop is set.
int run_bridged(api::Lab& lab, const std::string& tap_name, const std::string& endpoint,
                std::optional<SimDuration> until, const std::atomic<bool>& stop);

}  // namespace wirelab::tools
