// Helpers for the transport command tests: two shells on the fixture LAN (pc1 10.0.0.1, pc2
// 10.0.0.2), stepping virtual time by hand (servers and interactive commands never go idle),
// and small in-test servers built on the socket API.
#pragma once
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "engine/apps/socket_api.h"
#include "tests/shell/shell_fixture.h"

namespace wirelab::test {

struct TwoShells {
  Lan net;
  shell::Shell sh1{net.world.ctx(), net.pc1};
  shell::Shell sh2{net.world.ctx(), net.pc2};

  void advance(SimDuration d = milliseconds(200)) { net.world.scheduler().run_until(net.world.now() + d); }
  // Types a command line (or, with to_stdin, a line for the running command) and advances.
  const shell::CommandRecord& type(shell::Shell& sh, const std::string& line, bool to_stdin = false,
                                   SimDuration d = milliseconds(200)) {
    sh.input(line, to_stdin);
    advance(d);
    return sh.history().back();
  }
};

// A TCP server on `port` whose sessions are a function: (bytes received so far, peer closed)
// -> what to send, and whether to close now. It also keeps everything it received.
class ScriptedServer {
 public:
  using Script = std::function<std::string(const std::string& received, bool eof, bool& close)>;

  ScriptedServer(devices::Host& host, std::uint16_t port, Script script, std::string greeting = "")
      : listener_(host), script_(std::move(script)), greeting_(std::move(greeting)) {
    listener_.listen({wire::Ipv4Address{}, port});
    listener_.on_accept([this](std::unique_ptr<apps::TcpSocket> s) { accept(std::move(s)); });
  }
  std::string received;  // by the last session
  int sessions = 0;

 private:
  void accept(std::unique_ptr<apps::TcpSocket> s) {
    ++sessions;
    received.clear();
    conn_ = std::move(s);
    bool close = false;
    if (!greeting_.empty() || script_) {
      std::string out = greeting_.empty() ? script_("", false, close) : greeting_;
      if (!out.empty()) conn_->send(out);
    }
    if (close || !script_) return conn_.reset();  // a greeting-only server closes after it
    conn_->on_readable([this] {
      received += conn_->receive_text();
      bool c = false;
      const std::string out = script_ ? script_(received, conn_->at_eof(), c) : "";
      if (!out.empty()) conn_->send(out);
      if (c || conn_->at_eof()) conn_.reset();
    });
  }

  apps::TcpListener listener_;
  Script script_;
  std::string greeting_;
  std::unique_ptr<apps::TcpSocket> conn_;
};

// RFC 862 echo over UDP, on the socket API.
class UdpEcho {
 public:
  UdpEcho(devices::Host& host, std::uint16_t port) : sock_(host) {
    sock_.bind({wire::Ipv4Address{}, port});
    sock_.on_readable([this] {
      for (auto d = sock_.receive_from(); d.ok(); d = sock_.receive_from()) sock_.send_to(d.value->data, d.value->from);
    });
  }

 private:
  apps::UdpSocket sock_;
};

}  // namespace wirelab::test
