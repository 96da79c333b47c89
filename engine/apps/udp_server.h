// A datagram service: each datagram that arrives on the port may draw one reply.
#pragma once
#include <functional>
#include <optional>

#include "engine/devices/host.h"

namespace wirelab::apps {

class UdpServer {
 public:
  using Handler = std::function<std::optional<Bytes>(const net::Datagram&, SimTime now)>;

  UdpServer(sim::SimContext& ctx, devices::Host& host, std::uint16_t port, Handler handler);
  ~UdpServer();
  UdpServer(const UdpServer&) = delete;
  UdpServer& operator=(const UdpServer&) = delete;
  bool bound() const { return bound_; }

 private:
  void drain();
  sim::SimContext& ctx_;
  devices::Host& host_;
  Handler handler_;
  int socket_ = 0;
  bool bound_ = false;
};

}  // namespace wirelab::apps
