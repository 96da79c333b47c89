#include "engine/net/routing_table.h"

#include <algorithm>

namespace wirelab::net {

void RoutingTable::add(Route r) {
  r.destination.address = r.destination.network();
  routes_.push_back(r);
}

std::size_t RoutingTable::remove(const wire::Ipv4Prefix& destination, std::optional<wire::Ipv4Address> gateway) {
  wire::Ipv4Prefix d{destination.network(), destination.length};
  auto n = routes_.size();
  routes_.erase(std::remove_if(routes_.begin(), routes_.end(),
                               [&](const Route& r) {
                                 return r.destination == d && (!gateway || r.gateway == gateway);
                               }),
                routes_.end());
  return n - routes_.size();
}

void RoutingTable::remove_interface_routes(std::size_t interface, RouteOrigin origin) {
  routes_.erase(std::remove_if(routes_.begin(), routes_.end(),
                               [&](const Route& r) { return r.interface == interface && r.origin == origin; }),
                routes_.end());
}

std::optional<Route> RoutingTable::lookup(wire::Ipv4Address dst) const {
  const Route* best = nullptr;
  for (const Route& r : routes_) {
    if (!r.destination.contains(dst)) continue;
    if (!best || r.destination.length > best->destination.length ||
        (r.destination.length == best->destination.length && r.metric < best->metric))
      best = &r;
  }
  if (!best) return std::nullopt;
  return *best;
}

std::vector<Route> RoutingTable::routes() const {
  std::vector<Route> out = routes_;
  std::stable_sort(out.begin(), out.end(), [](const Route& a, const Route& b) {
    if ((a.destination.length == 0) != (b.destination.length == 0)) return a.destination.length == 0;
    if (a.destination.address != b.destination.address) return a.destination.address < b.destination.address;
    return a.destination.length > b.destination.length;
  });
  return out;
}

}  // namespace wirelab::net
