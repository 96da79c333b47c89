// Socket programming example: the UDP uppercase client (the course's Python UDPClient).
//
//   clientSocket = socket(AF_INET, SOCK_DGRAM)
//   message = input('Input lowercase sentence:')
//   clientSocket.sendto(message.encode(), (serverName, serverPort))
//   modifiedMessage, serverAddress = clientSocket.recvfrom(2048)
//   print(modifiedMessage.decode())
//   clientSocket.close()
//
// UDP gives no guarantee: the datagram or the reply may be lost, and nobody tells us. So we
// wait at most 5 seconds for the answer (Python would wait forever without settimeout()).
// Run it as:  udp-upper-client HOST PORT MESSAGE     (or without MESSAGE: type lines, ^D ends)
#include <memory>

#include "engine/apps/socket_api.h"
#include "engine/shell/commands/builtin_commands.h"
#include "engine/shell/options.h"
#include "engine/shell/resolve.h"

namespace wirelab::shell::commands {
namespace {

class UdpUpperClient : public Command {
 public:
  using Command::Command;

  void start() override {
    if (args().size() < 3 || args().size() > 4) return usage_error("usage: udp-upper-client HOST PORT [MESSAGE]");
    auto address = resolve_host(host(), args()[1]);
    auto port = parse_int(args()[2], 1, 65535);
    if (!address || !port) return usage_error("udp-upper-client: bad address or port");
    server_ = {*address, static_cast<std::uint16_t>(*port)};

    // socket(AF_INET, SOCK_DGRAM): no bind needed, the first sendto() picks a free port.
    socket_ = std::make_unique<apps::UdpSocket>(host());
    socket_->on_readable([this] { reply(); });
    if (args().size() == 4) {
      one_shot_ = true;
      return send(args()[3]);
    }
    print("Input lowercase sentence: ");
  }

  // A typed line (when no MESSAGE was given). "^D" ends the input.
  void input(const std::string& line) override {
    if (line == "^D") return finish(0);
    send(line);
  }

  void interrupt() override {
    socket_.reset();
    Command::interrupt();
  }

 private:
  void send(const std::string& message) {
    auto sent = socket_->send_to(apps::as_bytes(message), server_);  // sendto(message, (server, port))
    if (!sent.ok()) {
      print(std::string("udp-upper-client: sendto: ") + net::to_string(sent.error) + "\n");
      return finish(1);
    }
    timeout_ = after(seconds(5), [this] {
      print("udp-upper-client: no reply within 5 s (UDP does not retransmit)\n");
      finish(1);
    });
  }

  void reply() {
    auto received = socket_->receive_from();  // recvfrom(2048)
    if (!received.ok()) return;
    if (received.value->from != server_) return;  // not our server's answer: ignore it
    cancel(timeout_);
    print(apps::to_text(received.value->data) + "\n");
    if (one_shot_) return finish(0);  // clientSocket.close(): the socket closes with us
    print("Input lowercase sentence: ");
  }

  net::Endpoint server_;
  bool one_shot_ = false;
  sim::TimerId timeout_;
  std::unique_ptr<apps::UdpSocket> socket_;
};

}  // namespace

CommandInfo udp_upper_client_command() {
  return {"udp-upper-client", "socket example: UDP client for udp-upper-server", factory<UdpUpperClient>()};
}

}  // namespace wirelab::shell::commands
