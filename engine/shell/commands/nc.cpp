// nc: OpenBSD netcat. Connects (TCP, or UDP with -u) and relays: typed lines go to the socket,
// received bytes are printed. -l listens for one connection (-k: keep listening), -z probes
// ports without sending data, -v reports, -w times out connects and idle sessions, -N shuts
// the connection down after end of input. In this shell a line consisting of "^D" is the end of
// standard input, and Ctrl+C interrupts. Messages and exit codes are OpenBSD nc's.
#include <memory>

#include "engine/apps/socket_api.h"
#include "engine/devices/host.h"
#include "engine/shell/commands/builtin_commands.h"
#include "engine/shell/commands/service_names.h"
#include "engine/shell/options.h"
#include "engine/shell/resolve.h"

namespace wirelab::shell::commands {
namespace {

using apps::as_bytes;

constexpr const char* kUsage =
    "usage: nc [-46CDdFhklNnrStUuvZz] [-I length] [-i interval] [-M ttl]\n"
    "\t  [-m minttl] [-O length] [-P proxy_username] [-p source_port]\n"
    "\t  [-q seconds] [-s sourceaddr] [-T keyword] [-V rtable] [-W recvlimit]\n"
    "\t  [-w timeout] [-X proxy_protocol] [-x proxy_address[:port]]\n"
    "\t  [destination] [port]\n";

constexpr const char* kHelp =
    "\tCommand Summary:\n"
    "\t\t-C\t\tSend CRLF as line-ending\n"
    "\t\t-d\t\tDetach from stdin\n"
    "\t\t-h\t\tThis help text\n"
    "\t\t-k\t\tKeep inbound sockets open for multiple connects\n"
    "\t\t-l\t\tListen mode, for inbound connects\n"
    "\t\t-N\t\tShutdown the network socket after EOF on stdin\n"
    "\t\t-n\t\tSuppress name/port resolutions\n"
    "\t\t-p port\t\tSpecify local port for remote connects\n"
    "\t\t-s sourceaddr\tLocal source address\n"
    "\t\t-u\t\tUDP mode\n"
    "\t\t-v\t\tVerbose\n"
    "\t\t-w timeout\tTimeout for connects and final net reads\n"
    "\t\t-z\t\tZero-I/O mode [used for scanning]\n"
    "\tPort numbers can be individual or ranges: lo-hi [inclusive]\n"
    "\tIn this shell, a line consisting of ^D ends standard input; Ctrl+C interrupts.\n";

class Nc : public Command {
 public:
  using Command::Command;

  void start() override {
    auto o = parse_options(args(), "pswIiMmOPqTVWXx", "46CDdFhklNnrStUuvZz");
    if (!o.error.empty()) return fail_usage("nc: " + o.error + "\n");
    if (o.has('h')) {
      print(std::string("OpenBSD netcat (Debian patchlevel 1.219-1)\n") + kUsage + kHelp);
      return finish(1);
    }
    udp_ = o.has('u');
    listen_ = o.has('l');
    zero_ = o.has('z');
    verbose_ = o.has('v');
    crlf_ = o.has('C');
    shutdown_on_eof_ = o.has('N');
    keep_ = o.has('k');
    numeric_ = o.has('n');
    no_stdin_ = o.has('d');
    if (auto w = o.value('w')) {
      auto n = parse_int(*w, 1, 100000000);
      if (!n) {
        print("nc: timeout " + *w + ": invalid\n");  // "timeout %s: %s" with strtonum's text
        return finish(1);
      }
      timeout_ = seconds(*n);
    }
    if (keep_ && !listen_) {
      print("nc: must use -l with -k\n");
      return finish(1);
    }
    if (listen_) return start_listen(o);

    if (o.positionals.size() < 2) return fail_usage("");
    host_name_ = o.positionals[0];
    for (std::size_t i = 1; i < o.positionals.size(); ++i)
      if (!add_ports(o.positionals[i])) return finish(1);
    auto addr = resolve_host(host(), host_name_);
    if (!addr) {
      print("nc: getaddrinfo for host \"" + host_name_ + "\" port " + o.positionals[1] +
            ": Name or service not known\n");
      return finish(1);
    }
    dst_ = *addr;
    next_port();
  }

  void input(const std::string& line) override {
    if (stdin_eof_ || no_stdin_) return;
    if (line == "^D") {
      stdin_eof_ = true;
      if (shutdown_on_eof_ && tcp_) tcp_->shutdown();
      return;
    }
    const std::string data = line + (crlf_ ? "\r\n" : "\n");
    touch();
    if (tcp_) tcp_->send(data);  // queued while the handshake is still running
    else if (udp_sock_ && have_peer_) udp_sock_->send(as_bytes(data));
    else pending_ += data;  // listening: goes out once someone connects
  }

  void interrupt() override {
    tcp_.reset();
    udp_sock_.reset();
    listener_.reset();
    Command::interrupt();
  }

 private:
  void fail_usage(const std::string& message) {
    print(message + kUsage);
    finish(1);
  }

  bool add_ports(const std::string& spec) {
    auto dash = spec.find('-');
    if (dash != std::string::npos) {
      auto lo = parse_int(spec.substr(0, dash), 1, 65535), hi = parse_int(spec.substr(dash + 1), 1, 65535);
      if (!lo || !hi) {
        print("nc: port range not valid\n");
        return false;
      }
      if (*lo > *hi) std::swap(lo, hi);
      for (long long p = *lo; p <= *hi; ++p) ports_.push_back(static_cast<std::uint16_t>(p));
      return true;
    }
    auto p = service_port(spec, udp_);
    if (!p || *p == 0) {
      print("nc: port number invalid: " + spec + "\n");
      return false;
    }
    ports_.push_back(*p);
    return true;
  }

  std::string proto() const { return udp_ ? "udp" : "tcp"; }

  // --- connecting ----------------------------------------------------------------------------
  void next_port() {
    if (next_ >= ports_.size()) return finish(any_ok_ ? 0 : 1);
    port_ = ports_[next_++];
    if (udp_) return start_udp();
    tcp_ = std::make_unique<apps::TcpSocket>(host());
    if (auto e = tcp_->connect({dst_, port_}, [this] { connected(); }, [this](net::SocketError e) { failed(e); }))
      return failed(*e);
    if (timeout_) timer_ = after(timeout_, [this] { failed(net::SocketError::TimedOut); });
  }

  void failed(net::SocketError e) {
    cancel(timer_);
    tcp_.reset();
    udp_sock_.reset();
    if (verbose_)
      print("nc: connect to " + host_name_ + " port " + std::to_string(port_) + " (" + proto() + ") failed: " +
            net::to_string(e) + "\n");
    if (next_ < ports_.size()) return next_port();
    finish(any_ok_ ? 0 : 1);
  }

  void report_success() {
    const char* name = numeric_ ? nullptr : service_name(port_, udp_);
    print("Connection to " + host_name_ + " " + std::to_string(port_) + " port [" + proto() + "/" +
          (name ? name : "*") + "] succeeded!\n");
  }

  void connected() {
    cancel(timer_);
    any_ok_ = true;
    if (verbose_ || zero_) {
      if (verbose_) report_success();
      if (zero_) {
        tcp_.reset();
        return next_port();
      }
    }
    relay_tcp();
    touch();
  }

  void relay_tcp() {
    tcp_->on_readable([this] {
      touch();
      print(tcp_->receive_text());
      if (tcp_->at_eof()) net_closed(0);
    });
    tcp_->on_error([this](net::SocketError) { net_closed(1); });
  }

  void net_closed(int code) {
    tcp_.reset();
    udp_sock_.reset();
    if (listen_ && keep_) return;  // wait for the next connection
    finish(code);
  }

  // -w also limits how long a connection and stdin may stay idle.
  void touch() {
    if (!timeout_ || listen_ || zero_) return;
    cancel(timer_);
    timer_ = after(timeout_, [this] { net_closed(0); });
  }

  void start_udp() {
    udp_sock_ = std::make_unique<apps::UdpSocket>(host());
    auto r = udp_sock_->connect({dst_, port_});
    if (!r.ok()) return failed(r.error);
    have_peer_ = true;
    udp_sock_->on_readable([this] { udp_readable(); });
    if (!verbose_ && !zero_) return touch();
    // OpenBSD nc's udptest(): a few "X" datagrams; an ICMP port unreachable coming back means
    // nobody listens (and nc then says nothing at all, even with -v).
    testing_ = true;
    refused_ = false;
    for (int i = 0; i < 4; ++i)
      after(milliseconds(100) * i, [this] { if (udp_sock_) udp_sock_->send(as_bytes("X")); });
    after(milliseconds(400), [this] {
      testing_ = false;
      if (refused_) {
        udp_sock_.reset();
        return next_port();
      }
      any_ok_ = true;
      if (verbose_) report_success();
      if (zero_) {
        udp_sock_.reset();
        return next_port();
      }
      print(held_);
      held_.clear();
      touch();
    });
  }

  void udp_readable() {
    for (;;) {
      auto r = udp_sock_->receive_from();
      if (!r.ok()) {
        if (r.error == net::SocketError::WouldBlock) return;
        if (testing_) {
          refused_ = true;
          return;
        }
        return net_closed(1);
      }
      if (!have_peer_) {  // udp listen: the first sender becomes the peer
        udp_sock_->connect(r.value->from);
        have_peer_ = true;
        if (verbose_)
          print("Connection received on " + r.value->from.address.to_string() + " " +
                std::to_string(r.value->from.port) + "\n");
        if (!pending_.empty()) udp_sock_->send(as_bytes(pending_));
        pending_.clear();
      }
      touch();
      const std::string text = apps::to_text(r.value->data);
      if (testing_) held_ += text;
      else print(text);
    }
  }

  // --- listening -----------------------------------------------------------------------------
  void start_listen(const ParsedOptions& o) {
    // nc -l [-p] port, or nc -l address port.
    std::string port_text;
    net::Endpoint local;
    if (auto p = o.value('p')) port_text = *p;
    std::vector<std::string> pos = o.positionals;
    if (port_text.empty() && !pos.empty()) {
      port_text = pos.back();
      pos.pop_back();
    }
    if (auto s = o.value('s')) pos.insert(pos.begin(), *s);
    if (port_text.empty() || pos.size() > 1) return fail_usage("");
    if (!pos.empty()) {
      auto a = resolve_host(host(), pos[0]);
      if (!a) {
        print("nc: getaddrinfo: Name or service not known\n");
        return finish(1);
      }
      local.address = *a;
    }
    auto port = service_port(port_text, udp_);
    if (!port) {
      print("nc: port number invalid: " + port_text + "\n");
      return finish(1);
    }
    local.port = *port;
    const std::string where = local.address.to_string() + " " + std::to_string(local.port);
    if (udp_) {
      udp_sock_ = std::make_unique<apps::UdpSocket>(host());
      auto r = udp_sock_->bind(local);
      if (!r.ok()) return bind_failed(r.error);
      udp_sock_->on_readable([this] { udp_readable(); });
      if (verbose_) print("Bound on " + where + "\n");
      return;
    }
    listener_ = std::make_unique<apps::TcpListener>(host());
    auto r = listener_->listen(local, 1);
    if (!r.ok()) return bind_failed(r.error);
    if (verbose_) print("Listening on " + where + "\n");
    listener_->on_accept([this](std::unique_ptr<apps::TcpSocket> s) {
      if (tcp_) return;  // one connection at a time: later ones are closed
      tcp_ = std::move(s);
      if (verbose_)
        print("Connection received on " + tcp_->remote().address.to_string() + " " +
              std::to_string(tcp_->remote().port) + "\n");
      if (!keep_) listener_.reset();
      if (!pending_.empty()) tcp_->send(pending_);
      pending_.clear();
      relay_tcp();
    });
  }

  void bind_failed(net::SocketError e) {
    print(std::string("nc: ") + net::to_string(e) + "\n");
    finish(1);
  }

  bool udp_ = false, listen_ = false, zero_ = false, verbose_ = false, crlf_ = false;
  bool shutdown_on_eof_ = false, keep_ = false, numeric_ = false, no_stdin_ = false;
  SimDuration timeout_ = 0;
  std::string host_name_;
  wire::Ipv4Address dst_;
  std::vector<std::uint16_t> ports_;
  std::size_t next_ = 0;
  std::uint16_t port_ = 0;
  bool any_ok_ = false, stdin_eof_ = false, have_peer_ = false, testing_ = false, refused_ = false;
  std::string pending_, held_;
  sim::TimerId timer_;
  std::unique_ptr<apps::TcpSocket> tcp_;
  std::unique_ptr<apps::UdpSocket> udp_sock_;
  std::unique_ptr<apps::TcpListener> listener_;
};

}  // namespace

CommandInfo nc_command() { return {"nc", "arbitrary TCP and UDP connections and listens (netcat)", factory<Nc>()}; }

}  // namespace wirelab::shell::commands
