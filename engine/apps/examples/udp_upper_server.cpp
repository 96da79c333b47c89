// Socket programming example: the UDP uppercase server (the course's Python UDPServer).
//
//   serverSocket = socket(AF_INET, SOCK_DGRAM)
//   serverSocket.bind(('', serverPort))
//   while True:
//       message, clientAddress = serverSocket.recvfrom(2048)
//       serverSocket.sendto(message.upper(), clientAddress)
//
// Here nothing blocks: instead of looping on recvfrom(), we ask to be called back whenever a
// datagram is waiting ("on_readable"), answer it, and wait for the next one.
// Run it as:  udp-upper-server [port]      (default port 12000; Ctrl+C stops it)
#include <cctype>
#include <memory>

#include "engine/apps/socket_api.h"
#include "engine/shell/commands/builtin_commands.h"
#include "engine/shell/options.h"

namespace wirelab::shell::commands {
namespace {

class UdpUpperServer : public Command {
 public:
  using Command::Command;

  void start() override {
    if (args().size() > 2) return usage_error("usage: udp-upper-server [port]");
    std::uint16_t port = 12000;
    if (args().size() == 2) {
      auto n = parse_int(args()[1], 1, 65535);
      if (!n) return usage_error("udp-upper-server: bad port: " + args()[1]);
      port = static_cast<std::uint16_t>(*n);
    }
    // socket(AF_INET, SOCK_DGRAM) + bind(('', port)): any local address, our port.
    socket_ = std::make_unique<apps::UdpSocket>(host());
    auto bound = socket_->bind({wire::Ipv4Address{}, port});
    if (!bound.ok()) {
      print(std::string("udp-upper-server: bind: ") + net::to_string(bound.error) + "\n");
      return finish(1);
    }
    socket_->on_readable([this] { serve(); });
    print("The server is ready to receive on UDP port " + std::to_string(port) + "\n");
  }

  // Ctrl+C: the socket closes when the command ends (the unique_ptr releases it).
  void interrupt() override {
    socket_.reset();
    Command::interrupt();
  }

 private:
  void serve() {
    // recvfrom() until nothing is left: each datagram comes with its sender's address.
    for (;;) {
      auto received = socket_->receive_from();
      if (!received.ok()) return;  // WouldBlock: wait for the next callback
      const net::Datagram& d = *received.value;
      std::string message = apps::to_text(d.data);
      std::string modified = message;
      for (char& c : modified) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      print("From " + d.from.to_string() + ": " + trimmed(message) + "\n");
      // sendto(): the reply goes back to whoever sent the request.
      socket_->send_to(apps::as_bytes(modified), d.from);
    }
  }

  static std::string trimmed(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
    return s;
  }

  std::unique_ptr<apps::UdpSocket> socket_;
};

}  // namespace

CommandInfo udp_upper_server_command() {
  return {"udp-upper-server", "socket example: UDP server that upper-cases each datagram", factory<UdpUpperServer>()};
}

}  // namespace wirelab::shell::commands
