#include "engine/apps/udp_server.h"

namespace wirelab::apps {

UdpServer::UdpServer(sim::SimContext& ctx, devices::Host& host, std::uint16_t port, Handler handler)
    : ctx_(ctx), host_(host), handler_(std::move(handler)) {
  auto s = host_.udp().open();
  if (!s.ok()) return;
  socket_ = *s.value;
  bound_ = host_.udp().bind(socket_, {{}, port}).ok();
  host_.udp().set_watcher(socket_, [this] { drain(); });
}

UdpServer::~UdpServer() {
  if (socket_) host_.udp().close(socket_);
}

void UdpServer::drain() {
  for (int i = 0; i < 1024; ++i) {  // bounded per wake-up
    auto d = host_.udp().receive(socket_);
    if (!d.ok()) {
      if (d.error == net::SocketError::WouldBlock) return;
      continue;  // an ICMP error reported on the socket: servers ignore it
    }
    if (auto reply = handler_(*d.value, ctx_.now())) host_.udp().send_to(socket_, *reply, d.value->from);
  }
}

}  // namespace wirelab::apps
