// The Lab façade: the one door into a running lab for the UI, the web API, the CLI and tests.
// Commands go in (load, run/step, shell input, topology edits); state is read out (transcripts,
// capture, checks). Nothing above this header touches devices, stacks or the scheduler directly.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/base/result.h"
#include "engine/base/sim_time.h"
#include "engine/capture/capture_log.h"

namespace wirelab::scenario { struct Scenario; }
namespace wirelab::devices { class World; class ExternalPort; }

namespace wirelab::api {

struct CheckResult {
  std::string name;         // what the student should achieve, as written in the scenario
  bool passed = false;
  std::string detail;       // why it failed (or what matched)
};

// One scenario-loading error: the JSON path (e.g. "/nodes/1/interfaces/0/ip") and the reason.
struct LoadError {
  std::string path;
  std::string reason;
};

struct LoadOptions {
  std::optional<std::uint64_t> seed;  // overrides the scenario's seed
};

struct NodeInfo {
  std::string name;
  std::string type;  // "host", "router", "switch", "hub"
};

class Lab {
 public:
  // Parses and validates scenario JSON text; on failure returns every error found.
  static std::unique_ptr<Lab> load(const std::string& json_text, std::vector<LoadError>& errors,
                                   const LoadOptions& options = {});
  ~Lab();

  // --- metadata ---------------------------------------------------------------------------
  const std::string& title() const;
  const std::string& description() const;
  const std::string& instructions() const;  // markdown for the student
  std::vector<NodeInfo> nodes() const;

  // --- time ---------------------------------------------------------------------------------
  SimTime now() const;
  bool step();                   // runs one event; false if none is pending
  void run_until(SimTime t);     // runs every event up to t
  void run_for(SimDuration d) { run_until(now() + d); }
  // Runs the scenario's timeline to its end and until every shell is idle and the network has
  // gone quiet, never past `limit` of virtual time. Returns the time it stopped at.
  SimTime run_to_completion(SimDuration limit = seconds(600));
  SimTime next_event_time() const;
  bool timeline_done() const;    // every timeline command has been typed and has finished

  // --- shells -------------------------------------------------------------------------------
  // Types a line into a host's shell (queued if a command is running, like type-ahead).
  Result<bool> input(const std::string& host, const std::string& line);
  Result<bool> interrupt(const std::string& host);  // Ctrl+C
  // Everything the host's terminal has shown (prompts, echoed commands, output).
  std::string transcript(const std::string& host) const;
  // New terminal text since the last call for that host (for terminals that stream).
  std::string take_output(const std::string& host);
  bool busy(const std::string& host) const;

  // --- capture and checks ---------------------------------------------------------------------
  const capture::CaptureLog& capture() const;
  std::vector<CheckResult> checks() const;  // evaluated now, against the current state

  // --- the outside world ---------------------------------------------------------------------
  // Cables a new external port (for a TAP bridge) to `endpoint` ("sw1:4", or a host's free
  // interface "pc1:eth1"). The caller's plumbing moves frames between it and the real device.
  Result<devices::ExternalPort*> attach_external(const std::string& endpoint);

  // --- for tests and tools ------------------------------------------------------------------
  devices::World& world();
  const scenario::Scenario& scenario() const;
  // Shell histories per host (commands with their output, times and exit codes).
  struct CommandLog {
    std::string host;
    std::string line;
    std::string output;
    SimTime started = 0;
    int exit_code = 0;
    bool finished = false;
  };
  std::vector<CommandLog> command_log() const;  // every host's commands, in start-time order

 private:
  Lab();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace wirelab::api
