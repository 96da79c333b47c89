#include "engine/apps/services/trivial_services.h"

#include <cstdio>
#include <functional>

namespace wirelab::apps {

std::string ctime_text(std::int64_t unix_ns) {
  static const char* days[] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};  // 1970-01-01 was a Thursday
  static const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::int64_t secs = unix_ns / 1000000000;
  const std::int64_t days_since = secs / 86400, rem = secs % 86400;
  // Civil from days (Howard Hinnant's algorithm).
  const std::int64_t z = days_since + 719468;
  const std::int64_t era = z / 146097, doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
  const std::int64_t d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t y = yoe + era * 400 + (m <= 2);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s %s %2lld %02lld:%02lld:%02lld %lld", days[days_since % 7], months[m - 1],
                static_cast<long long>(d), static_cast<long long>(rem / 3600), static_cast<long long>(rem / 60 % 60),
                static_cast<long long>(rem % 60), static_cast<long long>(y));
  return buf;
}

std::uint32_t rfc868_time(std::int64_t unix_ns) {
  return static_cast<std::uint32_t>(unix_ns / 1000000000 + 2208988800LL);
}

std::string chargen_line(std::size_t line) {
  std::string s;
  s.reserve(74);
  for (std::size_t i = 0; i < 72; ++i) s.push_back(static_cast<char>(' ' + (line + i) % 95));
  s += "\r\n";
  return s;
}

namespace {

Bytes to_bytes(const std::string& s) { return Bytes(s.begin(), s.end()); }

class Echo : public StreamSession {
  void on_data(ByteView data, SimTime, SessionOutput& out) override { out.data.assign(data.begin(), data.end()); }
};

class Discard : public StreamSession {
  void on_data(ByteView, SimTime, SessionOutput&) override {}
};

// Sends lines for as long as the client reads; whatever the client sends is thrown away.
class Chargen : public StreamSession {
  void on_data(ByteView, SimTime, SessionOutput&) override {}
  bool produce(std::size_t room, SessionOutput& out) override {
    if (room == 0) return false;
    for (int i = 0; i < 64 && out.data.size() < room; ++i) {
      std::string l = chargen_line(line_++);
      out.data.insert(out.data.end(), l.begin(), l.end());
    }
    return true;
  }
  std::size_t line_ = 0;
};

// Answers as soon as the connection opens, then closes (RFC 867 §"TCP Based Daytime Service").
class OneShot : public StreamSession {
 public:
  explicit OneShot(std::function<Bytes(SimTime)> make) : make_(std::move(make)) {}
  void on_open(SimTime now, SessionOutput& out) override {
    out.data = make_(now);
    out.close = true;
  }
  void on_data(ByteView, SimTime, SessionOutput&) override {}

 private:
  std::function<Bytes(SimTime)> make_;
};

Bytes time_bytes(std::int64_t unix_ns) {
  const std::uint32_t t = rfc868_time(unix_ns);
  return {static_cast<std::uint8_t>(t >> 24), static_cast<std::uint8_t>(t >> 16), static_cast<std::uint8_t>(t >> 8),
          static_cast<std::uint8_t>(t)};
}

}  // namespace

std::unique_ptr<StreamSession> make_echo_session() { return std::make_unique<Echo>(); }
std::unique_ptr<StreamSession> make_discard_session() { return std::make_unique<Discard>(); }
std::unique_ptr<StreamSession> make_chargen_session() { return std::make_unique<Chargen>(); }
std::unique_ptr<StreamSession> make_daytime_session(std::int64_t epoch_ns) {
  return std::make_unique<OneShot>([epoch_ns](SimTime now) { return to_bytes(ctime_text(epoch_ns + now) + "\r\n"); });
}
std::unique_ptr<StreamSession> make_time_session(std::int64_t epoch_ns) {
  return std::make_unique<OneShot>([epoch_ns](SimTime now) { return time_bytes(epoch_ns + now); });
}

std::optional<Bytes> echo_datagram(ByteView in) { return Bytes(in.begin(), in.end()); }
std::optional<Bytes> daytime_datagram(std::int64_t unix_ns) { return to_bytes(ctime_text(unix_ns) + "\r\n"); }
std::optional<Bytes> time_datagram(std::int64_t unix_ns) { return time_bytes(unix_ns); }
std::optional<Bytes> chargen_datagram(Rng& rng) {
  const std::size_t n = static_cast<std::size_t>(rng.uniform(513));
  Bytes out;
  for (std::size_t line = 0; out.size() < n; ++line) {
    std::string l = chargen_line(line);
    out.insert(out.end(), l.begin(), l.end());
  }
  out.resize(n);
  return out;
}

}  // namespace wirelab::apps
