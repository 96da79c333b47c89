// wirelab: the headless command-line front end. Runs scenarios, validates them, dissects
// captures. Uses only the Lab façade and the capture/dissect observers.
#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "engine/api/lab.h"
#include "engine/capture/pcap_writer.h"
#include "engine/capture/pcapng_writer.h"
#include "engine/dissect/capture_dissector.h"
#include "engine/dissect/capture_file_reader.h"
#include "engine/dissect/display_filter.h"
#include "engine/dissect/text_output.h"
#include "realtime_bridge.h"

using namespace wirelab;

namespace {

constexpr const char* kUsage =
    "Usage: wirelab <command> [options]\n"
    "\n"
    "Commands:\n"
    "  run FILE [--pcap OUT [--link NAME]] [--until DURATION] [--seed N] [-q] [--tap IFNAME@NODE:PORT]\n"
    "        run a scenario headless: print every command's transcript and every check's\n"
    "        result; exit 1 if a check fails. OUT ending in .pcapng writes pcapng (one interface\n"
    "        per link), else pcap; --link keeps one link's frames (e.g. pc1:eth0-sw1:1), which\n"
    "        is what Wireshark's TCP analysis expects (a frame crossing a switch is captured\n"
    "        once per cable).\n"
    "        --tap bridges NODE:PORT (e.g. sw1:4) to an existing Linux TAP device and runs in\n"
    "        real time until --until or Ctrl+C, so real tools can reach the virtual hosts.\n"
    "  validate FILE...\n"
    "        check scenario files; print each error with its JSON path\n"
    "  dissect PCAP_OR_SCENARIO [-V] [-Y FILTER] [--seed N]\n"
    "        print the packet list (No. Time Source Destination Protocol Length Info),\n"
    "        with -V the field trees; a .json scenario is run first\n"
    "  help\n";

std::atomic<bool> g_stop{false};
void on_signal(int) { g_stop = true; }

bool read_file(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  out = ss.str();
  return true;
}

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::unique_ptr<api::Lab> load_lab(const std::string& path, const api::LoadOptions& options) {
  std::string text;
  if (!read_file(path, text)) {
    std::cerr << "wirelab: cannot read " << path << ": " << std::strerror(errno) << "\n";
    return nullptr;
  }
  std::vector<api::LoadError> errors;
  auto lab = api::Lab::load(text, errors, options);
  for (const auto& e : errors) std::cerr << path << ": " << e.path << ": " << e.reason << "\n";
  return lab;
}

// Indices of the frames captured on the link named `link` (every frame when it is empty).
std::optional<std::vector<std::size_t>> frames_on_link(const capture::CaptureLog& log, const std::string& link) {
  std::vector<std::size_t> out;
  if (link.empty()) {
    for (std::size_t i = 0; i < log.frames().size(); ++i) out.push_back(i);
    return out;
  }
  const auto& ifs = log.interfaces();
  auto it = std::find_if(ifs.begin(), ifs.end(), [&](const capture::CaptureInterface& i) { return i.name == link; });
  if (it == ifs.end()) {
    std::cerr << "wirelab: no link named \"" << link << "\"; links:";
    for (const auto& i : ifs) std::cerr << " " << i.name;
    std::cerr << "\n";
    return std::nullopt;
  }
  const auto index = static_cast<std::uint32_t>(it - ifs.begin());
  for (std::size_t i = 0; i < log.frames().size(); ++i)
    if (log.frames()[i].interface == index) out.push_back(i);
  return out;
}

bool write_capture(const capture::CaptureLog& log, const std::string& out, const std::string& link) {
  auto frames = frames_on_link(log, link);
  if (!frames) return false;
  Bytes bytes = ends_with(out, ".pcapng") ? capture::write_pcapng(log, &*frames) : capture::write_pcap(log, &*frames);
  std::ofstream f(out, std::ios::binary);
  f.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  if (!f) {
    std::cerr << "wirelab: cannot write " << out << "\n";
    return false;
  }
  return true;
}

struct CommonArgs {
  std::vector<std::string> files;
  api::LoadOptions load;
  std::string pcap, filter, tap, link;
  std::optional<SimDuration> until;
  bool quiet = false, verbose = false;
  std::string error;
};

CommonArgs parse_args(int argc, char** argv, int first) {
  CommonArgs a;
  for (int i = first; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&](const char* name) -> std::string {
      if (i + 1 >= argc) {
        a.error = std::string(name) + " needs a value";
        return "";
      }
      return argv[++i];
    };
    if (arg == "--pcap") a.pcap = value("--pcap");
    else if (arg == "--until") {
      std::string v = value("--until");
      a.until = parse_duration(v);
      if (!a.until && a.error.empty()) a.error = "--until: \"" + v + "\" is not a duration (e.g. 30s, 500ms)";
    } else if (arg == "--seed") {
      std::string v = value("--seed");
      char* end = nullptr;
      unsigned long long s = std::strtoull(v.c_str(), &end, 10);
      if (v.empty() || *end) a.error = "--seed: \"" + v + "\" is not a non-negative integer";
      else a.load.seed = s;
    } else if (arg == "-Y") a.filter = value("-Y");
    else if (arg == "--tap") a.tap = value("--tap");
    else if (arg == "--link") a.link = value("--link");
    else if (arg == "-q") a.quiet = true;
    else if (arg == "-V") a.verbose = true;
    else if (!arg.empty() && arg[0] == '-') a.error = "unknown option " + arg;
    else a.files.push_back(arg);
  }
  return a;
}

void run_lab(api::Lab& lab, const std::optional<SimDuration>& until) {
  if (until) lab.run_until(*until);
  else lab.run_to_completion();
}

int cmd_run(const CommonArgs& a) {
  if (a.files.size() != 1) {
    std::cerr << kUsage;
    return 2;
  }
  auto lab = load_lab(a.files[0], a.load);
  if (!lab) return 2;
  std::cout << "Lab: " << lab->title() << "\n" << std::flush;
  if (!a.tap.empty()) {
    auto at = a.tap.find('@');
    if (at == std::string::npos) {
      std::cerr << "wirelab run: --tap expects IFNAME@NODE:PORT, like vtap0@sw1:4\n";
      return 2;
    }
    std::signal(SIGINT, on_signal);
    std::signal(SIGTERM, on_signal);
    int rc = tools::run_bridged(*lab, a.tap.substr(0, at), a.tap.substr(at + 1), a.until, g_stop);
    if (rc != 0) return rc;
  } else {
    run_lab(*lab, a.until);
  }
  if (!a.quiet) {
    for (const auto& c : lab->command_log()) {
      std::cout << "\n[" << format_seconds(c.started) << "] " << c.host << "$ " << c.line << "\n" << c.output;
      if (!c.finished) std::cout << "(still running)\n";
    }
  }
  std::cout << "\nStopped at " << format_seconds(lab->now()) << " s of virtual time, "
            << lab->capture().frames().size() << " frames captured";
  if (lab->capture().truncated()) std::cout << " (capture limit reached: " << lab->capture().dropped() << " not kept)";
  std::cout << ".\n";
  if (!a.pcap.empty() && !write_capture(lab->capture(), a.pcap, a.link)) return 2;
  auto checks = lab->checks();
  int passed = 0;
  if (!checks.empty()) std::cout << "\nChecks:\n";
  for (const auto& c : checks) {
    passed += c.passed;
    std::cout << "  [" << (c.passed ? "PASS" : "FAIL") << "] " << c.name << " (" << c.detail << ")\n";
  }
  std::cout << passed << "/" << checks.size() << " checks passed\n";
  return passed == static_cast<int>(checks.size()) ? 0 : 1;
}

int cmd_validate(const CommonArgs& a) {
  if (a.files.empty()) {
    std::cerr << kUsage;
    return 2;
  }
  int rc = 0;
  for (const auto& f : a.files) {
    auto lab = load_lab(f, a.load);
    if (lab) std::cout << f << ": OK\n";
    else rc = 1;
  }
  return rc;
}

int cmd_dissect(const CommonArgs& a) {
  if (a.files.size() != 1) {
    std::cerr << kUsage;
    return 2;
  }
  const std::string& path = a.files[0];
  std::unique_ptr<api::Lab> lab;
  std::optional<capture::CaptureLog> file_log;
  const capture::CaptureLog* log = nullptr;
  if (ends_with(path, ".json")) {
    lab = load_lab(path, a.load);
    if (!lab) return 2;
    run_lab(*lab, a.until);
    log = &lab->capture();
  } else {
    std::string bytes;
    if (!read_file(path, bytes)) {
      std::cerr << "wirelab: cannot read " << path << ": " << std::strerror(errno) << "\n";
      return 2;
    }
    auto parsed = dissect::read_pcap_or_pcapng(ByteView(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()));
    if (!parsed) {
      std::cerr << "wirelab: " << path << ": " << parsed.error().reason << "\n";
      return 2;
    }
    file_log = std::move(parsed.value());
    log = &*file_log;
  }
  std::optional<dissect::DisplayFilter> filter;
  if (!a.filter.empty()) {
    auto f = dissect::DisplayFilter::compile(a.filter);
    if (!f) {
      std::cerr << "wirelab: invalid display filter: " << f.error().reason << "\n";
      return 2;
    }
    filter = f.value();
  }
  dissect::CaptureDissector dissector(*log);
  for (std::size_t i : dissector.matching(filter ? &*filter : nullptr)) {
    const auto& p = dissector.frame(i);
    if (a.verbose) std::cout << dissect::format_tree(p) << "\n";
    else std::cout << dissect::format_packet_line(p) << "\n";
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << kUsage;
    return 2;
  }
  std::string cmd = argv[1];
  if (cmd == "help" || cmd == "--help" || cmd == "-h") {
    std::cout << kUsage;
    return 0;
  }
  CommonArgs a = parse_args(argc, argv, 2);
  if (!a.error.empty()) {
    std::cerr << "wirelab " << cmd << ": " << a.error << "\n\n" << kUsage;
    return 2;
  }
  if (cmd == "run") return cmd_run(a);
  if (cmd == "validate") return cmd_validate(a);
  if (cmd == "dissect") return cmd_dissect(a);
  std::cerr << "wirelab: unknown command \"" << cmd << "\"\n\n" << kUsage;
  return 2;
}
