#include "engine/devices/world.h"

#include <algorithm>

namespace wirelab::devices {

World::World(std::uint64_t seed) { ctx_.seed = seed; }

Host& World::add_host(const std::string& name, bool router) {
  devices_.push_back(std::make_unique<Host>(ctx_, name, router));
  return static_cast<Host&>(*devices_.back());
}

LearningSwitch& World::add_switch(const std::string& name, std::size_t ports, SimDuration ageing) {
  devices_.push_back(std::make_unique<LearningSwitch>(ctx_, name, ports, ageing));
  return static_cast<LearningSwitch&>(*devices_.back());
}

Hub& World::add_hub(const std::string& name, std::size_t ports) {
  devices_.push_back(std::make_unique<Hub>(ctx_, name, ports));
  return static_cast<Hub&>(*devices_.back());
}

link::Cable& World::connect(link::Device& a, std::size_t port_a, link::Device& b, std::size_t port_b,
                            const link::LinkParams& params, std::string name) {
  if (name.empty()) name = a.name() + ":" + a.port(port_a).name + "-" + b.name() + ":" + b.port(port_b).name;
  cables_.push_back(std::make_unique<link::Cable>(ctx_, name, a, port_a, b, port_b, params));
  for (auto [dev, port] : {std::pair{&a, port_a}, std::pair{&b, port_b}}) {
    if (auto* host = dynamic_cast<Host*>(dev)) {
      for (auto& i : host->stack().interfaces())
        if (i.port == port) i.mtu = std::min(i.mtu, params.mtu);
    }
  }
  return *cables_.back();
}

link::Device* World::find(const std::string& name) const {
  for (const auto& d : devices_)
    if (d->name() == name) return d.get();
  return nullptr;
}

Host* World::find_host(const std::string& name) const { return dynamic_cast<Host*>(find(name)); }

link::Cable* World::find_cable(const std::string& name) const {
  for (const auto& c : cables_)
    if (c->name() == name) return c.get();
  return nullptr;
}

wire::MacAddress World::next_mac() {
  ++mac_counter_;
  return {{0x02, 0x00, 0x00, static_cast<std::uint8_t>(mac_counter_ >> 16),
           static_cast<std::uint8_t>(mac_counter_ >> 8), static_cast<std::uint8_t>(mac_counter_)}};
}

}  // namespace wirelab::devices
