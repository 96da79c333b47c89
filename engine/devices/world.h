// The world of one lab: its simulation context (scheduler, capture, seed), its devices and the
// cables between them. Owns everything; devices and cables live as long as the world.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "engine/devices/host.h"
#include "engine/devices/hub.h"
#include "engine/devices/learning_switch.h"
#include "engine/link/cable.h"
#include "engine/sim/sim_context.h"

namespace wirelab::devices {

class World {
 public:
  explicit World(std::uint64_t seed);
  World(const World&) = delete;
  World& operator=(const World&) = delete;

  sim::SimContext& ctx() { return ctx_; }
  const sim::SimContext& ctx() const { return ctx_; }
  sim::Scheduler& scheduler() { return ctx_.scheduler; }
  SimTime now() const { return ctx_.now(); }

  Host& add_host(const std::string& name, bool router = false);
  LearningSwitch& add_switch(const std::string& name, std::size_t ports, SimDuration ageing = seconds(300));
  Hub& add_hub(const std::string& name, std::size_t ports);
  template <typename T, typename... Args>
  T& add_device(const std::string& name, Args&&... args) {
    devices_.push_back(std::make_unique<T>(ctx_, name, std::forward<Args>(args)...));
    return static_cast<T&>(*devices_.back());
  }
  // Connects two ports. An interface's MTU follows the cable's when the cable's is smaller.
  link::Cable& connect(link::Device& a, std::size_t port_a, link::Device& b, std::size_t port_b,
                       const link::LinkParams& params, std::string name = {});

  link::Device* find(const std::string& name) const;
  Host* find_host(const std::string& name) const;
  const std::vector<std::unique_ptr<link::Device>>& devices() const { return devices_; }
  const std::vector<std::unique_ptr<link::Cable>>& cables() const { return cables_; }
  link::Cable* find_cable(const std::string& name) const;

  // Locally administered MACs in creation order: 02:00:00:00:00:01, ...:02, ...
  wire::MacAddress next_mac();

 private:
  sim::SimContext ctx_;
  std::vector<std::unique_ptr<link::Device>> devices_;
  std::vector<std::unique_ptr<link::Cable>> cables_;
  std::uint32_t mac_counter_ = 0;
};

}  // namespace wirelab::devices
