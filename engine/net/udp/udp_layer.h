// UDP (RFC 768) for one host: sockets with bind/connect/sendto/recvfrom, demultiplexing by
// local address and port, ICMP port unreachable when nothing listens (RFC 1122 §4.1.3.1), and
// "connection refused" reported on a connected socket after a port unreachable (as Linux does).
// Receive queues are bounded; a full queue drops the datagram and counts it.
#pragma once
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <vector>

#include "engine/base/bytes.h"
#include "engine/net/endpoint.h"
#include "engine/net/ip_stack.h"
#include "engine/net/port_allocator.h"

namespace wirelab::net {

struct Datagram {
  Endpoint from;
  Endpoint to;  // the local address it was sent to (may be a broadcast)
  Bytes data;
};

template <typename T>
struct SocketResult {
  std::optional<T> value;
  SocketError error = SocketError::InvalidArgument;
  bool ok() const { return value.has_value(); }
  static SocketResult fail(SocketError e) { return {std::nullopt, e}; }
};

class UdpLayer {
 public:
  static constexpr std::size_t kReceiveQueueBytes = 212992;  // Linux rmem_default
  static constexpr std::size_t kMaxSockets = 1024;

  UdpLayer(sim::SimContext& ctx, IpStack& ip);
  ~UdpLayer();

  SocketResult<int> open();
  SocketResult<Endpoint> bind(int id, Endpoint local);  // port 0: an ephemeral port
  SocketResult<Endpoint> connect(int id, Endpoint remote);
  // Sends one datagram (to the connected peer when `to` is empty). Auto-binds an ephemeral port.
  SocketResult<std::size_t> send_to(int id, ByteView data, std::optional<Endpoint> to = std::nullopt);
  // The next queued datagram; WouldBlock when empty; a pending ICMP error is reported first.
  SocketResult<Datagram> receive(int id);
  void close(int id);
  // Called (in a new event) when a datagram or an error arrives for the socket.
  void set_watcher(int id, std::function<void()> watcher);

  struct SocketInfo {
    Endpoint local;
    std::optional<Endpoint> remote;
    std::size_t recv_queue = 0;
  };
  std::vector<SocketInfo> sockets() const;
  std::uint64_t dropped_full() const { return dropped_full_; }

 private:
  struct Socket {
    std::optional<Endpoint> local;
    std::optional<Endpoint> remote;
    std::deque<Datagram> queue;
    std::size_t queued_bytes = 0;
    std::optional<SocketError> pending_error;
    std::function<void()> watcher;
    bool notify_scheduled = false;
  };
  bool deliver(const IpDelivery& d);
  void on_icmp(const IpDelivery& d);
  void notify(int id);
  bool port_in_use(std::uint16_t port) const;
  Socket* find(int id);

  sim::SimContext& ctx_;
  IpStack& ip_;
  PortAllocator ports_;
  std::map<int, Socket> sockets_;
  int next_id_ = 1;
  int icmp_listener_ = 0;
  std::uint64_t dropped_full_ = 0;
};

}  // namespace wirelab::net
