// The Finger user information protocol, server side (RFC 1288). A query line is
// `[/W] [user] CRLF`: empty lists the users, a name describes that user, `/W` asks for the
// verbose form. Forwarding (`user@host`) is refused, as RFC 1288 §3.2.1 recommends by default.
// A "refuse" mode answers every query with one message, as many real sites do.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/apps/stream_session.h"

namespace wirelab::apps {

struct FingerUser {
  std::string login;
  std::string name;
  std::string office;
  std::string phone;
  std::string plan;              // the .plan file's text
  bool logged_in = true;
  std::string tty = "pts/0";
  std::string from;              // where the session comes from, shown in parentheses
};

struct FingerConfig {
  std::vector<FingerUser> users;
  std::optional<std::string> refuse_message;  // set: refuse mode
  std::string host_name;
};

// The reply text (CRLF line ends) to one query line (without its CRLF).
std::string finger_reply(const FingerConfig& config, const std::string& query, std::int64_t unix_ns);

std::unique_ptr<StreamSession> make_finger_session(const FingerConfig& config, std::int64_t epoch_ns);

}  // namespace wirelab::apps
