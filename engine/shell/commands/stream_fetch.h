// The exchange of the one-shot TCP services (Daytime RFC 867, Time RFC 868, Finger RFC 1288):
// connect, send a request (maybe empty), read until the server closes. Shared by the client
// commands daytime, rdate and finger. The reply is bounded (a chargen would never end).
#pragma once
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "engine/apps/socket_api.h"

namespace wirelab::shell::commands {

class StreamFetch {
 public:
  static constexpr std::size_t kMaxReply = 1 << 20;
  // error: the connect failure, or a reset after (part of) the reply; nullopt on a clean close.
  using Done = std::function<void(std::optional<net::SocketError> error, const std::string& reply)>;

  explicit StreamFetch(devices::Host& host) : sock_(std::make_unique<apps::TcpSocket>(host)) {}

  void start(net::Endpoint to, std::string request, Done done) {
    done_ = std::move(done);
    auto e = sock_->connect(
        to,
        [this, request] {
          if (!request.empty()) sock_->send(request);
          sock_->on_readable([this] {
            reply_ += sock_->receive_text();
            if (sock_->at_eof() || reply_.size() >= kMaxReply) end(std::nullopt);
          });
          sock_->on_error([this](net::SocketError err) { end(err); });
        },
        [this](net::SocketError err) { end(err); });
    if (e) end(*e);
  }

 private:
  void end(std::optional<net::SocketError> e) {
    sock_.reset();  // safe inside the socket's own callback
    auto done = std::move(done_);
    done_ = nullptr;
    const std::string reply = std::move(reply_);  // `done` may destroy us
    if (done) done(e, reply);
  }

  std::unique_ptr<apps::TcpSocket> sock_;
  std::string reply_;
  Done done_;
};

}  // namespace wirelab::shell::commands
