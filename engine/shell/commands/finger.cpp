// finger: the RFC 1288 client as BSD (netkit) finger behaves. For user@host it prints "[host]",
// connects to port 79, sends the query ("/W " first with -l) and CRLF, and prints the reply
// until the server closes, CRLF shown as newlines. user@host1@host2 asks host2 to forward
// (RFC 1288 §2.5.1). This lab has no local login records, so local queries find nobody.
#include <deque>
#include <memory>

#include "engine/devices/host.h"
#include "engine/shell/commands/builtin_commands.h"
#include "engine/shell/commands/stream_fetch.h"
#include "engine/shell/options.h"
#include "engine/shell/resolve.h"

namespace wirelab::shell::commands {
namespace {

constexpr const char* kUsage = "usage: finger [-lmps] [login ...]";
constexpr std::uint16_t kFingerPort = 79;

class Finger : public Command {
 public:
  using Command::Command;

  void start() override {
    auto o = parse_options(args(), "", "lmps");
    if (!o.error.empty()) return usage_error("finger: " + o.error + "\n" + kUsage);
    long_ = o.has('l');
    if (o.positionals.empty()) {
      print("No one logged on.\n");
      return finish(0);
    }
    for (const auto& p : o.positionals) targets_.push_back(p);
    next();
  }

  void interrupt() override {
    fetch_.reset();
    Command::interrupt();
  }

 private:
  void next() {
    if (targets_.empty()) return finish(status_);
    const std::string target = targets_.front();
    targets_.pop_front();
    const auto at = target.rfind('@');
    if (at == std::string::npos) {
      print("finger: " + target + ": no such user.\n");
      status_ = 1;
      return next();
    }
    const std::string user = target.substr(0, at), name = target.substr(at + 1);
    auto addr = resolve_host(host(), name);
    if (!addr) {
      print("finger: unknown host: " + name + "\n");
      status_ = 1;
      return next();
    }
    print("[" + name + "]\n");
    fetch_ = std::make_unique<StreamFetch>(host());
    fetch_->start({*addr, kFingerPort}, (long_ ? "/W " : "") + user + "\r\n",
                  [this](std::optional<net::SocketError> e, const std::string& reply) { done(e, reply); });
  }

  void done(std::optional<net::SocketError> e, const std::string& reply) {
    if (e && reply.empty()) {
      print(std::string("finger: connect: ") + net::to_string(*e) + "\n");
      status_ = 1;
    } else {
      // netkit finger: CR LF becomes a newline, and the output always ends with one.
      std::string text;
      for (std::size_t i = 0; i < reply.size(); ++i) {
        if (reply[i] == '\r' && i + 1 < reply.size() && reply[i + 1] == '\n') continue;
        text += reply[i];
      }
      if (!text.empty() && text.back() != '\n') text += '\n';
      print(text);
    }
    fetch_.reset();
    next();
  }

  bool long_ = false;
  int status_ = 0;
  std::deque<std::string> targets_;
  std::unique_ptr<StreamFetch> fetch_;
};

}  // namespace

CommandInfo finger_command() { return {"finger", "user information lookup program (RFC 1288 client)", factory<Finger>()}; }

}  // namespace wirelab::shell::commands
