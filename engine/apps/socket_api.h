// A small BSD-like socket API for apps and student examples, over a host's UDP and TCP layers.
// Everything is event-driven in virtual time: nothing blocks; you register callbacks and the
// stack calls them (always in a new event, never in the middle of a packet's processing).
//
//   UdpSocket    bind / connect / send_to / receive_from, on_readable
//   TcpListener  listen, on_accept hands you each new connection as a TcpSocket
//   TcpSocket    connect (on_connected / on_error), send (with a bounded app-side queue that
//                drains when the stack can take more), receive, shutdown, close
//
// Errors are net::SocketError; print them with net::to_string (the strerror() text).
// Objects own their socket: destroying one closes it and clears its callbacks (RAII).
// A callback may destroy the object that called it.
#pragma once
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "engine/base/bytes.h"
#include "engine/net/endpoint.h"
#include "engine/net/udp/udp_layer.h"

namespace wirelab::devices { class Host; }

namespace wirelab::apps {

using net::Endpoint;
using net::SocketError;
template <typename T>
using SocketResult = net::SocketResult<T>;

inline ByteView as_bytes(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}
inline std::string to_text(ByteView b) { return {b.begin(), b.end()}; }

// A UDP socket (SOCK_DGRAM).
class UdpSocket {
 public:
  explicit UdpSocket(devices::Host& host);
  ~UdpSocket();
  UdpSocket(const UdpSocket&) = delete;
  UdpSocket& operator=(const UdpSocket&) = delete;

  bool is_open() const { return id_ > 0; }
  SocketResult<Endpoint> bind(Endpoint local);  // port 0: any free port
  SocketResult<Endpoint> connect(Endpoint remote);  // then send() and ICMP errors are reported
  SocketResult<std::size_t> send_to(ByteView data, Endpoint to);
  SocketResult<std::size_t> send(ByteView data);  // to the connected peer
  // The next datagram (data + sender), WouldBlock when none is queued.
  SocketResult<net::Datagram> receive_from();
  // Called when a datagram (or an ICMP error) is waiting; read with receive_from().
  void on_readable(std::function<void()> cb) { on_readable_ = std::move(cb); }
  void close();

 private:
  devices::Host& host_;
  int id_ = 0;
  std::function<void()> on_readable_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

// A TCP connection (SOCK_STREAM): made by connect(), or handed out by a TcpListener.
class TcpSocket {
 public:
  static constexpr std::size_t kMaxQueued = 1 << 20;  // app-side output queue bound

  explicit TcpSocket(devices::Host& host);
  TcpSocket(devices::Host& host, int accepted_id);  // used by TcpListener
  ~TcpSocket();
  TcpSocket(const TcpSocket&) = delete;
  TcpSocket& operator=(const TcpSocket&) = delete;

  // Starts the three-way handshake. Later, exactly one of on_connected / on_error is called
  // (refused, timed out, unreachable). An immediate failure is returned and nothing is called.
  std::optional<SocketError> connect(Endpoint remote, std::function<void()> on_connected,
                                     std::function<void(SocketError)> on_error);
  // Data (or the peer's FIN) is waiting: call receive() until it says WouldBlock.
  void on_readable(std::function<void()> cb) { on_readable_ = std::move(cb); }
  // The connection failed after it was set up (reset by peer, timed out).
  void on_error(std::function<void(SocketError)> cb) { on_error_ = std::move(cb); }
  // Everything queued by send() has been handed to TCP.
  void on_drained(std::function<void()> cb) { on_drained_ = std::move(cb); }

  // Queues data: TCP takes what fits in its send buffer; the rest waits here (up to
  // kMaxQueued) and goes out as acknowledgments make room. Returns the bytes accepted.
  SocketResult<std::size_t> send(ByteView data);
  SocketResult<std::size_t> send(std::string_view text) { return send(as_bytes(text)); }
  // Reads what has arrived: 0 bytes means end of stream (the peer closed its side).
  SocketResult<std::size_t> receive(MutableByteView out);
  // Reads everything that has arrived as text (empty when nothing is waiting); afterwards
  // at_eof() tells whether the peer has closed, error() whether the connection failed.
  std::string receive_text();

  void shutdown();  // half-close: FIN once the queue has drained; we can still receive
  void close();     // graceful close (FIN after the queued data); callbacks are cleared
  void abort();     // RST

  bool is_connected() const;
  bool at_eof() const { return eof_; }
  std::optional<SocketError> error() const;
  std::size_t queued() const { return out_.size(); }
  Endpoint local() const;
  Endpoint remote() const;

 private:
  friend class TcpListener;
  void attach();
  void on_wake();
  void drain();
  void release();

  devices::Host& host_;
  int id_ = 0;
  enum class Phase { Idle, Connecting, Open, Done } phase_ = Phase::Idle;
  Bytes out_;  // app-side queue
  bool shutdown_pending_ = false, close_pending_ = false, eof_ = false, eof_reported_ = false;
  std::function<void()> on_connected_, on_readable_, on_drained_;
  std::function<void(SocketError)> on_error_, on_connect_error_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

// A listening TCP socket: bind + listen + accept.
class TcpListener {
 public:
  explicit TcpListener(devices::Host& host);
  ~TcpListener();
  TcpListener(const TcpListener&) = delete;
  TcpListener& operator=(const TcpListener&) = delete;

  SocketResult<Endpoint> listen(Endpoint local, int backlog = 128);
  // Each completed handshake becomes a TcpSocket handed to `cb` (who then owns it).
  void on_accept(std::function<void(std::unique_ptr<TcpSocket>)> cb);
  bool is_listening() const { return id_ > 0; }
  void close();  // stops listening; connections not yet accepted are reset

 private:
  void accept_all();
  devices::Host& host_;
  int id_ = 0;
  std::function<void(std::unique_ptr<TcpSocket>)> on_accept_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace wirelab::apps
