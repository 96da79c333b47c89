#include "engine/apps/services/finger_service.h"

#include <cstdio>

#include "engine/apps/services/trivial_services.h"

namespace wirelab::apps {

namespace {

std::string crlf(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\n') out += "\r\n";
    else out += c;
  }
  return out;
}

std::string pad(const std::string& s, std::size_t width) {
  return s.size() >= width ? s.substr(0, width - 1) + " " : s + std::string(width - s.size(), ' ');
}

// "Nov 22 02:00" as BSD finger shows login times.
std::string login_time(std::int64_t unix_ns) { return ctime_text(unix_ns).substr(4, 12); }

std::string user_list(const FingerConfig& c, std::int64_t now) {
  std::string s = "Login     Name                 Tty      Idle  Login Time   Office     Office Phone\n";
  for (const auto& u : c.users) {
    if (!u.logged_in) continue;
    s += pad(u.login, 10) + pad(u.name, 21) + pad(u.tty, 9) + pad("", 6) + login_time(now) + " " +
         (u.from.empty() ? pad(u.office, 11) : pad("(" + u.from + ")", 11)) + u.phone;
    while (!s.empty() && s.back() == ' ') s.pop_back();
    s += "\n";
  }
  return s;
}

std::string user_detail(const FingerUser& u, std::int64_t now) {
  std::string s = pad("Login: " + u.login, 40) + "Name: " + u.name + "\n";
  s += pad("Directory: /home/" + u.login, 40) + "Shell: /bin/bash\n";
  if (!u.office.empty() || !u.phone.empty()) s += "Office: " + u.office + (u.phone.empty() ? "" : ", " + u.phone) + "\n";
  if (u.logged_in) s += "On since " + ctime_text(now).substr(0, 16) + " (UTC) on " + u.tty + (u.from.empty() ? "" : " from " + u.from) + "\n";
  else s += "Never logged in.\n";
  s += "No mail.\n";
  if (u.plan.empty()) s += "No Plan.\n";
  else s += "Plan:\n" + u.plan + (u.plan.back() == '\n' ? "" : "\n");
  return s;
}

class FingerSession : public StreamSession {
 public:
  FingerSession(FingerConfig c, std::int64_t epoch_ns) : config_(std::move(c)), epoch_ns_(epoch_ns) {}
  void on_data(ByteView data, SimTime now, SessionOutput& out) override {
    line_.append(data.begin(), data.end());
    auto nl = line_.find('\n');
    if (nl == std::string::npos) {
      if (line_.size() > 1024) answer("", now, out);  // RFC 1288 §2.4 bounds nothing; we do
      return;
    }
    std::string q = line_.substr(0, nl);
    if (!q.empty() && q.back() == '\r') q.pop_back();
    answer(q, now, out);
  }
  void on_eof(SimTime now, SessionOutput& out) override { answer(line_, now, out); }

 private:
  void answer(const std::string& q, SimTime now, SessionOutput& out) {
    std::string r = finger_reply(config_, q, epoch_ns_ + now);
    out.data.assign(r.begin(), r.end());
    out.close = true;
  }
  FingerConfig config_;
  std::int64_t epoch_ns_;
  std::string line_;
};

}  // namespace

std::string finger_reply(const FingerConfig& c, const std::string& query, std::int64_t unix_ns) {
  if (c.refuse_message) return crlf(*c.refuse_message + "\n");
  std::string q = query;
  bool verbose = false;
  while (!q.empty() && q.front() == ' ') q.erase(0, 1);
  if (q.rfind("/W", 0) == 0) {
    verbose = true;
    q.erase(0, 2);
    while (!q.empty() && q.front() == ' ') q.erase(0, 1);
  }
  while (!q.empty() && q.back() == ' ') q.pop_back();
  if (q.find('@') != std::string::npos) return crlf("finger: forwarding service denied\n");
  if (q.empty()) return crlf(user_list(c, unix_ns));
  std::string s;
  for (const auto& u : c.users)
    if (u.login == q || (verbose && u.name == q)) s += user_detail(u, unix_ns);
  if (s.empty()) s = "finger: " + q + ": no such user.\n";
  return crlf(s);
}

std::unique_ptr<StreamSession> make_finger_session(const FingerConfig& config, std::int64_t epoch_ns) {
  return std::make_unique<FingerSession>(config, epoch_ns);
}

}  // namespace wirelab::apps
