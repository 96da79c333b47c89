#include "engine/net/udp/udp_layer.h"

#include "engine/wire/icmp.h"
#include "engine/wire/udp.h"

namespace wirelab::net {

namespace {
constexpr std::uint8_t kUdp = static_cast<std::uint8_t>(wire::IpProtocol::Udp);
}

UdpLayer::UdpLayer(sim::SimContext& ctx, IpStack& ip) : ctx_(ctx), ip_(ip), ports_(ip.rng()) {
  ip_.set_protocol_handler(kUdp, [this](const IpDelivery& d) { return deliver(d); });
  icmp_listener_ = ip_.add_icmp_listener([this](const IpDelivery& d) { on_icmp(d); });
}

UdpLayer::~UdpLayer() {
  ip_.set_protocol_handler(kUdp, nullptr);
  ip_.remove_icmp_listener(icmp_listener_);
}

UdpLayer::Socket* UdpLayer::find(int id) {
  auto it = sockets_.find(id);
  return it == sockets_.end() ? nullptr : &it->second;
}

bool UdpLayer::port_in_use(std::uint16_t port) const {
  for (const auto& [id, s] : sockets_)
    if (s.local && s.local->port == port) return true;
  return false;
}

SocketResult<int> UdpLayer::open() {
  if (sockets_.size() >= kMaxSockets) return SocketResult<int>::fail(SocketError::TooManySockets);
  sockets_[next_id_] = Socket{};
  return {next_id_++};
}

SocketResult<Endpoint> UdpLayer::bind(int id, Endpoint local) {
  Socket* s = find(id);
  if (!s) return SocketResult<Endpoint>::fail(SocketError::Closed);
  if (s->local) return SocketResult<Endpoint>::fail(SocketError::InvalidArgument);
  if (!local.address.is_any() && !ip_.is_local_address(local.address) && !local.address.is_broadcast())
    return SocketResult<Endpoint>::fail(SocketError::NoAddress);
  if (local.port == 0) {
    auto p = ports_.allocate([this](std::uint16_t port) { return port_in_use(port); });
    if (!p) return SocketResult<Endpoint>::fail(SocketError::AddressInUse);
    local.port = *p;
  } else {
    for (const auto& [other_id, o] : sockets_)
      if (o.local && o.local->port == local.port &&
          (o.local->address.is_any() || local.address.is_any() || o.local->address == local.address))
        return SocketResult<Endpoint>::fail(SocketError::AddressInUse);
  }
  s->local = local;
  return {local};
}

SocketResult<Endpoint> UdpLayer::connect(int id, Endpoint remote) {
  Socket* s = find(id);
  if (!s) return SocketResult<Endpoint>::fail(SocketError::Closed);
  if (!ip_.source_for(remote.address) && !remote.address.is_broadcast())
    return SocketResult<Endpoint>::fail(SocketError::NetworkUnreachable);
  if (!s->local) {
    auto b = bind(id, {});
    if (!b.ok()) return b;
  }
  s->remote = remote;
  return {*s->local};
}

SocketResult<std::size_t> UdpLayer::send_to(int id, ByteView data, std::optional<Endpoint> to) {
  Socket* s = find(id);
  if (!s) return SocketResult<std::size_t>::fail(SocketError::Closed);
  if (!to) to = s->remote;
  if (!to) return SocketResult<std::size_t>::fail(SocketError::NotConnected);
  if (data.size() > 65507) return SocketResult<std::size_t>::fail(SocketError::MessageTooLong);
  if (!s->local) {
    auto b = bind(id, {});
    if (!b.ok()) return SocketResult<std::size_t>::fail(b.error);
  }
  IpSendOptions opts;
  wire::Ipv4Address src;
  if (!s->local->address.is_any() && !s->local->address.is_broadcast()) src = s->local->address;
  else if (auto chosen = ip_.source_for(to->address)) src = *chosen;
  else if (!to->address.is_broadcast()) return SocketResult<std::size_t>::fail(SocketError::NetworkUnreachable);
  if (!src.is_any()) opts.src = src;
  wire::UdpDatagram u{s->local->port, to->port, 0, data};
  auto r = ip_.send(to->address, kUdp, u.to_bytes(src, to->address), opts);
  if (!r.ok()) {
    switch (*r.error) {
      case SendError::MessageTooLong: return SocketResult<std::size_t>::fail(SocketError::MessageTooLong);
      case SendError::NoAddress: return SocketResult<std::size_t>::fail(SocketError::NoAddress);
      case SendError::NetworkUnreachable: return SocketResult<std::size_t>::fail(SocketError::NetworkUnreachable);
    }
  }
  return {data.size()};
}

SocketResult<Datagram> UdpLayer::receive(int id) {
  Socket* s = find(id);
  if (!s) return SocketResult<Datagram>::fail(SocketError::Closed);
  if (s->pending_error) {
    SocketError e = *s->pending_error;
    s->pending_error.reset();
    return SocketResult<Datagram>::fail(e);
  }
  if (s->queue.empty()) return SocketResult<Datagram>::fail(SocketError::WouldBlock);
  Datagram d = std::move(s->queue.front());
  s->queue.pop_front();
  s->queued_bytes -= d.data.size();
  return {std::move(d)};
}

void UdpLayer::close(int id) { sockets_.erase(id); }

void UdpLayer::set_watcher(int id, std::function<void()> watcher) {
  if (Socket* s = find(id)) s->watcher = std::move(watcher);
}

std::vector<UdpLayer::SocketInfo> UdpLayer::sockets() const {
  std::vector<SocketInfo> out;
  for (const auto& [id, s] : sockets_)
    if (s.local) out.push_back({*s.local, s.remote, s.queued_bytes});
  return out;
}

void UdpLayer::notify(int id) {
  Socket* s = find(id);
  if (!s || !s->watcher || s->notify_scheduled) return;
  s->notify_scheduled = true;
  ctx_.scheduler.schedule_in(0, [this, id] {
    Socket* s = find(id);
    if (!s) return;
    s->notify_scheduled = false;
    if (auto w = s->watcher) w();  // a copy: the watcher may close its own socket
  });
}

bool UdpLayer::deliver(const IpDelivery& d) {
  auto u = wire::UdpDatagram::parse(d.payload(), d.src, d.dst);
  if (!u) return true;  // bad checksum or length: dropped silently (RFC 1122 §4.1.3.4), no ICMP
  // Most specific match first: connected socket, then bound address, then wildcard.
  int best = 0, best_score = -1;
  for (const auto& [id, s] : sockets_) {
    if (!s.local || s.local->port != u->dst_port) continue;
    if (!s.local->address.is_any() && s.local->address != d.dst && !d.dst.is_broadcast()) continue;
    if (s.remote && (s.remote->address != d.src || s.remote->port != u->src_port)) continue;
    int score = (s.remote ? 2 : 0) + (s.local->address.is_any() ? 0 : 1);
    if (score > best_score) best = id, best_score = score;
  }
  if (best_score < 0) return false;  // the stack answers with ICMP port unreachable
  Socket& s = sockets_[best];
  if (s.queued_bytes + u->payload.size() > kReceiveQueueBytes) {
    ++dropped_full_;
    return true;
  }
  s.queue.push_back({{d.src, u->src_port}, {d.dst, u->dst_port}, Bytes(u->payload.begin(), u->payload.end())});
  s.queued_bytes += u->payload.size();
  notify(best);
  return true;
}

void UdpLayer::on_icmp(const IpDelivery& d) {
  auto icmp = wire::IcmpMessage::parse(d.payload());
  if (!icmp || icmp->type != 3 || icmp->code != 3 || icmp->data.size() < 28) return;
  const ByteView q = icmp->data;
  const std::size_t hl = (q[0] & 15) * 4u;
  if (q[9] != kUdp || q.size() < hl + 8) return;
  const Endpoint dst{{read_u32(q, 16)}, read_u16(q, hl + 2)};
  const std::uint16_t src_port = read_u16(q, hl);
  for (auto& [id, s] : sockets_) {
    if (s.local && s.local->port == src_port && s.remote && *s.remote == dst) {
      s.pending_error = SocketError::ConnectionRefused;
      notify(id);
    }
  }
}

}  // namespace wirelab::net
