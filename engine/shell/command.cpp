#include "engine/shell/command.h"

#include "engine/shell/shell.h"

namespace wirelab::shell {

Command::~Command() {
  for (auto& t : timers_) shell_.ctx().scheduler.cancel(t);
}

void Command::interrupt() {
  print("^C\n");
  finish(130);
}

void Command::print(std::string_view text) {
  if (!finished_) shell_.write(text);
}

void Command::finish(int exit_code) {
  if (finished_) return;
  exit_code_ = exit_code;
  finished_ = true;
  for (auto& t : timers_) shell_.ctx().scheduler.cancel(t);
  timers_.clear();
  shell_.command_finished(*this);
}

void Command::usage_error(std::string_view message) {
  print(message);
  if (!message.empty() && message.back() != '\n') print("\n");
  finish(2);
}

sim::TimerId Command::after(SimDuration delay, std::function<void()> cb) {
  // Drop handles of timers that already ran, so long-running commands stay bounded.
  std::erase_if(timers_, [this](const sim::TimerId& t) { return !shell_.ctx().scheduler.pending(t); });
  sim::TimerId id = shell_.ctx().scheduler.schedule_in(delay, std::move(cb));
  timers_.push_back(id);
  return id;
}

void Command::cancel(sim::TimerId& id) { shell_.ctx().scheduler.cancel(id); }

devices::Host& Command::host() { return shell_.host(); }
sim::SimContext& Command::ctx() { return shell_.ctx(); }
SimTime Command::now() { return shell_.ctx().now(); }

const CommandInfo* CommandRegistry::find(const std::string& name) const {
  for (const auto& c : commands_)
    if (c.name == name) return &c;
  return nullptr;
}

}  // namespace wirelab::shell
