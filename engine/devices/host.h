// A host or a router: Ethernet interfaces driven by an IPv4 stack. A router is a host whose
// stack forwards (RFC 1812); everything else (ARP, ICMP, shells) is the same code.
#pragma once
#include <memory>

#include "engine/link/device.h"
#include "engine/net/ip_stack.h"
#include "engine/net/tcp/tcp_layer.h"
#include "engine/net/udp/udp_layer.h"

namespace wirelab::devices {

class Host : public link::Device {
 public:
  Host(sim::SimContext& ctx, std::string name, bool router);
  const char* type_name() const override { return router_ ? "router" : "host"; }
  bool is_router() const { return router_; }

  // Adds an Ethernet port and the stack interface bound to it; returns the interface index.
  std::size_t add_interface(const std::string& name, wire::MacAddress mac, std::uint32_t mtu = 1500);
  net::IpStack& stack() { return stack_; }
  const net::IpStack& stack() const { return stack_; }
  net::UdpLayer& udp() { return udp_; }
  const net::UdpLayer& udp() const { return udp_; }
  net::tcp::TcpLayer& tcp() { return tcp_; }
  const net::tcp::TcpLayer& tcp() const { return tcp_; }

 protected:
  void on_frame(std::size_t index, ByteView frame) override { stack_.on_frame(index, frame); }

 private:
  bool router_;
  net::IpStack stack_;
  net::UdpLayer udp_;  // after stack_: the transports register with it and go first on destruction
  net::tcp::TcpLayer tcp_;
};

}  // namespace wirelab::devices
