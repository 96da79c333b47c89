// A host's shell: a line in, terminal text out. Lines typed while a command runs go to that
// command's input, or, for lines typed by the timeline, wait their turn (type-ahead). Every
// command's output is kept per command so scenario checks can match it.
#pragma once
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "engine/sim/sim_context.h"
#include "engine/shell/command.h"

namespace wirelab::devices { class Host; }

namespace wirelab::shell {

struct CommandRecord {
  std::string line;
  std::string output;
  SimTime started = 0;
  SimTime ended = 0;
  int exit_code = 0;
  bool finished = false;
};

class Shell {
 public:
  Shell(sim::SimContext& ctx, devices::Host& host, const CommandRegistry& registry = CommandRegistry::builtin());
  ~Shell();

  // Types a line. If a command runs, `to_stdin` sends it to the command; otherwise it waits.
  void input(const std::string& line, bool to_stdin = false);
  void interrupt();
  bool busy() const { return static_cast<bool>(running_) || !queued_.empty(); }

  std::string prompt() const;
  const std::string& transcript() const { return transcript_; }
  std::string take_output();
  const std::vector<CommandRecord>& history() const { return history_; }
  const CommandRegistry& registry() const { return registry_; }

  // For commands.
  devices::Host& host() { return host_; }
  sim::SimContext& ctx() { return ctx_; }
  void write(std::string_view text);
  void command_finished(Command& c);

 private:
  void run_line(const std::string& line);
  void reap();

  sim::SimContext& ctx_;
  devices::Host& host_;
  const CommandRegistry& registry_;
  std::unique_ptr<Command> running_;
  std::vector<std::unique_ptr<Command>> done_;  // destroyed in a later event, never mid-call
  std::deque<std::string> queued_;
  std::string transcript_;
  std::size_t taken_ = 0;
  std::vector<CommandRecord> history_;
  sim::TimerId reap_timer_;
};

// Splits a command line into words: whitespace separates, '…' and "…" group, \ escapes.
std::vector<std::string> split_command_line(const std::string& line);

}  // namespace wirelab::shell
