// rdate: gets the time from a Time server (RFC 868, port 37): 32 bits, seconds since
// 1900-01-01 00:00 UTC, big-endian; the server sends them and closes (TCP), or answers an empty
// datagram (-u). -p prints it as rdate does ("rdate: [host]\t<ctime>", in UTC: the lab has no
// time zone); setting the clock (-s) is not allowed in a lab. After 2036 the 32-bit count wraps:
// values that would fall before 1970 are read as the next era (RFC 868 predates the problem).
#include <cstdio>
#include <memory>

#include "engine/devices/host.h"
#include "engine/shell/commands/builtin_commands.h"
#include "engine/shell/commands/stream_fetch.h"
#include "engine/shell/options.h"
#include "engine/shell/resolve.h"

namespace wirelab::shell::commands {
namespace {

// "Sun Nov 22 02:00:00 2026": ctime()'s format for seconds since 1970 (UTC).
std::string ctime_utc(std::int64_t unix_seconds) {
  std::int64_t days = unix_seconds / 86400, secs = unix_seconds % 86400;
  if (secs < 0) {
    secs += 86400;
    --days;
  }
  const int weekday = static_cast<int>(((days % 7) + 11) % 7);  // 1970-01-01 was a Thursday
  // Civil date from days (H. Hinnant's algorithm).
  const std::int64_t z = days + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097, yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
  const int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1), month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  const std::int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s %s %2d %02d:%02d:%02d %lld", kDays[weekday], kMonths[month - 1], day,
                static_cast<int>(secs / 3600), static_cast<int>(secs / 60 % 60), static_cast<int>(secs % 60),
                static_cast<long long>(year));
  return buf;
}

constexpr const char* kUsage =
    "Usage: rdate [-s] [-p] [-u] [-l] [-t sec] [host ...]\n"
    "  -s    Set the system time according to the host\n"
    "  -p    Print the time according to the host\n"
    "  -u    Use UDP instead of TCP as transport\n"
    "  -l    Use syslog for output\n"
    "  -t    Timeout after sec seconds if no data is received";
constexpr std::uint16_t kTimePort = 37;
constexpr std::int64_t kSeconds1900To1970 = 2208988800LL;  // RFC 868

class Rdate : public Command {
 public:
  using Command::Command;

  void start() override {
    auto o = parse_options(args(), "t", "spul");
    if (!o.error.empty()) return usage_error("rdate: " + o.error + "\n" + kUsage);
    if (o.positionals.empty()) return usage_error(kUsage);
    if (o.has('s')) {
      print("rdate: Could not set time of day: Operation not permitted\n");
      return finish(1);
    }
    udp_mode_ = o.has('u');
    if (auto t = o.value('t')) {
      auto n = parse_int(*t, 1, 3600);
      if (!n) return usage_error(kUsage);
      timeout_ = seconds(*n);
    }
    for (const auto& h : o.positionals) hosts_.push_back(h);
    next();
  }

  void interrupt() override {
    fetch_.reset();
    udp_.reset();
    Command::interrupt();
  }

 private:
  void next() {
    if (index_ >= hosts_.size()) return finish(status_);
    name_ = hosts_[index_++];
    auto addr = resolve_host(host(), name_);
    if (!addr) {
      print("rdate: Failed to resolve " + name_ + ": Name or service not known\n");
      status_ = 1;
      return next();
    }
    if (udp_mode_) {
      udp_ = std::make_unique<apps::UdpSocket>(host());
      auto r = udp_->connect({*addr, kTimePort});
      if (!r.ok()) return failed(std::string("Could not connect socket: ") + net::to_string(r.error));
      udp_->send(ByteView{});  // RFC 868: an empty datagram asks
      udp_->on_readable([this] {
        auto d = udp_->receive_from();
        if (!d.ok() && d.error == net::SocketError::WouldBlock) return;
        cancel(timer_);
        udp_.reset();
        if (!d.ok()) return failed(std::string("Could not read data: ") + net::to_string(d.error));
        got(apps::to_text(d.value->data));
      });
      timer_ = after(timeout_, [this] {
        udp_.reset();
        failed("Timeout waiting for " + name_);
      });
      return;
    }
    fetch_ = std::make_unique<StreamFetch>(host());
    fetch_->start({*addr, kTimePort}, "", [this](std::optional<net::SocketError> e, const std::string& reply) {
      cancel(timer_);
      fetch_.reset();
      if (e && reply.empty()) return failed(std::string("Could not connect socket: ") + net::to_string(*e));
      got(reply);
    });
    timer_ = after(timeout_, [this] {
      fetch_.reset();
      failed("Timeout waiting for " + name_);
    });
  }

  void failed(const std::string& why) {
    print("rdate: " + why + "\n");
    status_ = 1;
    next();
  }

  void got(const std::string& reply) {
    if (reply.size() != 4) return failed("Could not read data: short read (" + std::to_string(reply.size()) + " bytes)");
    const ByteView b = apps::as_bytes(reply);
    std::int64_t t = read_u32(b, 0);
    if (t < kSeconds1900To1970) t += std::int64_t{1} << 32;  // the next era (after 2036-02-07)
    print("rdate: [" + name_ + "]\t" + ctime_utc(t - kSeconds1900To1970) + "\n");
    next();
  }

  bool udp_mode_ = false;
  SimDuration timeout_ = seconds(10);
  std::vector<std::string> hosts_;
  std::size_t index_ = 0;
  std::string name_;
  int status_ = 0;
  sim::TimerId timer_;
  std::unique_ptr<StreamFetch> fetch_;
  std::unique_ptr<apps::UdpSocket> udp_;
};

}  // namespace

CommandInfo rdate_command() { return {"rdate", "get the time via the network (RFC 868 Time protocol)", factory<Rdate>()}; }

}  // namespace wirelab::shell::commands
