#include "engine/shell/shell.h"

#include "engine/devices/host.h"

namespace wirelab::shell {

std::vector<std::string> split_command_line(const std::string& line) {
  std::vector<std::string> words;
  std::string cur;
  bool in_word = false;
  char quote = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quote) {
      if (c == quote) quote = 0;
      else cur += c;
    } else if (c == '\'' || c == '"') {
      quote = c;
      in_word = true;
    } else if (c == '\\' && i + 1 < line.size()) {
      cur += line[++i];
      in_word = true;
    } else if (c == ' ' || c == '\t') {
      if (in_word) words.push_back(cur);
      cur.clear();
      in_word = false;
    } else {
      cur += c;
      in_word = true;
    }
  }
  if (in_word) words.push_back(cur);
  return words;
}

Shell::Shell(sim::SimContext& ctx, devices::Host& host, const CommandRegistry& registry)
    : ctx_(ctx), host_(host), registry_(registry) {
  transcript_ = prompt();
}

Shell::~Shell() {
  ctx_.scheduler.cancel(reap_timer_);
  running_.reset();
  done_.clear();
}

std::string Shell::prompt() const { return host_.name() + "$ "; }

std::string Shell::take_output() {
  std::string out = transcript_.substr(taken_);
  taken_ = transcript_.size();
  return out;
}

void Shell::write(std::string_view text) {
  transcript_.append(text);
  if (!history_.empty() && !history_.back().finished) history_.back().output.append(text);
}

void Shell::input(const std::string& line, bool to_stdin) {
  if (running_) {
    if (to_stdin) {
      write(line + "\n");
      running_->input(line);
    } else {
      queued_.push_back(line);
    }
    return;
  }
  run_line(line);
}

void Shell::interrupt() {
  queued_.clear();
  if (running_) running_->interrupt();
  else write("^C\n" + prompt());
}

void Shell::run_line(const std::string& line) {
  write(line + "\n");
  auto words = split_command_line(line);
  if (words.empty()) {
    write(prompt());
    return;
  }
  history_.push_back({line, "", ctx_.now(), ctx_.now(), 0, false});
  const CommandInfo* info = registry_.find(words[0]);
  if (!info) {
    write(words[0] + ": command not found\n");
    history_.back().exit_code = 127;
    history_.back().finished = true;
    write(prompt());
    return;
  }
  running_ = info->make(*this, std::move(words));
  running_->start();
}

void Shell::command_finished(Command& c) {
  if (running_.get() != &c) return;
  CommandRecord& r = history_.back();
  r.finished = true;
  r.ended = ctx_.now();
  r.exit_code = c.exit_code();
  done_.push_back(std::move(running_));
  write(prompt());
  if (!ctx_.scheduler.pending(reap_timer_))
    reap_timer_ = ctx_.scheduler.schedule_in(0, [this] { reap(); });
}

void Shell::reap() {
  reap_timer_ = {};
  done_.clear();
  while (!running_ && !queued_.empty()) {
    std::string line = queued_.front();
    queued_.pop_front();
    run_line(line);
  }
}

}  // namespace wirelab::shell
