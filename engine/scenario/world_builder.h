// Builds a World from a validated Scenario: devices, interfaces, addresses, routes, cables.
#pragma once
#include <memory>

#include "engine/devices/world.h"
#include "engine/scenario/scenario.h"

namespace wirelab::scenario {

std::unique_ptr<devices::World> build_world(const Scenario& s);

}  // namespace wirelab::scenario
