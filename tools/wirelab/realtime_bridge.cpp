#include "realtime_bridge.h"

#include <chrono>
#include <deque>
#include <iostream>
#include <poll.h>

#include "engine/devices/external_port.h"
#include "tap_device.h"

namespace wirelab::tools {

int run_bridged(api::Lab& lab, const std::string& tap_name, const std::string& endpoint,
                std::optional<SimDuration> until, const std::atomic<bool>& stop) {
  std::string error;
  auto tap = TapDevice::open(tap_name, error);
  if (!tap) {
    std::cerr << "wirelab: " << error << "\n";
    return 2;
  }
  auto ext = lab.attach_external(endpoint);
  if (!ext) {
    std::cerr << "wirelab: --tap: " << ext.error().reason << "\n";
    return 2;
  }
  std::deque<Bytes> outbox;
  ext.value()->on_transmit = [&outbox](ByteView f) { outbox.emplace_back(f.begin(), f.end()); };
  std::cerr << "wirelab: " << endpoint << " bridged to " << tap_name << " (real time; Ctrl+C to stop)\n";

  using Clock = std::chrono::steady_clock;
  const auto wall0 = Clock::now();
  const SimTime sim0 = lab.now();
  auto sim_now = [&] {
    return sim0 + std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - wall0).count();
  };
  while (!stop) {
    SimTime target = sim_now();
    if (until && target >= *until) {
      lab.run_until(*until);
      break;
    }
    lab.run_until(target);
    while (!outbox.empty()) {
      tap->write(outbox.front());
      outbox.pop_front();
    }
    const SimTime next = lab.next_event_time();
    const SimDuration wait = std::clamp<SimDuration>(next - target, 0, milliseconds(20));
    struct pollfd p{tap->fd(), POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(wait / 1000000)) > 0 && (p.revents & POLLIN)) {
      lab.run_until(sim_now());
      for (const auto& frame : tap->read_all()) ext.value()->inject(frame);
    }
  }
  for (const auto& f : outbox) tap->write(f);
  return 0;
}

}  // namespace wirelab::tools
