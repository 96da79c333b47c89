#include "engine/apps/socket_api.h"

#include <algorithm>
#include <utility>

#include "engine/devices/host.h"

namespace wirelab::apps {

// --- UdpSocket -----------------------------------------------------------------------------------

UdpSocket::UdpSocket(devices::Host& host) : host_(host) {
  auto r = host_.udp().open();
  if (!r.ok()) return;
  id_ = *r.value;
  host_.udp().set_watcher(id_, [this] {
    auto cb = on_readable_;  // a copy: the callback may replace itself or destroy us
    if (cb) cb();
  });
}

UdpSocket::~UdpSocket() { close(); }

SocketResult<Endpoint> UdpSocket::bind(Endpoint local) {
  if (!id_) return SocketResult<Endpoint>::fail(SocketError::Closed);
  return host_.udp().bind(id_, local);
}

SocketResult<Endpoint> UdpSocket::connect(Endpoint remote) {
  if (!id_) return SocketResult<Endpoint>::fail(SocketError::Closed);
  return host_.udp().connect(id_, remote);
}

SocketResult<std::size_t> UdpSocket::send_to(ByteView data, Endpoint to) {
  if (!id_) return SocketResult<std::size_t>::fail(SocketError::Closed);
  return host_.udp().send_to(id_, data, to);
}

SocketResult<std::size_t> UdpSocket::send(ByteView data) {
  if (!id_) return SocketResult<std::size_t>::fail(SocketError::Closed);
  return host_.udp().send_to(id_, data);
}

SocketResult<net::Datagram> UdpSocket::receive_from() {
  if (!id_) return SocketResult<net::Datagram>::fail(SocketError::Closed);
  return host_.udp().receive(id_);
}

void UdpSocket::close() {
  on_readable_ = nullptr;
  if (id_) host_.udp().close(id_);  // also forgets the watcher
  id_ = 0;
}

// --- TcpSocket -----------------------------------------------------------------------------------

TcpSocket::TcpSocket(devices::Host& host) : host_(host) {}

TcpSocket::TcpSocket(devices::Host& host, int accepted_id) : host_(host), id_(accepted_id), phase_(Phase::Open) {
  attach();
}

TcpSocket::~TcpSocket() {
  *alive_ = false;
  on_connected_ = on_readable_ = on_drained_ = nullptr;
  drain();  // a last try: what TCP cannot take now is lost, like data queued in a killed process
  release();
}

void TcpSocket::attach() {
  host_.tcp().set_watcher(id_, [this] { on_wake(); });
}

std::optional<SocketError> TcpSocket::connect(Endpoint remote, std::function<void()> on_connected,
                                              std::function<void(SocketError)> on_error) {
  if (phase_ != Phase::Idle) return SocketError::InvalidArgument;  // EISCONN, roughly
  auto r = host_.tcp().connect(remote);
  if (!r.ok()) return r.error;
  id_ = *r.value;
  phase_ = Phase::Connecting;
  on_connected_ = std::move(on_connected);
  on_connect_error_ = std::move(on_error);
  attach();
  return std::nullopt;
}

void TcpSocket::on_wake() {
  auto alive = alive_;
  auto& tcp = host_.tcp();
  if (phase_ == Phase::Connecting) {
    if (tcp.is_connected(id_)) {
      phase_ = Phase::Open;
      auto cb = std::exchange(on_connected_, nullptr);
      on_connect_error_ = nullptr;
      if (cb) cb();
      if (!*alive) return;
    } else if (auto e = tcp.error(id_)) {
      phase_ = Phase::Done;
      auto cb = std::exchange(on_connect_error_, nullptr);
      on_connected_ = nullptr;
      release();
      if (cb) cb(*e);
      return;
    } else {
      return;  // still handshaking
    }
  }
  if (phase_ != Phase::Open) return;
  drain();
  if (!*alive || !id_) return;
  const auto* conn = tcp.connection(id_);
  const bool peer_eof = conn && conn->at_eof();
  if (tcp.readable_bytes(id_) > 0 || (peer_eof && !eof_reported_)) {
    eof_reported_ = eof_reported_ || peer_eof;
    auto cb = on_readable_;
    if (cb) cb();
    if (!*alive || !id_) return;
  }
  if (auto e = tcp.error(id_); e && phase_ == Phase::Open) {
    phase_ = Phase::Done;
    auto cb = on_error_;
    if (cb) cb(*e);
  }
}

void TcpSocket::drain() {
  if (!id_ || phase_ != Phase::Open) return;
  const bool had = !out_.empty();
  while (!out_.empty()) {
    auto r = host_.tcp().send(id_, out_);
    if (!r.ok() || *r.value == 0) break;
    out_.erase(out_.begin(), out_.begin() + static_cast<std::ptrdiff_t>(*r.value));
  }
  if (!out_.empty()) return;
  if (close_pending_) return release();
  if (shutdown_pending_) {
    shutdown_pending_ = false;
    host_.tcp().shutdown_write(id_);
  }
  if (had && on_drained_) {
    auto cb = on_drained_;
    cb();
  }
}

SocketResult<std::size_t> TcpSocket::send(ByteView data) {
  using R = SocketResult<std::size_t>;
  if (!id_ || phase_ == Phase::Idle || phase_ == Phase::Done || close_pending_) return R::fail(SocketError::NotConnected);
  if (auto e = host_.tcp().error(id_)) return R::fail(*e);
  const std::size_t room = kMaxQueued - std::min(kMaxQueued, out_.size());
  if (room == 0) return R::fail(SocketError::WouldBlock);
  const std::size_t n = std::min(room, data.size());
  out_.insert(out_.end(), data.begin(), data.begin() + static_cast<std::ptrdiff_t>(n));
  drain();  // while connecting, the queue waits for the handshake
  return {n};
}

SocketResult<std::size_t> TcpSocket::receive(MutableByteView out) {
  if (!id_) return SocketResult<std::size_t>::fail(SocketError::NotConnected);
  auto r = host_.tcp().receive(id_, out);
  if (r.ok() && *r.value == 0 && !out.empty()) eof_ = true;
  return r;
}

std::string TcpSocket::receive_text() {
  std::string text;
  std::uint8_t buf[4096];
  for (;;) {
    auto r = receive(buf);
    if (!r.ok() || *r.value == 0) break;
    text.append(buf, buf + *r.value);
  }
  return text;
}

void TcpSocket::shutdown() {
  if (!id_) return;
  shutdown_pending_ = true;
  drain();
}

void TcpSocket::close() {
  on_connected_ = on_readable_ = on_drained_ = nullptr;
  on_error_ = on_connect_error_ = nullptr;
  if (!id_) return;
  if (phase_ == Phase::Open && !out_.empty()) {
    close_pending_ = true;  // the FIN follows the queued data
    return;
  }
  release();
}

void TcpSocket::abort() {
  out_.clear();
  if (id_) host_.tcp().abort(id_);
  id_ = 0;
  phase_ = Phase::Done;
}

void TcpSocket::release() {
  if (id_) host_.tcp().close(id_);  // also forgets the watcher
  id_ = 0;
  out_.clear();
  phase_ = Phase::Done;
}

bool TcpSocket::is_connected() const { return id_ && host_.tcp().is_connected(id_); }

std::optional<SocketError> TcpSocket::error() const {
  return id_ ? host_.tcp().error(id_) : std::optional<SocketError>(SocketError::NotConnected);
}

Endpoint TcpSocket::local() const {
  const auto* c = id_ ? host_.tcp().connection(id_) : nullptr;
  return c ? c->local() : Endpoint{};
}

Endpoint TcpSocket::remote() const {
  const auto* c = id_ ? host_.tcp().connection(id_) : nullptr;
  return c ? c->remote() : Endpoint{};
}

// --- TcpListener ---------------------------------------------------------------------------------

TcpListener::TcpListener(devices::Host& host) : host_(host) {}

TcpListener::~TcpListener() {
  *alive_ = false;
  close();
}

SocketResult<Endpoint> TcpListener::listen(Endpoint local, int backlog) {
  if (id_) return SocketResult<Endpoint>::fail(SocketError::InvalidArgument);
  auto r = host_.tcp().listen(local, backlog);
  if (!r.ok()) return SocketResult<Endpoint>::fail(r.error);
  id_ = *r.value;
  host_.tcp().set_watcher(id_, [this] { accept_all(); });
  return {local};
}

void TcpListener::on_accept(std::function<void(std::unique_ptr<TcpSocket>)> cb) { on_accept_ = std::move(cb); }

void TcpListener::accept_all() {
  auto alive = alive_;
  while (id_ && on_accept_) {
    auto r = host_.tcp().accept(id_);
    if (!r.ok()) return;
    auto sock = std::make_unique<TcpSocket>(host_, *r.value);
    TcpSocket* raw = sock.get();
    auto sock_alive = raw->alive_;
    auto cb = on_accept_;
    cb(std::move(sock));
    // Data (or a FIN) that came with the handshake arrived before anyone watched: look now.
    if (*sock_alive) raw->on_wake();
    if (!*alive) return;
  }
}

void TcpListener::close() {
  on_accept_ = nullptr;
  if (id_) host_.tcp().close(id_);
  id_ = 0;
}

}  // namespace wirelab::apps
