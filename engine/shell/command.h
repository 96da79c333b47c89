// A shell command: a small program that runs in virtual time. It starts, prints, sets timers,
// listens to the stack, and finishes with an exit code. Timers set through after() are
// cancelled automatically when the command ends, so a finished command is never called back.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/sim/scheduler.h"

namespace wirelab::devices { class Host; }
namespace wirelab::sim { struct SimContext; }

namespace wirelab::shell {

class Shell;

class Command {
 public:
  Command(Shell& shell, std::vector<std::string> args) : shell_(shell), args_(std::move(args)) {}
  virtual ~Command();
  Command(const Command&) = delete;
  Command& operator=(const Command&) = delete;

  virtual void start() = 0;
  // Ctrl+C. The default prints "^C" and exits with 130, as a shell shows for SIGINT.
  virtual void interrupt();
  // A line typed while the command runs (its standard input).
  virtual void input(const std::string& /*line*/) {}

  bool finished() const { return finished_; }
  int exit_code() const { return exit_code_; }

 protected:
  void print(std::string_view text);
  void finish(int exit_code);
  // Prints "usage" text to the terminal and finishes with exit code 2.
  void usage_error(std::string_view message);
  sim::TimerId after(SimDuration delay, std::function<void()> cb);
  void cancel(sim::TimerId& id);

  devices::Host& host();
  sim::SimContext& ctx();
  SimTime now();
  const std::vector<std::string>& args() const { return args_; }

 private:
  Shell& shell_;
  std::vector<std::string> args_;
  std::vector<sim::TimerId> timers_;
  bool finished_ = false;
  int exit_code_ = 0;
};

using CommandFactory = std::function<std::unique_ptr<Command>(Shell&, std::vector<std::string>)>;

struct CommandInfo {
  std::string name;
  std::string summary;  // one line for `help`
  CommandFactory make;
};

// The commands a shell knows. Built once, then read-only.
class CommandRegistry {
 public:
  void add(CommandInfo info) { commands_.push_back(std::move(info)); }
  const CommandInfo* find(const std::string& name) const;
  const std::vector<CommandInfo>& all() const { return commands_; }
  // Every built-in command (ping, traceroute, arp, ip, ...).
  static const CommandRegistry& builtin();

 private:
  std::vector<CommandInfo> commands_;
};

template <typename T>
CommandFactory factory() {
  return [](Shell& s, std::vector<std::string> a) -> std::unique_ptr<Command> {
    return std::make_unique<T>(s, std::move(a));
  };
}

}  // namespace wirelab::shell
