// TCP for one host: demultiplexes segments to connections by (local, remote) endpoints, keeps
// listeners with their SYN and accept queues (backlog), answers segments for no connection
// with RST (RFC 9293 §3.10.7.1), picks ISNs and ephemeral ports from the host's seeded
// generator, and drives each TcpConnection's timers through the scheduler. Apps see sockets by
// id; readiness is reported to a watcher in a new event (never inside a segment's processing).
#pragma once
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "engine/net/endpoint.h"
#include "engine/net/ip_stack.h"
#include "engine/net/port_allocator.h"
#include "engine/net/tcp/tcp_connection.h"
#include "engine/net/udp/udp_layer.h"  // SocketResult

namespace wirelab::net::tcp {

class TcpLayer {
 public:
  static constexpr std::size_t kMaxConnections = 4096;

  TcpLayer(sim::SimContext& ctx, IpStack& ip, TcpConfig defaults = {});
  ~TcpLayer();
  TcpConfig& defaults() { return defaults_; }

  // A listening socket on local (address may be 0.0.0.0). backlog bounds SYN + accept queues.
  SocketResult<int> listen(Endpoint local, int backlog = 128);
  // A connection that completed its handshake on the listener, or WouldBlock.
  SocketResult<int> accept(int listener);
  // Starts an active open; the watcher hears when it connects or fails (see error()).
  SocketResult<int> connect(Endpoint remote, std::optional<Endpoint> local = std::nullopt);

  SocketResult<std::size_t> send(int id, ByteView data);
  // 0 bytes with ok() means end of stream (the peer closed); WouldBlock when nothing to read.
  SocketResult<std::size_t> receive(int id, MutableByteView out);
  void shutdown_write(int id);
  void close(int id);  // graceful (FIN); also closes a listener and resets its unaccepted children
  void abort(int id);  // RST

  bool is_connected(int id) const;  // handshake done and not yet closed or failed
  std::optional<SocketError> error(int id) const;  // refused / reset / timed out
  std::size_t readable_bytes(int id) const;
  void set_watcher(int id, std::function<void()> watcher);

  struct SocketInfo {
    Endpoint local;
    std::optional<Endpoint> remote;  // empty for listeners
    State state;
    std::size_t recv_queue = 0, send_queue = 0;
  };
  std::vector<SocketInfo> sockets() const;
  const TcpConnection* connection(int id) const;
  std::uint64_t resets_sent() const { return resets_sent_; }

 private:
  struct Conn {
    std::unique_ptr<TcpConnection> tcp;
    sim::TimerId timer;
    SimTime timer_at = kNever;
    std::function<void()> watcher;
    bool notify_scheduled = false;
    std::optional<SocketError> error;
    int listener = 0;        // the listener it came from, until accepted
    bool app_closed = false; // the app let go: erase when the connection reaches Closed
    bool established = false;
  };
  struct Listener {
    Endpoint local;
    std::size_t backlog = 128;
    std::deque<int> ready;  // established, waiting for accept()
    std::size_t embryonic = 0;
    std::function<void()> watcher;
    bool notify_scheduled = false;
  };

  TcpConfig connection_config();
  bool on_ip(const IpDelivery& d);
  void send_reset_for(const wire::TcpSegment& seg, wire::Ipv4Address local, wire::Ipv4Address remote);
  void pump(int id);
  void arm_timer(int id);
  void notify(std::function<void()>& watcher, bool& scheduled, int id, bool listener);
  void erase(int id);
  bool port_in_use(std::uint16_t port) const;
  Conn* find(int id);
  const Conn* find(int id) const;

  sim::SimContext& ctx_;
  IpStack& ip_;
  TcpConfig defaults_;
  PortAllocator ports_;
  std::map<int, Conn> conns_;
  std::map<int, Listener> listeners_;
  std::map<std::pair<Endpoint, Endpoint>, int> demux_;  // (local, remote) -> id
  int next_id_ = 1;
  std::uint64_t resets_sent_ = 0;
};

}  // namespace wirelab::net::tcp
