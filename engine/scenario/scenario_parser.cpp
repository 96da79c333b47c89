// JSON -> Scenario with every error reported by JSON Pointer path. Unknown keys are errors, so a
// typo ("gatway") is caught instead of silently ignored.
#include <algorithm>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "engine/scenario/scenario.h"
#include "engine/scenario/value_parsers.h"

namespace wirelab::scenario {

using nlohmann::json;

const char* to_string(NodeType t) {
  switch (t) {
    case NodeType::Host: return "host";
    case NodeType::Router: return "router";
    case NodeType::Switch: return "switch";
    case NodeType::Hub: return "hub";
  }
  return "?";
}

const NodeSpec* Scenario::find_node(const std::string& name) const {
  for (const auto& n : nodes)
    if (n.name == name) return &n;
  return nullptr;
}

namespace {

std::string escape_pointer(const std::string& key) {
  std::string out;
  for (char c : key) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

// Reads one JSON object, remembering which keys were consumed so the rest can be reported.
class ObjectReader {
 public:
  ObjectReader(const json& j, std::string path, std::vector<ScenarioError>& errors)
      : j_(j), path_(std::move(path)), errors_(errors) {
    if (!j_.is_object()) error("", "expected an object");
  }
  ~ObjectReader() {
    if (!j_.is_object()) return;
    for (auto it = j_.begin(); it != j_.end(); ++it)
      if (!seen_.count(it.key())) error(it.key(), "unknown key \"" + it.key() + "\"");
  }

  std::string path(const std::string& key) const { return path_ + "/" + escape_pointer(key); }
  // Marks every key as read: used when an earlier error (an unknown "type") means the other
  // keys cannot be judged, so they are not also reported as unknown.
  void accept_all() {
    if (j_.is_object())
      for (auto it = j_.begin(); it != j_.end(); ++it) seen_.insert(it.key());
  }
  std::vector<ScenarioError>& errors() { return errors_; }
  void error(const std::string& key, const std::string& reason) {
    errors_.push_back({key.empty() ? (path_.empty() ? "/" : path_) : path(key), reason});
  }
  const json* get(const std::string& key, bool required = false) {
    seen_.insert(key);
    if (!j_.is_object()) return nullptr;
    auto it = j_.find(key);
    if (it == j_.end()) {
      if (required) error(key, "required key is missing");
      return nullptr;
    }
    return &*it;
  }
  std::optional<std::string> string(const std::string& key, bool required = false) {
    const json* v = get(key, required);
    if (!v) return std::nullopt;
    if (!v->is_string()) {
      error(key, "expected a string");
      return std::nullopt;
    }
    return v->get<std::string>();
  }
  std::optional<long long> integer(const std::string& key, long long min, long long max, bool required = false) {
    const json* v = get(key, required);
    if (!v) return std::nullopt;
    if (!v->is_number_integer() || v->get<long long>() < min || v->get<long long>() > max) {
      error(key, "expected an integer from " + std::to_string(min) + " to " + std::to_string(max));
      return std::nullopt;
    }
    return v->get<long long>();
  }
  std::optional<double> number(const std::string& key, double min, double max) {
    const json* v = get(key);
    if (!v) return std::nullopt;
    if (!v->is_number() || v->get<double>() < min || v->get<double>() > max) {
      error(key, "expected a number from " + std::to_string(min) + " to " + std::to_string(max));
      return std::nullopt;
    }
    return v->get<double>();
  }
  std::optional<bool> boolean(const std::string& key) {
    const json* v = get(key);
    if (!v) return std::nullopt;
    if (!v->is_boolean()) {
      error(key, "expected true or false");
      return std::nullopt;
    }
    return v->get<bool>();
  }
  std::optional<SimDuration> duration(const std::string& key, bool required = false) {
    const json* v = get(key, required);
    if (!v) return std::nullopt;
    std::optional<SimDuration> d;
    if (v->is_string()) d = parse_duration(v->get<std::string>());
    else if (v->is_number() && v->get<double>() >= 0) d = parse_duration(std::to_string(v->get<double>()));
    if (!d) error(key, "expected a duration such as \"1.5s\", \"20ms\", \"100us\" or a number of seconds");
    return d;
  }
  const json* array(const std::string& key, bool required = false) {
    const json* v = get(key, required);
    if (v && !v->is_array()) {
      error(key, "expected an array");
      return nullptr;
    }
    return v;
  }

 private:
  const json& j_;
  std::string path_;
  std::vector<ScenarioError>& errors_;
  std::set<std::string> seen_;
};

template <typename T, typename Parse>
std::optional<T> typed(ObjectReader& r, const std::string& key, bool required, const char* what, Parse parse) {
  auto s = r.string(key, required);
  if (!s) return std::nullopt;
  auto v = parse(*s);
  if (!v) r.error(key, "\"" + *s + "\" is not " + what);
  return v;
}

std::optional<wire::Ipv4Prefix> prefix(ObjectReader& r, const std::string& key, bool required) {
  return typed<wire::Ipv4Prefix>(r, key, required, "an IPv4 address with a prefix length, like \"10.0.0.1/24\"",
                                 [](const std::string& s) { return wire::Ipv4Prefix::parse(s); });
}
std::optional<wire::Ipv4Address> address(ObjectReader& r, const std::string& key, bool required) {
  return typed<wire::Ipv4Address>(r, key, required, "an IPv4 address like \"10.0.0.1\"",
                                  [](const std::string& s) { return wire::Ipv4Address::parse(s); });
}
std::optional<wire::MacAddress> mac(ObjectReader& r, const std::string& key) {
  return typed<wire::MacAddress>(r, key, false, "a MAC address like \"02:00:00:00:00:01\"",
                                 [](const std::string& s) { return wire::MacAddress::parse(s); });
}

void parse_interfaces(ObjectReader& r, NodeSpec& node) {
  const json* ifs = r.array("interfaces", true);
  if (!ifs) return;
  if (ifs->empty()) r.error("interfaces", "a " + std::string(to_string(node.type)) + " needs at least one interface");
  std::set<std::string> names;
  for (std::size_t i = 0; i < ifs->size(); ++i) {
    ObjectReader ir((*ifs)[i], r.path("interfaces") + "/" + std::to_string(i), r.errors());
    InterfaceSpec spec;
    spec.name = ir.string("name").value_or("eth" + std::to_string(i));
    if (!names.insert(spec.name).second) ir.error("name", "duplicate interface name \"" + spec.name + "\"");
    spec.ip = prefix(ir, "ip", false);
    spec.mac = mac(ir, "mac");
    if (auto m = ir.integer("mtu", 68, 65535)) spec.mtu = static_cast<std::uint32_t>(*m);
    node.interfaces.push_back(spec);
  }
}

void parse_routes(ObjectReader& r, NodeSpec& node) {
  const json* routes = r.array("routes");
  if (!routes) return;
  for (std::size_t i = 0; i < routes->size(); ++i) {
    ObjectReader rr((*routes)[i], r.path("routes") + "/" + std::to_string(i), r.errors());
    RouteSpec spec;
    auto to = rr.string("to", true);
    if (to) {
      if (*to == "default") spec.destination = {{0}, 0};
      else if (auto p = wire::Ipv4Prefix::parse(*to)) spec.destination = *p;
      else rr.error("to", "\"" + *to + "\" is not a network like \"10.1.0.0/24\" or \"default\"");
    }
    auto via = address(rr, "via", true);
    if (via) spec.via = *via;
    if (auto m = rr.integer("metric", 0, 65535)) spec.metric = static_cast<std::uint32_t>(*m);
    node.routes.push_back(spec);
  }
}

void parse_services(ObjectReader& r, NodeSpec& node) {
  const json* list = r.array("services");
  if (!list) return;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const json& item = (*list)[i];
    const std::string path = r.path("services") + "/" + std::to_string(i);
    apps::ServiceSpec spec;
    if (item.is_string()) {
      spec.type = item.get<std::string>();
    } else {
      ObjectReader sr(item, path, r.errors());
      spec.type = sr.string("type", true).value_or("");
      if (auto t = sr.boolean("tcp")) spec.tcp = *t;
      if (auto u = sr.boolean("udp")) spec.udp = *u;
      if (auto p = sr.integer("port", 1, 65535)) spec.port = static_cast<std::uint16_t>(*p);
      if (auto refuse = sr.string("refuse")) spec.finger.refuse_message = *refuse;
      if (const json* users = sr.array("users")) {
        for (std::size_t u = 0; u < users->size(); ++u) {
          ObjectReader ur((*users)[u], sr.path("users") + "/" + std::to_string(u), r.errors());
          apps::FingerUser user;
          user.login = ur.string("login", true).value_or("");
          user.name = ur.string("name").value_or("");
          user.office = ur.string("office").value_or("");
          user.phone = ur.string("phone").value_or("");
          user.plan = ur.string("plan").value_or("");
          user.tty = ur.string("tty").value_or("pts/0");
          user.from = ur.string("from").value_or("");
          if (auto l = ur.boolean("logged_in")) user.logged_in = *l;
          spec.finger.users.push_back(user);
        }
      }
      if (spec.type != "finger" && (sr.get("users") || sr.get("refuse")))
        sr.error("", "\"users\" and \"refuse\" belong to a finger service");
    }
    if (!item.is_string() && !item.is_object()) continue;  // ObjectReader reported it
    if (!apps::well_known_port(spec.type))
      r.errors().push_back({path + (item.is_string() ? "" : "/type"),
                            "unknown service \"" + spec.type + "\" (expected echo, discard, chargen, daytime, time or finger)"});
    node.services.push_back(spec);
  }
}

NodeSpec parse_node(const json& j, const std::string& path, std::vector<ScenarioError>& errors) {
  ObjectReader r(j, path, errors);
  NodeSpec node;
  node.name = r.string("name", true).value_or("");
  if (r.get("name") && !node.name.empty() && !std::regex_match(node.name, std::regex("[A-Za-z][A-Za-z0-9_.-]{0,31}")))
    r.error("name", "node names start with a letter and use letters, digits, '-', '_' or '.' (at most 32)");
  auto type = r.string("type", true);
  if (type) {
    if (*type == "host") node.type = NodeType::Host;
    else if (*type == "router") node.type = NodeType::Router;
    else if (*type == "switch") node.type = NodeType::Switch;
    else if (*type == "hub") node.type = NodeType::Hub;
    else r.error("type", "unknown node type \"" + *type + "\" (expected host, router, switch or hub)");
  }
  if (node.type == NodeType::Host || node.type == NodeType::Router) {
    parse_interfaces(r, node);
    node.gateway = address(r, "gateway", false);
    parse_routes(r, node);
    node.arp_timeout = r.duration("arp_timeout");
    node.tcp_msl = r.duration("tcp_msl");
    parse_services(r, node);
  } else {
    if (auto p = r.integer("ports", 1, 64)) node.ports = static_cast<std::size_t>(*p);
    if (node.type == NodeType::Switch)
      if (auto a = r.duration("mac_ageing")) node.mac_ageing = *a;
  }
  return node;
}

bool split_endpoint(const std::string& s, std::string& node, std::string& port) {
  auto colon = s.find(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == s.size()) return false;
  node = s.substr(0, colon);
  port = s.substr(colon + 1);
  return true;
}

LinkSpec parse_link(const json& j, const std::string& path, std::vector<ScenarioError>& errors) {
  ObjectReader r(j, path, errors);
  LinkSpec link;
  for (const char* end : {"a", "b"}) {
    auto s = r.string(end, true);
    if (!s) continue;
    std::string& node = end[0] == 'a' ? link.a_node : link.b_node;
    std::string& port = end[0] == 'a' ? link.a_port : link.b_port;
    if (!split_endpoint(*s, node, port)) r.error(end, "expected \"node:port\", like \"pc1:eth0\" or \"sw1:3\"");
  }
  link.name = r.string("name").value_or("");
  if (auto d = r.duration("delay")) link.params.delay = *d;
  if (auto b = r.get("bandwidth")) {
    std::optional<std::uint64_t> bps;
    if (b->is_string()) bps = parse_bandwidth(b->get<std::string>());
    else if (b->is_number_unsigned()) bps = b->get<std::uint64_t>();
    if (!bps) r.error("bandwidth", "expected a rate such as \"100Mbps\", \"1Gbps\", \"64kbps\" or 0 for unlimited");
    else link.params.bandwidth_bps = *bps;
  }
  if (auto m = r.integer("mtu", 68, 65535)) link.params.mtu = static_cast<std::uint32_t>(*m);
  if (auto q = r.integer("queue", 1, 100000)) link.params.queue_limit = static_cast<std::size_t>(*q);
  if (auto u = r.boolean("up")) link.params.up = *u;
  if (auto l = r.number("loss", 0, 1)) link.params.faults.loss = *l;
  if (auto d = r.number("duplicate", 0, 1)) link.params.faults.duplicate = *d;
  if (auto c = r.number("corrupt", 0, 1)) link.params.faults.corrupt = *c;
  if (auto jt = r.duration("jitter")) link.params.faults.reorder_jitter = *jt;
  return link;
}

CheckSpec parse_check(const json& j, const std::string& path, std::vector<ScenarioError>& errors) {
  ObjectReader r(j, path, errors);
  CheckSpec c;
  c.json_path = path;
  c.name = r.string("name", true).value_or("");
  auto type = r.string("type", true);
  if (!type) return c;
  if (*type == "output") {
    c.type = CheckType::Output;
    c.host = r.string("host", true).value_or("");
    if (auto s = r.integer("step", 0, 100000)) c.step = static_cast<std::size_t>(*s);
    c.contains = r.string("contains");
    c.matches = r.string("matches");
    if (auto e = r.integer("exit_code", 0, 255)) c.exit_code = static_cast<int>(*e);
    if (c.matches) {
      try {
        std::regex re(*c.matches);
      } catch (const std::regex_error& e) {
        r.error("matches", std::string("invalid regular expression: ") + e.what());
      }
    }
    if (!c.contains && !c.matches && !c.exit_code)
      r.error("", "an output check needs \"contains\", \"matches\" or \"exit_code\"");
  } else if (*type == "packet") {
    c.type = CheckType::Packet;
    c.filter = r.string("filter", true).value_or("");
    if (auto m = r.integer("min", 0, 1000000000)) c.min_count = static_cast<std::size_t>(*m);
    if (auto m = r.integer("max", 0, 1000000000)) c.max_count = static_cast<std::size_t>(*m);
  } else if (*type == "arp_entry") {
    c.type = CheckType::ArpEntry;
    c.host = r.string("host", true).value_or("");
    c.ip = address(r, "ip", true);
    c.mac = mac(r, "mac");
  } else {
    r.error("type", "unknown check type \"" + *type + "\" (expected output, packet or arp_entry)");
    r.accept_all();
  }
  return c;
}

// Cross-references: names exist, ports exist and are used once, timeline hosts can run commands.
void validate_references(Scenario& s, std::vector<ScenarioError>& errors) {
  std::set<std::string> names;
  for (std::size_t i = 0; i < s.nodes.size(); ++i)
    if (!s.nodes[i].name.empty() && !names.insert(s.nodes[i].name).second)
      errors.push_back({"/nodes/" + std::to_string(i) + "/name", "duplicate node name \"" + s.nodes[i].name + "\""});

  auto has_port = [](const NodeSpec& n, const std::string& port) {
    if (n.type == NodeType::Switch || n.type == NodeType::Hub) {
      for (std::size_t p = 1; p <= n.ports; ++p)
        if (port == std::to_string(p)) return true;
      return false;
    }
    for (const auto& i : n.interfaces)
      if (i.name == port) return true;
    return false;
  };
  std::set<std::string> used;
  for (std::size_t i = 0; i < s.links.size(); ++i) {
    const LinkSpec& l = s.links[i];
    const std::string base = "/links/" + std::to_string(i);
    for (int e = 0; e < 2; ++e) {
      const std::string& node = e ? l.b_node : l.a_node;
      const std::string& port = e ? l.b_port : l.a_port;
      if (node.empty()) continue;
      const std::string p = base + (e ? "/b" : "/a");
      const NodeSpec* n = s.find_node(node);
      if (!n) errors.push_back({p, "no node named \"" + node + "\""});
      else if (!has_port(*n, port)) errors.push_back({p, "\"" + node + "\" has no port \"" + port + "\""});
      else if (!used.insert(node + ":" + port).second) errors.push_back({p, "port " + node + ":" + port + " is already cabled"});
    }
    if (!l.a_node.empty() && l.a_node == l.b_node) errors.push_back({base, "a cable cannot join a node to itself"});
  }
  for (std::size_t i = 0; i < s.nodes.size(); ++i) {
    const NodeSpec& n = s.nodes[i];
    auto on_subnet = [&](wire::Ipv4Address a) {
      for (const auto& ifc : n.interfaces)
        if (ifc.ip && ifc.ip->contains(a)) return true;
      return false;
    };
    if (n.gateway && !on_subnet(*n.gateway))
      errors.push_back({"/nodes/" + std::to_string(i) + "/gateway",
                        "gateway " + n.gateway->to_string() + " is not on any of " + n.name + "'s subnets"});
    for (std::size_t r = 0; r < n.routes.size(); ++r)
      if (!on_subnet(n.routes[r].via))
        errors.push_back({"/nodes/" + std::to_string(i) + "/routes/" + std::to_string(r) + "/via",
                          "next hop " + n.routes[r].via.to_string() + " is not on any of " + n.name + "'s subnets"});
  }
  auto is_shell_host = [&](const std::string& name) {
    const NodeSpec* n = s.find_node(name);
    return n && (n->type == NodeType::Host || n->type == NodeType::Router);
  };
  for (std::size_t i = 0; i < s.timeline.size(); ++i)
    if (!s.timeline[i].host.empty() && !is_shell_host(s.timeline[i].host))
      errors.push_back({"/timeline/" + std::to_string(i) + "/host", "no host or router named \"" + s.timeline[i].host + "\""});
  for (const auto& c : s.checks)
    if ((c.type == CheckType::Output || c.type == CheckType::ArpEntry) && !c.host.empty() && !is_shell_host(c.host))
      errors.push_back({c.json_path + "/host", "no host or router named \"" + c.host + "\""});
}

}  // namespace

std::optional<Scenario> parse_scenario(const std::string& json_text, std::vector<ScenarioError>& errors) {
  json root;
  try {
    root = json::parse(json_text);
  } catch (const json::parse_error& e) {
    errors.push_back({"/", std::string("not valid JSON: ") + e.what()});
    return std::nullopt;
  }
  Scenario s;
  {
    ObjectReader r(root, "", errors);
    auto format = r.integer("wirelab", 1, 1000, true);
    if (format && *format != kFormatVersion)
      r.error("wirelab", "unsupported format version " + std::to_string(*format) + " (this build reads version 1)");
    s.title = r.string("title", true).value_or("");
    s.description = r.string("description").value_or("");
    s.instructions = r.string("instructions").value_or("");
    if (auto seed = r.get("seed")) {
      if (!seed->is_number_unsigned()) r.error("seed", "expected a non-negative integer");
      else s.seed = seed->get<std::uint64_t>();
    }
    if (auto d = r.string("start_date")) {
      if (auto ns = parse_utc_timestamp(*d)) {
        s.start_date = *d;
        s.epoch_ns = *ns;
      } else {
        r.error("start_date", "expected an ISO 8601 UTC time like \"2025-01-01T00:00:00Z\"");
      }
    } else {
      s.epoch_ns = *parse_utc_timestamp(s.start_date);
    }
    s.duration = r.duration("duration");
    if (const json* nodes = r.array("nodes", true)) {
      if (nodes->empty()) r.error("nodes", "a lab needs at least one node");
      for (std::size_t i = 0; i < nodes->size(); ++i)
        s.nodes.push_back(parse_node((*nodes)[i], "/nodes/" + std::to_string(i), errors));
    }
    if (const json* links = r.array("links"))
      for (std::size_t i = 0; i < links->size(); ++i)
        s.links.push_back(parse_link((*links)[i], "/links/" + std::to_string(i), errors));
    if (const json* timeline = r.array("timeline")) {
      SimTime last = 0;
      for (std::size_t i = 0; i < timeline->size(); ++i) {
        ObjectReader tr((*timeline)[i], "/timeline/" + std::to_string(i), errors);
        TimelineEntry e;
        e.at = tr.duration("at", true).value_or(0);
        e.host = tr.string("host", true).value_or("");
        auto command = tr.string("command");
        auto input = tr.string("input");
        auto interrupt = tr.boolean("interrupt");
        if (int(command.has_value()) + int(input.has_value()) + int(interrupt.value_or(false)) != 1)
          tr.error("", "a timeline entry needs exactly one of \"command\", \"input\" or \"interrupt\": true");
        if (command) e.text = *command;
        else if (input) e.kind = TimelineEntry::Kind::Input, e.text = *input;
        else e.kind = TimelineEntry::Kind::Interrupt;
        if (e.at < last) tr.error("at", "timeline entries must be in time order");
        last = e.at;
        s.timeline.push_back(e);
      }
    }
    if (const json* checks = r.array("checks"))
      for (std::size_t i = 0; i < checks->size(); ++i)
        s.checks.push_back(parse_check((*checks)[i], "/checks/" + std::to_string(i), errors));
  }
  // Cross-references need sound nodes; with broken nodes they would only add echo errors.
  const bool nodes_ok = std::none_of(errors.begin(), errors.end(),
                                     [](const ScenarioError& e) { return e.path == "/" || e.path.rfind("/nodes", 0) == 0; });
  if (nodes_ok) validate_references(s, errors);
  if (!errors.empty()) return std::nullopt;
  return s;
}

}  // namespace wirelab::scenario
