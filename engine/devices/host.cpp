#include "engine/devices/host.h"

namespace wirelab::devices {

namespace {
net::StackConfig config_for(bool router) {
  net::StackConfig c;
  c.forwarding = router;
  c.default_ttl = router ? 255 : 64;  // Cisco-like routers answer with TTL 255, Linux hosts 64
  return c;
}
}  // namespace

Host::Host(sim::SimContext& ctx, std::string name, bool router)
    : Device(ctx, std::move(name)), router_(router),
      stack_(ctx, this->name(), [this](std::size_t port, ByteView frame) { return send(port, frame); },
             config_for(router)),
      udp_(ctx, stack_),
      tcp_(ctx, stack_) {}

std::size_t Host::add_interface(const std::string& name, wire::MacAddress mac, std::uint32_t mtu) {
  std::size_t port = add_port(name);
  return stack_.add_interface(name, port, mac, mtu);
}

}  // namespace wirelab::devices
