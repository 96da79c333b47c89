// Socket programming example: the TCP uppercase client (the course's Python TCPClient).
//
//   clientSocket = socket(AF_INET, SOCK_STREAM)
//   clientSocket.connect((serverName, serverPort))
//   sentence = input('Input lowercase sentence:')
//   clientSocket.send(sentence.encode())
//   modifiedSentence = clientSocket.recv(1024)
//   print('From Server:', modifiedSentence.decode())
//   clientSocket.close()
//
// connect() starts the three-way handshake; we are called back when it is done (or refused).
// TCP is a byte stream: the reply may come in pieces, so we collect it until the newline.
// Run it as:  tcp-upper-client HOST PORT MESSAGE     (or without MESSAGE: type lines, ^D ends)
#include <memory>

#include "engine/apps/socket_api.h"
#include "engine/shell/commands/builtin_commands.h"
#include "engine/shell/options.h"
#include "engine/shell/resolve.h"

namespace wirelab::shell::commands {
namespace {

class TcpUpperClient : public Command {
 public:
  using Command::Command;

  void start() override {
    if (args().size() < 3 || args().size() > 4) return usage_error("usage: tcp-upper-client HOST PORT [MESSAGE]");
    auto address = resolve_host(host(), args()[1]);
    auto port = parse_int(args()[2], 1, 65535);
    if (!address || !port) return usage_error("tcp-upper-client: bad address or port");

    socket_ = std::make_unique<apps::TcpSocket>(host());
    auto error = socket_->connect({*address, static_cast<std::uint16_t>(*port)},
                                  [this] { connected(); },
                                  [this](net::SocketError e) { failed("connect", e); });
    if (error) failed("connect", *error);
  }

  void input(const std::string& line) override {
    if (!socket_ || !socket_->is_connected()) return;
    if (line == "^D") {
      socket_->shutdown();  // we are done sending; the server closes after its last answer
      return;
    }
    socket_->send(line + "\n");
  }

  void interrupt() override {
    socket_.reset();
    Command::interrupt();
  }

 private:
  void connected() {
    socket_->on_readable([this] { readable(); });
    socket_->on_error([this](net::SocketError e) { failed("recv", e); });
    if (args().size() == 4) {
      socket_->send(args()[3] + "\n");  // the line, with its newline so the server sees a whole line
    } else {
      print("Input lowercase sentence: ");
    }
  }

  void readable() {
    reply_ += socket_->receive_text();
    for (auto nl = reply_.find('\n'); nl != std::string::npos; nl = reply_.find('\n')) {
      print("From Server: " + reply_.substr(0, nl + 1));
      reply_.erase(0, nl + 1);
      if (args().size() == 4) {
        socket_.reset();  // clientSocket.close()
        return finish(0);
      }
      print("Input lowercase sentence: ");
    }
    if (socket_->at_eof()) {
      if (!reply_.empty()) print("From Server: " + reply_ + "\n");
      socket_.reset();
      finish(0);
    }
  }

  void failed(const char* what, net::SocketError e) {
    print(std::string("tcp-upper-client: ") + what + ": " + net::to_string(e) + "\n");
    socket_.reset();
    finish(1);
  }

  std::string reply_;
  std::unique_ptr<apps::TcpSocket> socket_;
};

}  // namespace

CommandInfo tcp_upper_client_command() {
  return {"tcp-upper-client", "socket example: TCP client for tcp-upper-server", factory<TcpUpperClient>()};
}

}  // namespace wirelab::shell::commands
