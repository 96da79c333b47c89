// telnet: a raw TCP client as netkit telnet behaves against any port. Typed lines are sent with
// CRLF line ends (the NVT's newline, RFC 854); received text is shown with CRLF as a newline.
// Option negotiation is minimal (RFC 854/855): every DO is answered WONT and every WILL DONT,
// subnegotiations are skipped, IAC IAC is a data byte 255. A line "^]" is the escape character:
// it opens the telnet> prompt, where "quit" or "close" ends the session.
#include <memory>

#include "engine/apps/socket_api.h"
#include "engine/devices/host.h"
#include "engine/shell/commands/builtin_commands.h"
#include "engine/shell/commands/service_names.h"
#include "engine/shell/options.h"
#include "engine/shell/resolve.h"

namespace wirelab::shell::commands {
namespace {

constexpr const char* kUsage =
    "Usage: telnet [-4] [-6] [-8] [-E] [-L] [-a] [-d] [-e char] [-l user] [-n tracefile] [-b addr] [-r] "
    "[host-name [port]]";

// Telnet commands (RFC 854).
constexpr std::uint8_t kIac = 255, kDont = 254, kDo = 253, kWont = 252, kWill = 251, kSb = 250, kSe = 240;

class Telnet : public Command {
 public:
  using Command::Command;

  void start() override {
    auto o = parse_options(args(), "elnb", "468ELadr");
    if (!o.error.empty()) return fail("telnet: " + o.error + "\n" + kUsage + "\n");
    if (o.positionals.empty() || o.positionals.size() > 2) return fail(std::string(kUsage) + "\n");
    name_ = o.positionals[0];
    const std::string port_text = o.positionals.size() == 2 ? o.positionals[1] : "telnet";
    auto port = service_port(port_text, false);
    auto addr = resolve_host(host(), name_);
    if (!addr || !port) {
      return fail("telnet: could not resolve " + name_ + "/" + port_text + ": " +
                  (addr ? "Servname not supported for ai_socktype" : "Name or service not known") + "\n");
    }
    print("Trying " + addr->to_string() + "...\n");
    sock_ = std::make_unique<apps::TcpSocket>(host());
    auto e = sock_->connect({*addr, *port}, [this] { connected(); }, [this](net::SocketError err) { refused(err); });
    if (e) refused(*e);
  }

  void input(const std::string& line) override {
    if (!sock_ || !sock_->is_connected()) return;
    if (command_mode_) {
      command_mode_ = false;
      if (line == "quit" || line == "q" || line == "close" || line == "c") {
        sock_.reset();
        print("Connection closed.\n");
        return finish(0);
      }
      if (!line.empty()) print("?Invalid command\n");
      return;
    }
    if (line == "^]") {
      command_mode_ = true;
      print("telnet> ");
      return;
    }
    std::string data;
    for (char c : line) {
      data += c;
      if (static_cast<std::uint8_t>(c) == kIac) data += c;  // a data byte 255 is doubled
    }
    sock_->send(data + "\r\n");
  }

  void interrupt() override {
    sock_.reset();
    Command::interrupt();
  }

 private:
  void fail(const std::string& text) {
    print(text);
    finish(1);
  }

  void refused(net::SocketError e) {
    sock_.reset();
    fail(std::string("telnet: Unable to connect to remote host: ") + net::to_string(e) + "\n");
  }

  void connected() {
    print("Connected to " + name_ + ".\nEscape character is '^]'.\n");
    sock_->on_readable([this] { readable(); });
    sock_->on_error([this](net::SocketError) { closed(); });
  }

  void readable() {
    std::uint8_t buf[4096];
    std::string text;
    Bytes reply;
    for (;;) {
      auto r = sock_->receive(buf);
      if (!r.ok() || *r.value == 0) break;
      for (std::size_t i = 0; i < *r.value; ++i) feed(buf[i], text, reply);
    }
    print(text);
    if (!reply.empty()) sock_->send(ByteView(reply));
    if (sock_->at_eof()) closed();
  }

  // One received byte through the NVT: commands are answered, text is collected.
  void feed(std::uint8_t b, std::string& text, Bytes& reply) {
    switch (state_) {
      case In::Data:
        if (b == kIac) state_ = In::Iac;
        else if (pending_cr_) {
          pending_cr_ = false;
          if (b == '\n') text += '\n';
          else if (b == 0) text += '\r';
          else {
            text += '\r';
            if (b == '\r') pending_cr_ = true;
            else text += static_cast<char>(b);
          }
        } else if (b == '\r') pending_cr_ = true;
        else text += static_cast<char>(b);
        return;
      case In::Iac:
        if (b == kIac) {
          text += static_cast<char>(b);
          state_ = In::Data;
        } else if (b == kDo || b == kDont || b == kWill || b == kWont) {
          verb_ = b;
          state_ = In::Option;
        } else if (b == kSb) {
          state_ = In::Sub;
        } else {
          state_ = In::Data;  // NOP, GA, AYT, ...: nothing to show
        }
        return;
      case In::Option:
        // Refuse everything: DO -> WONT, WILL -> DONT. DONT and WONT need no answer: we are
        // already in the state they ask for (RFC 854, and no loops per RFC 1143).
        if (verb_ == kDo || verb_ == kWill) {
          reply.insert(reply.end(), {kIac, verb_ == kDo ? kWont : kDont, b});
        }
        state_ = In::Data;
        return;
      case In::Sub:
        if (b == kIac) state_ = In::SubIac;
        return;
      case In::SubIac:
        state_ = b == kSe ? In::Data : In::Sub;
        return;
    }
  }

  void closed() {
    sock_.reset();
    fail("Connection closed by foreign host.\n");
  }

  enum class In { Data, Iac, Option, Sub, SubIac } state_ = In::Data;
  std::uint8_t verb_ = 0;
  bool pending_cr_ = false, command_mode_ = false;
  std::string name_;
  std::unique_ptr<apps::TcpSocket> sock_;
};

}  // namespace

CommandInfo telnet_command() { return {"telnet", "user interface to the TELNET protocol (raw TCP client)", factory<Telnet>()}; }

}  // namespace wirelab::shell::commands
