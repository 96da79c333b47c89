// The IPv4 routing table: connected routes (added with an interface address) and static routes,
// chosen by longest prefix match, then lowest metric, then first added (RFC 1812 §5.2.4.3).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "engine/wire/ipv4_address.h"

namespace wirelab::net {

enum class RouteOrigin { Connected, Static };

struct Route {
  wire::Ipv4Prefix destination;  // network form (host bits zero)
  std::optional<wire::Ipv4Address> gateway;
  std::size_t interface = 0;
  std::uint32_t metric = 0;
  RouteOrigin origin = RouteOrigin::Static;
};

class RoutingTable {
 public:
  void add(Route r);
  // Removes routes matching destination (and gateway if given); returns how many.
  std::size_t remove(const wire::Ipv4Prefix& destination, std::optional<wire::Ipv4Address> gateway = {});
  void remove_interface_routes(std::size_t interface, RouteOrigin origin);
  std::optional<Route> lookup(wire::Ipv4Address dst) const;
  // Sorted as `ip route` prints them: default first, then by prefix.
  std::vector<Route> routes() const;

 private:
  std::vector<Route> routes_;
};

}  // namespace wirelab::net
