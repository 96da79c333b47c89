// daytime: asks a Daytime server (RFC 867) for the date and prints the line it sends. Over
// TCP (port 13) the server sends and closes; with -u one UDP datagram asks and one answers.
#include <memory>

#include "engine/devices/host.h"
#include "engine/shell/commands/builtin_commands.h"
#include "engine/shell/commands/stream_fetch.h"
#include "engine/shell/options.h"
#include "engine/shell/resolve.h"

namespace wirelab::shell::commands {
namespace {

constexpr const char* kUsage = "usage: daytime [-u] [-p port] [-w timeout] host";

class Daytime : public Command {
 public:
  using Command::Command;

  void start() override {
    auto o = parse_options(args(), "pw", "u");
    if (!o.error.empty()) return usage_error("daytime: " + o.error + "\n" + kUsage);
    if (o.positionals.size() != 1) return usage_error(kUsage);
    std::uint16_t port = 13;
    if (auto p = o.value('p')) {
      auto n = parse_int(*p, 1, 65535);
      if (!n) return usage_error("daytime: bad port: " + *p);
      port = static_cast<std::uint16_t>(*n);
    }
    SimDuration wait = seconds(5);
    if (auto w = o.value('w')) {
      auto n = parse_int(*w, 1, 3600);
      if (!n) return usage_error("daytime: bad timeout: " + *w);
      wait = seconds(*n);
    }
    auto addr = resolve_host(host(), o.positionals[0]);
    if (!addr) {
      print("daytime: " + o.positionals[0] + ": Name or service not known\n");
      return finish(1);
    }
    if (o.has('u')) {
      // RFC 867: any datagram to port 13 draws the date in one datagram back.
      udp_ = std::make_unique<apps::UdpSocket>(host());
      auto r = udp_->connect({*addr, port});
      if (r.ok()) udp_->send(ByteView{});
      if (!r.ok()) return fail(r.error);
      udp_->on_readable([this] {
        auto d = udp_->receive_from();
        if (!d.ok()) return d.error == net::SocketError::WouldBlock ? void() : fail(d.error);
        show(apps::to_text(d.value->data));
      });
      after(wait, [this] { fail(net::SocketError::TimedOut); });
      return;
    }
    fetch_ = std::make_unique<StreamFetch>(host());
    fetch_->start({*addr, port}, "", [this](std::optional<net::SocketError> e, const std::string& reply) {
      if (e && reply.empty()) return fail(*e);
      show(reply);
    });
  }

  void interrupt() override {
    fetch_.reset();
    udp_.reset();
    Command::interrupt();
  }

 private:
  void fail(net::SocketError e) {
    print(std::string("daytime: ") + (udp_ ? "recv: " : "connect: ") + net::to_string(e) + "\n");
    finish(1);
  }

  void show(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    print(text + "\n");
    finish(0);
  }

  std::unique_ptr<StreamFetch> fetch_;
  std::unique_ptr<apps::UdpSocket> udp_;
};

}  // namespace

CommandInfo daytime_command() { return {"daytime", "print a host's date with the Daytime protocol (RFC 867)", factory<Daytime>()}; }

}  // namespace wirelab::shell::commands
