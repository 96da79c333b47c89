// Glue between a TCP listener and StreamSessions: accepts connections, feeds each session the
// bytes that arrive, sends what it produces (respecting flow control) and closes when it asks.
// Bounded: at most kMaxSessions connections; queued output per session is capped by the session
// itself producing only on demand.
#pragma once
#include <functional>
#include <map>
#include <memory>

#include "engine/apps/stream_session.h"
#include "engine/devices/host.h"

namespace wirelab::apps {

class TcpServer {
 public:
  static constexpr std::size_t kMaxSessions = 256;
  using Factory = std::function<std::unique_ptr<StreamSession>()>;

  TcpServer(sim::SimContext& ctx, devices::Host& host, std::uint16_t port, Factory factory);
  ~TcpServer();
  TcpServer(const TcpServer&) = delete;
  TcpServer& operator=(const TcpServer&) = delete;

  bool listening() const { return listener_ > 0; }
  std::size_t sessions() const { return sessions_.size(); }

 private:
  struct Session {
    std::unique_ptr<StreamSession> logic;
    Bytes pending;       // produced but not yet taken by the socket
    bool close_when_sent = false;
    bool eof_seen = false;
  };
  void on_accept();
  void service(int id);
  bool flush(int id, Session& s);  // false once the session has ended (and `s` is gone)
  void end(int id);

  sim::SimContext& ctx_;
  devices::Host& host_;
  Factory factory_;
  int listener_ = 0;
  std::map<int, Session> sessions_;
};

}  // namespace wirelab::apps
