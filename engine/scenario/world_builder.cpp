#include "engine/scenario/world_builder.h"

namespace wirelab::scenario {

std::unique_ptr<devices::World> build_world(const Scenario& s) {
  auto world = std::make_unique<devices::World>(s.seed);
  world->ctx().capture.epoch_ns = s.epoch_ns;
  for (const NodeSpec& n : s.nodes) {
    switch (n.type) {
      case NodeType::Switch: world->add_switch(n.name, n.ports, n.mac_ageing); break;
      case NodeType::Hub: world->add_hub(n.name, n.ports); break;
      case NodeType::Host:
      case NodeType::Router: {
        devices::Host& h = world->add_host(n.name, n.type == NodeType::Router);
        if (n.arp_timeout) h.stack().config().arp_timeout = *n.arp_timeout;
        if (n.tcp_msl) h.tcp().defaults().msl = *n.tcp_msl;
        for (const InterfaceSpec& i : n.interfaces) {
          const wire::MacAddress mac = i.mac.value_or(world->next_mac());
          std::size_t idx = h.add_interface(i.name, mac, i.mtu);
          if (i.ip) h.stack().set_address(idx, i.ip);
        }
        auto add_route = [&](wire::Ipv4Prefix dst, wire::Ipv4Address via, std::uint32_t metric) {
          auto connected = h.stack().routes().lookup(via);
          if (!connected) return;  // validated earlier: the next hop is on a subnet
          h.stack().routes().add(net::Route{dst, via, connected->interface, metric, net::RouteOrigin::Static});
        };
        if (n.gateway) add_route({{0}, 0}, *n.gateway, 0);
        for (const RouteSpec& r : n.routes) add_route(r.destination, r.via, r.metric);
        break;
      }
    }
  }
  for (const LinkSpec& l : s.links) {
    link::Device* a = world->find(l.a_node);
    link::Device* b = world->find(l.b_node);
    world->connect(*a, static_cast<std::size_t>(a->find_port(l.a_port)), *b,
                   static_cast<std::size_t>(b->find_port(l.b_port)), l.params, l.name);
  }
  return world;
}

}  // namespace wirelab::scenario
