// Small worlds for shell command tests: links with a 1 ms delay and no serialization time, so
// every round-trip time is an exact number of milliseconds.
#pragma once
#include <string>

#include "engine/devices/world.h"
#include "engine/shell/shell.h"
#include "tests/support/topology.h"

namespace wirelab::test {

using testing::address;
using testing::ip;
using testing::ms_link;
using testing::route;
using testing::Routed;

// pc1 (10.0.0.1) and pc2 (10.0.0.2) on one switch; 10.0.0.3 is free (nobody answers ARP).
struct Lan {
  devices::World world{1};
  devices::Host& pc1 = world.add_host("pc1");
  devices::Host& pc2 = world.add_host("pc2");
  devices::LearningSwitch& sw = world.add_switch("sw", 4);

  explicit Lan(std::uint32_t mtu = 1500) {
    pc1.add_interface("eth0", world.next_mac());  // 02:00:00:00:00:01
    pc2.add_interface("eth0", world.next_mac());  // 02:00:00:00:00:02
    address(pc1, 0, "10.0.0.1/24");
    address(pc2, 0, "10.0.0.2/24");
    world.connect(pc1, 0, sw, 0, ms_link(mtu));
    world.connect(pc2, 0, sw, 1, ms_link(mtu));
  }
};

// Types a line and runs the world until it is idle; returns the command's record.
inline const shell::CommandRecord& run(devices::World& world, shell::Shell& sh, const std::string& line) {
  sh.input(line);
  world.scheduler().run_until_idle(world.now() + seconds(600));
  return sh.history().back();
}

}  // namespace wirelab::test
