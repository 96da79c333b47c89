// Socket programming example: the TCP uppercase server (the course's Python TCPServer).
//
//   serverSocket = socket(AF_INET, SOCK_STREAM)
//   serverSocket.bind(('', serverPort))
//   serverSocket.listen(1)
//   while True:
//       connectionSocket, addr = serverSocket.accept()
//       sentence = connectionSocket.recv(1024).decode()
//       connectionSocket.send(sentence.upper().encode())
//       connectionSocket.close()
//
// The welcoming socket (a TcpListener) only accepts; every client gets its own connection
// socket. TCP is a byte stream, not messages: one send() may arrive in pieces, so we collect
// bytes until a newline and answer line by line, until the client closes its side.
// Run it as:  tcp-upper-server [port]      (default port 12000; Ctrl+C stops it)
#include <cctype>
#include <map>
#include <memory>

#include "engine/apps/socket_api.h"
#include "engine/shell/commands/builtin_commands.h"
#include "engine/shell/options.h"

namespace wirelab::shell::commands {
namespace {

class TcpUpperServer : public Command {
 public:
  using Command::Command;

  void start() override {
    if (args().size() > 2) return usage_error("usage: tcp-upper-server [port]");
    std::uint16_t port = 12000;
    if (args().size() == 2) {
      auto n = parse_int(args()[1], 1, 65535);
      if (!n) return usage_error("tcp-upper-server: bad port: " + args()[1]);
      port = static_cast<std::uint16_t>(*n);
    }
    // socket() + bind(('', port)) + listen(): the welcoming socket.
    listener_ = std::make_unique<apps::TcpListener>(host());
    auto listening = listener_->listen({wire::Ipv4Address{}, port});
    if (!listening.ok()) {
      print(std::string("tcp-upper-server: bind: ") + net::to_string(listening.error) + "\n");
      return finish(1);
    }
    // accept(): called once for every client that completed the three-way handshake.
    listener_->on_accept([this](std::unique_ptr<apps::TcpSocket> connection) { accepted(std::move(connection)); });
    print("The server is ready to receive on TCP port " + std::to_string(port) + "\n");
  }

  void interrupt() override {
    clients_.clear();  // closes every connection socket
    listener_.reset();
    Command::interrupt();
  }

 private:
  struct Client {
    std::unique_ptr<apps::TcpSocket> socket;
    std::string pending;  // bytes received but not yet a whole line
  };

  void accepted(std::unique_ptr<apps::TcpSocket> connection) {
    const int id = next_id_++;
    print("Connection from " + connection->remote().to_string() + "\n");
    connection->on_readable([this, id] { readable(id); });
    connection->on_error([this, id](net::SocketError) { clients_.erase(id); });
    clients_[id] = Client{std::move(connection), ""};
  }

  void readable(int id) {
    Client& c = clients_.at(id);
    c.pending += c.socket->receive_text();  // recv(): whatever has arrived so far
    for (auto nl = c.pending.find('\n'); nl != std::string::npos; nl = c.pending.find('\n')) {
      const std::string sentence = c.pending.substr(0, nl + 1);
      c.pending.erase(0, nl + 1);
      answer(c, sentence);
    }
    if (c.socket->at_eof()) {  // the client closed its side: answer a last partial line, close
      if (!c.pending.empty()) answer(c, c.pending);
      clients_.erase(id);      // connectionSocket.close(): the FIN follows what we sent
    }
  }

  void answer(Client& c, const std::string& sentence) {
    std::string capitalized = sentence;
    for (char& ch : capitalized) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    c.socket->send(capitalized);  // send(): queued, TCP delivers it reliably and in order
  }

  std::unique_ptr<apps::TcpListener> listener_;
  std::map<int, Client> clients_;
  int next_id_ = 1;
};

}  // namespace

CommandInfo tcp_upper_server_command() {
  return {"tcp-upper-server", "socket example: TCP server that upper-cases each line", factory<TcpUpperServer>()};
}

}  // namespace wirelab::shell::commands
