#include "engine/net/tcp/tcp_layer.h"

namespace wirelab::net::tcp {

namespace {
constexpr std::uint8_t kTcp = static_cast<std::uint8_t>(wire::IpProtocol::Tcp);
}

TcpLayer::TcpLayer(sim::SimContext& ctx, IpStack& ip, TcpConfig defaults)
    : ctx_(ctx), ip_(ip), defaults_(defaults), ports_(ip.rng()) {
  ip_.set_protocol_handler(kTcp, [this](const IpDelivery& d) { return on_ip(d); });
}

TcpLayer::~TcpLayer() {
  ip_.set_protocol_handler(kTcp, nullptr);
  for (auto& [id, c] : conns_) ctx_.scheduler.cancel(c.timer);
}

TcpLayer::Conn* TcpLayer::find(int id) {
  auto it = conns_.find(id);
  return it == conns_.end() ? nullptr : &it->second;
}
const TcpLayer::Conn* TcpLayer::find(int id) const {
  auto it = conns_.find(id);
  return it == conns_.end() ? nullptr : &it->second;
}

bool TcpLayer::port_in_use(std::uint16_t port) const {
  for (const auto& [id, l] : listeners_)
    if (l.local.port == port) return true;
  for (const auto& [key, id] : demux_)
    if (key.first.port == port) return true;
  return false;
}

TcpConfig TcpLayer::connection_config() {
  TcpConfig c = defaults_;
  c.timestamp_offset = ip_.rng().next_u32();  // RFC 7323 §5.4: a random offset per connection
  return c;
}

// --- sockets --------------------------------------------------------------------------------------

SocketResult<int> TcpLayer::listen(Endpoint local, int backlog) {
  if (!local.address.is_any() && !ip_.is_local_address(local.address))
    return SocketResult<int>::fail(SocketError::NoAddress);
  if (local.port == 0) {
    auto p = ports_.allocate([this](std::uint16_t port) { return port_in_use(port); });
    if (!p) return SocketResult<int>::fail(SocketError::AddressInUse);
    local.port = *p;
  }
  for (const auto& [id, l] : listeners_)
    if (l.local.port == local.port &&
        (l.local.address.is_any() || local.address.is_any() || l.local.address == local.address))
      return SocketResult<int>::fail(SocketError::AddressInUse);
  Listener l;
  l.local = local;
  l.backlog = static_cast<std::size_t>(std::max(1, std::min(backlog, 4096)));
  listeners_[next_id_] = std::move(l);
  return {next_id_++};
}

SocketResult<int> TcpLayer::accept(int listener) {
  auto it = listeners_.find(listener);
  if (it == listeners_.end()) return SocketResult<int>::fail(SocketError::InvalidArgument);
  if (it->second.ready.empty()) return SocketResult<int>::fail(SocketError::WouldBlock);
  int id = it->second.ready.front();
  it->second.ready.pop_front();
  if (Conn* c = find(id)) c->listener = 0;
  return {id};
}

SocketResult<int> TcpLayer::connect(Endpoint remote, std::optional<Endpoint> local) {
  if (conns_.size() >= kMaxConnections) return SocketResult<int>::fail(SocketError::TooManySockets);
  auto src = ip_.source_for(remote.address);
  if (!src) return SocketResult<int>::fail(SocketError::NetworkUnreachable);
  Endpoint me{local && !local->address.is_any() ? local->address : *src, local ? local->port : std::uint16_t{0}};
  if (me.port == 0) {
    auto p = ports_.allocate([this](std::uint16_t port) { return port_in_use(port); });
    if (!p) return SocketResult<int>::fail(SocketError::AddressInUse);
    me.port = *p;
  } else if (demux_.count({me, remote})) {
    return SocketResult<int>::fail(SocketError::AddressInUse);
  }
  const int id = next_id_++;
  Conn& c = conns_[id];
  c.tcp = std::make_unique<TcpConnection>(me, remote, ip_.rng().next_u32(), connection_config());
  demux_[{me, remote}] = id;
  c.tcp->connect(ctx_.now());
  pump(id);
  return {id};
}

SocketResult<std::size_t> TcpLayer::send(int id, ByteView data) {
  Conn* c = find(id);
  if (!c || c->app_closed) return SocketResult<std::size_t>::fail(SocketError::Closed);
  if (c->error) return SocketResult<std::size_t>::fail(*c->error);
  const State s = c->tcp->state();
  if (s != State::Established && s != State::CloseWait) {
    if (s == State::SynSent || s == State::SynReceived) return SocketResult<std::size_t>::fail(SocketError::WouldBlock);
    return SocketResult<std::size_t>::fail(SocketError::NotConnected);
  }
  std::size_t n = c->tcp->send(data, ctx_.now());
  pump(id);
  if (n == 0 && !data.empty()) return SocketResult<std::size_t>::fail(SocketError::WouldBlock);
  return {n};
}

SocketResult<std::size_t> TcpLayer::receive(int id, MutableByteView out) {
  Conn* c = find(id);
  if (!c || c->app_closed) return SocketResult<std::size_t>::fail(SocketError::Closed);
  std::size_t n = c->tcp->receive(out, ctx_.now());
  pump(id);
  if (n > 0) return {n};
  if (c->tcp->at_eof()) return {std::size_t{0}};
  if (c->error) return SocketResult<std::size_t>::fail(*c->error);
  if (c->tcp->state() == State::Closed) return SocketResult<std::size_t>::fail(SocketError::NotConnected);
  return SocketResult<std::size_t>::fail(SocketError::WouldBlock);
}

void TcpLayer::shutdown_write(int id) {
  if (Conn* c = find(id)) {
    c->tcp->shutdown_write(ctx_.now());
    pump(id);
  }
}

void TcpLayer::close(int id) {
  if (auto it = listeners_.find(id); it != listeners_.end()) {
    // Connections nobody accepted are reset, as Linux does when a listener closes.
    std::vector<int> orphans;
    for (auto& [cid, c] : conns_)
      if (c.listener == id) orphans.push_back(cid);
    listeners_.erase(it);
    for (int cid : orphans) abort(cid);
    return;
  }
  Conn* c = find(id);
  if (!c || c->app_closed) return;
  if (c->tcp->state() == State::Closed) return erase(id);  // refused, reset or timed out
  c->app_closed = true;
  c->watcher = nullptr;
  c->tcp->close(ctx_.now());
  pump(id);
}

void TcpLayer::abort(int id) {
  Conn* c = find(id);
  if (!c) return;
  if (c->tcp->state() == State::Closed) return erase(id);
  c->app_closed = true;
  c->watcher = nullptr;
  c->tcp->abort(ctx_.now());
  pump(id);
}

bool TcpLayer::is_connected(int id) const {
  const Conn* c = find(id);
  return c && c->established && !c->error && c->tcp->state() != State::Closed;
}

std::optional<SocketError> TcpLayer::error(int id) const {
  const Conn* c = find(id);
  return c ? c->error : std::optional<SocketError>(SocketError::Closed);
}

std::size_t TcpLayer::readable_bytes(int id) const {
  const Conn* c = find(id);
  return c ? c->tcp->readable_bytes() : 0;
}

void TcpLayer::set_watcher(int id, std::function<void()> watcher) {
  if (auto it = listeners_.find(id); it != listeners_.end()) it->second.watcher = std::move(watcher);
  else if (Conn* c = find(id)) c->watcher = std::move(watcher);
}

const TcpConnection* TcpLayer::connection(int id) const {
  const Conn* c = find(id);
  return c ? c->tcp.get() : nullptr;
}

std::vector<TcpLayer::SocketInfo> TcpLayer::sockets() const {
  std::vector<SocketInfo> out;
  for (const auto& [id, l] : listeners_) out.push_back({l.local, std::nullopt, State::Listen, l.ready.size(), 0});
  for (const auto& [id, c] : conns_) {
    const auto& t = *c.tcp;
    out.push_back({t.local(), t.remote(), t.state(), t.recv_queue_bytes(), t.send_queue_bytes()});
  }
  return out;
}

// --- segments ------------------------------------------------------------------------------------

bool TcpLayer::on_ip(const IpDelivery& d) {
  auto seg = wire::TcpSegment::parse(d.payload(), d.src, d.dst);
  if (!seg) return true;  // bad checksum or malformed: dropped and counted by nobody else
  if (!ip_.is_local_address(d.dst)) return true;  // TCP never accepts broadcasts (RFC 1122 §4.2.3.10)
  const Endpoint local{d.dst, seg->dst_port}, remote{d.src, seg->src_port};
  if (auto it = demux_.find({local, remote}); it != demux_.end()) {
    const int id = it->second;
    conns_.at(id).tcp->on_segment(seg.value(), ctx_.now());
    pump(id);
    return true;
  }
  // A listener: exact address first, then the wildcard.
  int lid = 0;
  for (const auto& [id, l] : listeners_) {
    if (l.local.port != local.port) continue;
    if (l.local.address == local.address) { lid = id; break; }
    if (l.local.address.is_any() && !lid) lid = id;
  }
  const bool pure_syn = seg->syn() && !seg->ack_flag() && !seg->rst();
  if (lid && pure_syn) {
    Listener& l = listeners_.at(lid);
    if (l.ready.size() + l.embryonic >= l.backlog || conns_.size() >= kMaxConnections) return true;  // dropped, like Linux
    const int id = next_id_++;
    Conn& c = conns_[id];
    c.listener = lid;
    c.tcp = std::make_unique<TcpConnection>(local, remote, ip_.rng().next_u32(), connection_config());
    demux_[{local, remote}] = id;
    ++l.embryonic;
    c.tcp->accept_syn(seg.value(), ctx_.now());
    pump(id);
    return true;
  }
  if (lid && !seg->rst() && !seg->ack_flag()) return true;  // neither SYN nor ACK: drop (RFC 9293 §3.10.7.2)
  send_reset_for(seg.value(), d.dst, d.src);
  return true;
}

void TcpLayer::send_reset_for(const wire::TcpSegment& seg, wire::Ipv4Address local, wire::Ipv4Address remote) {
  auto rst = reset_for(seg);
  if (!rst) return;  // never answer a reset
  IpSendOptions o;
  o.src = local;
  if (ip_.send(remote, kTcp, rst->encode(local, remote), o).ok()) ++resets_sent_;
}

void TcpLayer::pump(int id) {
  Conn* c = find(id);
  if (!c) return;
  TcpConnection& t = *c->tcp;
  const wire::Ipv4Address src = t.local().address, dst = t.remote().address;
  for (const auto& s : t.take_segments()) {
    IpSendOptions o;
    o.src = src;
    o.dont_fragment = true;  // TCP does PMTU discovery (RFC 1191): DF on every segment, as Linux
    ip_.send(dst, kTcp, s.encode(src, dst), o);
  }
  bool wake = false, closed = false;
  for (Event e : t.take_events()) {
    switch (e) {
      case Event::Connected:
        c->established = true;
        if (c->listener) {
          auto it = listeners_.find(c->listener);
          if (it != listeners_.end()) {
            --it->second.embryonic;
            it->second.ready.push_back(id);
            notify(it->second.watcher, it->second.notify_scheduled, c->listener, true);
          }
        }
        wake = true;
        break;
      case Event::Reset:
        c->error = c->established ? SocketError::ConnectionReset : SocketError::ConnectionRefused;
        wake = true;
        break;
      case Event::TimedOut:
        c->error = SocketError::TimedOut;
        wake = true;
        break;
      case Event::Closed: closed = true; wake = true; break;
      default: wake = true; break;
    }
  }
  if (closed && t.state() == State::Closed) {
    if (c->listener) {  // died before accept(): forget it
      auto it = listeners_.find(c->listener);
      if (it != listeners_.end()) {
        if (c->established) std::erase(it->second.ready, id);
        else if (it->second.embryonic) --it->second.embryonic;
      }
      c->app_closed = true;
    }
    demux_.erase({{src, t.local().port}, {dst, t.remote().port}});
    if (c->app_closed) return erase(id);
  }
  if (wake && c->watcher) notify(c->watcher, c->notify_scheduled, id, false);
  arm_timer(id);
}

void TcpLayer::arm_timer(int id) {
  Conn& c = conns_.at(id);
  const SimTime at = c.tcp->poll_at().value_or(kNever);
  if (at == c.timer_at && ctx_.scheduler.pending(c.timer)) return;
  ctx_.scheduler.cancel(c.timer);
  c.timer_at = at;
  if (at == kNever) return;
  c.timer = ctx_.scheduler.schedule_at(at, [this, id] {
    Conn* c = find(id);
    if (!c) return;
    c->timer = {};
    c->timer_at = kNever;
    c->tcp->on_timer(ctx_.now());
    pump(id);
  });
}

void TcpLayer::notify(std::function<void()>& watcher, bool& scheduled, int id, bool listener) {
  if (!watcher || scheduled) return;
  scheduled = true;
  ctx_.scheduler.schedule_in(0, [this, id, listener] {
    if (listener) {
      auto it = listeners_.find(id);
      if (it == listeners_.end()) return;
      it->second.notify_scheduled = false;
      if (auto w = it->second.watcher) w();  // a copy: the watcher may close its own socket
    } else {
      Conn* c = find(id);
      if (!c) return;
      c->notify_scheduled = false;
      if (auto w = c->watcher) w();
    }
  });
}

void TcpLayer::erase(int id) {
  auto it = conns_.find(id);
  if (it == conns_.end()) return;
  ctx_.scheduler.cancel(it->second.timer);
  conns_.erase(it);
}

}  // namespace wirelab::net::tcp
