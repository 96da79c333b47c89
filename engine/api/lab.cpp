#include "engine/api/lab.h"

#include <algorithm>
#include <map>
#include <regex>

#include "engine/apps/service_host.h"
#include "engine/devices/external_port.h"
#include "engine/devices/world.h"
#include "engine/dissect/capture_dissector.h"
#include "engine/dissect/display_filter.h"
#include "engine/scenario/scenario.h"
#include "engine/scenario/world_builder.h"
#include "engine/shell/shell.h"

namespace wirelab::api {

struct Lab::Impl {
  scenario::Scenario scenario;
  std::unique_ptr<devices::World> world;
  std::map<std::string, std::unique_ptr<shell::Shell>> shells;  // hosts and routers, by name
  std::vector<std::unique_ptr<apps::ServiceHost>> services;
  std::vector<std::string> shell_order;                          // scenario order
  std::size_t timeline_fired = 0;
  std::map<std::string, dissect::DisplayFilter> filters;         // compiled packet-check filters
  mutable std::unique_ptr<dissect::CaptureDissector> dissector;

  shell::Shell* shell(const std::string& host) const {
    auto it = shells.find(host);
    return it == shells.end() ? nullptr : it->second.get();
  }
  CheckResult evaluate(const scenario::CheckSpec& c) const;
};

Lab::Lab() : impl_(std::make_unique<Impl>()) {}
Lab::~Lab() {
  // Shells and servers cancel their timers and sockets, so they go before the world.
  if (impl_) {
    impl_->shells.clear();
    impl_->services.clear();
  }
}

std::unique_ptr<Lab> Lab::load(const std::string& json_text, std::vector<LoadError>& errors, const LoadOptions& options) {
  std::vector<scenario::ScenarioError> parse_errors;
  auto parsed = scenario::parse_scenario(json_text, parse_errors);
  for (auto& e : parse_errors) errors.push_back({e.path, e.reason});
  if (!parsed) return nullptr;

  std::unique_ptr<Lab> lab(new Lab());
  Impl& im = *lab->impl_;
  im.scenario = std::move(*parsed);
  if (options.seed) im.scenario.seed = *options.seed;
  for (const auto& c : im.scenario.checks) {
    if (c.type != scenario::CheckType::Packet || im.filters.count(c.filter)) continue;
    auto f = dissect::DisplayFilter::compile(c.filter);
    if (!f) errors.push_back({c.json_path + "/filter", f.error().reason});
    else im.filters.emplace(c.filter, f.value());
  }
  if (!errors.empty()) return nullptr;

  im.world = scenario::build_world(im.scenario);
  for (const auto& n : im.scenario.nodes) {
    if (auto* host = im.world->find_host(n.name)) {
      im.shells[n.name] = std::make_unique<shell::Shell>(im.world->ctx(), *host);
      if (!n.services.empty())
        im.services.push_back(std::make_unique<apps::ServiceHost>(im.world->ctx(), *host, n.services, im.scenario.epoch_ns));
      im.shell_order.push_back(n.name);
    }
  }
  for (const auto& e : im.scenario.timeline) {
    im.world->scheduler().schedule_at(e.at, [&im, e] {
      ++im.timeline_fired;
      shell::Shell& sh = *im.shells.at(e.host);
      switch (e.kind) {
        case scenario::TimelineEntry::Kind::Command: sh.input(e.text); break;
        case scenario::TimelineEntry::Kind::Input: sh.input(e.text, /*to_stdin=*/true); break;
        case scenario::TimelineEntry::Kind::Interrupt: sh.interrupt(); break;
      }
    });
  }
  im.dissector = std::make_unique<dissect::CaptureDissector>(im.world->ctx().capture);
  return lab;
}

const std::string& Lab::title() const { return impl_->scenario.title; }
const std::string& Lab::description() const { return impl_->scenario.description; }
const std::string& Lab::instructions() const { return impl_->scenario.instructions; }
const scenario::Scenario& Lab::scenario() const { return impl_->scenario; }
devices::World& Lab::world() { return *impl_->world; }
const capture::CaptureLog& Lab::capture() const { return impl_->world->ctx().capture; }

std::vector<NodeInfo> Lab::nodes() const {
  std::vector<NodeInfo> out;
  for (const auto& d : impl_->world->devices()) out.push_back({d->name(), d->type_name()});
  return out;
}

SimTime Lab::now() const { return impl_->world->now(); }
bool Lab::step() { return impl_->world->scheduler().step(); }
void Lab::run_until(SimTime t) { impl_->world->scheduler().run_until(t); }
SimTime Lab::next_event_time() const { return impl_->world->scheduler().next_event_time(); }

bool Lab::timeline_done() const {
  if (impl_->timeline_fired < impl_->scenario.timeline.size()) return false;
  for (const auto& [name, sh] : impl_->shells)
    if (sh->busy()) return false;
  return true;
}

SimTime Lab::run_to_completion(SimDuration limit) {
  auto& sched = impl_->world->scheduler();
  const SimTime end = now() + limit;
  if (impl_->scenario.duration) {
    run_until(std::min(end, *impl_->scenario.duration));
    return now();
  }
  while (!timeline_done() && sched.next_event_time() <= end) sched.step();
  // Let what is still in flight land (replies, ARP retries), but never chase long timers.
  const SimTime grace = std::min(end, now() + seconds(5));
  sched.run_until_idle(grace);
  return now();
}

Result<bool> Lab::input(const std::string& host, const std::string& line) {
  auto* sh = impl_->shell(host);
  if (!sh) return make_error(ErrorKind::NotFound, "no host or router named \"" + host + "\"");
  sh->input(line, /*to_stdin=*/true);
  return true;
}

Result<bool> Lab::interrupt(const std::string& host) {
  auto* sh = impl_->shell(host);
  if (!sh) return make_error(ErrorKind::NotFound, "no host or router named \"" + host + "\"");
  sh->interrupt();
  return true;
}

std::string Lab::transcript(const std::string& host) const {
  auto* sh = impl_->shell(host);
  return sh ? sh->transcript() : std::string();
}

std::string Lab::take_output(const std::string& host) {
  auto* sh = impl_->shell(host);
  return sh ? sh->take_output() : std::string();
}

bool Lab::busy(const std::string& host) const {
  auto* sh = impl_->shell(host);
  return sh && sh->busy();
}

std::vector<Lab::CommandLog> Lab::command_log() const {
  std::vector<CommandLog> out;
  for (const auto& name : impl_->shell_order)
    for (const auto& r : impl_->shells.at(name)->history())
      out.push_back({name, r.line, r.output, r.started, r.exit_code, r.finished});
  std::stable_sort(out.begin(), out.end(), [](const CommandLog& a, const CommandLog& b) { return a.started < b.started; });
  return out;
}

Result<devices::ExternalPort*> Lab::attach_external(const std::string& endpoint) {
  auto colon = endpoint.find(':');
  if (colon == std::string::npos) return make_error(ErrorKind::Invalid, "expected NODE:PORT, like sw1:4");
  const std::string node = endpoint.substr(0, colon), port = endpoint.substr(colon + 1);
  link::Device* dev = impl_->world->find(node);
  if (!dev) return make_error(ErrorKind::NotFound, "no node named \"" + node + "\"");
  const int index = dev->find_port(port);
  if (index < 0) return make_error(ErrorKind::NotFound, "\"" + node + "\" has no port \"" + port + "\"");
  if (dev->port(static_cast<std::size_t>(index)).cable)
    return make_error(ErrorKind::Invalid, "port " + endpoint + " is already cabled");
  auto& ext = impl_->world->add_device<devices::ExternalPort>("external-" + node + "-" + port);
  link::LinkParams params;
  params.delay = 0;
  params.bandwidth_bps = 0;  // the real link sets the pace
  params.mtu = 1500;
  impl_->world->connect(*dev, static_cast<std::size_t>(index), ext, 0, params, "tap-" + node + ":" + port);
  return &ext;
}

std::vector<CheckResult> Lab::checks() const {
  std::vector<CheckResult> out;
  for (const auto& c : impl_->scenario.checks) out.push_back(impl_->evaluate(c));
  return out;
}

CheckResult Lab::Impl::evaluate(const scenario::CheckSpec& c) const {
  CheckResult r{c.name, false, ""};
  switch (c.type) {
    case scenario::CheckType::Output: {
      const auto& history = shells.at(c.host)->history();
      std::vector<const shell::CommandRecord*> candidates;
      if (c.step) {
        if (*c.step >= history.size()) {
          r.detail = c.host + " has run " + std::to_string(history.size()) + " command(s); step " +
                     std::to_string(*c.step) + " has not happened";
          return r;
        }
        candidates.push_back(&history[*c.step]);
      } else {
        for (const auto& h : history) candidates.push_back(&h);
      }
      for (const auto* rec : candidates) {
        if (c.contains && rec->output.find(*c.contains) == std::string::npos) continue;
        if (c.matches && !std::regex_search(rec->output, std::regex(*c.matches))) continue;
        if (c.exit_code && (!rec->finished || rec->exit_code != *c.exit_code)) continue;
        r.passed = true;
        r.detail = "`" + rec->line + "` on " + c.host;
        return r;
      }
      r.detail = candidates.empty() ? c.host + " has not run any command" : "no matching output on " + c.host;
      return r;
    }
    case scenario::CheckType::Packet: {
      const auto& filter = filters.at(c.filter);
      const std::size_t n = dissector->matching(&filter).size();
      r.passed = n >= c.min_count && (!c.max_count || n <= *c.max_count);
      r.detail = std::to_string(n) + " packet(s) match `" + c.filter + "`";
      return r;
    }
    case scenario::CheckType::ArpEntry: {
      const auto* host = world->find_host(c.host);
      auto mac = host->stack().arp().lookup(*c.ip, world->now());
      r.passed = mac && (!c.mac || *mac == *c.mac);
      r.detail = mac ? c.host + " has " + c.ip->to_string() + " at " + mac->to_string()
                     : c.host + " has no ARP entry for " + c.ip->to_string();
      return r;
    }
  }
  return r;
}

}  // namespace wirelab::api
