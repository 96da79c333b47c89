// Scenario loader: a minimal file loads; every error names its JSON pointer and a clear reason;
// several errors are reported at once.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "engine/api/lab.h"
#include "engine/scenario/scenario.h"
#include "engine/scenario/value_parsers.h"

using namespace wirelab;
using nlohmann::json;

namespace {

json minimal() {
  return json::parse(R"({
    "wirelab": 1,
    "title": "two hosts",
    "nodes": [
      {"name": "pc1", "type": "host", "interfaces": [{"name": "eth0", "ip": "10.0.0.1/24"}], "gateway": "10.0.0.254"},
      {"name": "pc2", "type": "host", "interfaces": [{"name": "eth0", "ip": "10.0.0.2/24"}]},
      {"name": "sw1", "type": "switch", "ports": 4}
    ],
    "links": [
      {"a": "pc1:eth0", "b": "sw1:1"},
      {"a": "pc2:eth0", "b": "sw1:2", "delay": "2ms", "bandwidth": "10Mbps", "mtu": 576, "loss": 0.1}
    ],
    "timeline": [
      {"at": "1s", "host": "pc1", "command": "ping -c 1 10.0.0.2"},
      {"at": "2s", "host": "pc2", "command": "arp -a"}
    ],
    "checks": [
      {"name": "o", "type": "output", "host": "pc1", "contains": "1 received"},
      {"name": "p", "type": "packet", "filter": "icmp", "min": 2},
      {"name": "a", "type": "arp_entry", "host": "pc1", "ip": "10.0.0.2"}
    ]
  })");
}

std::vector<scenario::ScenarioError> errors_of(const std::string& text) {
  std::vector<scenario::ScenarioError> errors;
  auto s = scenario::parse_scenario(text, errors);
  CHECK_FALSE(s);
  return errors;
}
std::vector<scenario::ScenarioError> errors_of(const json& j) { return errors_of(j.dump()); }

// Exactly one error, at `path`, whose reason contains `reason`.
void expect_one(const json& j, const std::string& path, const std::string& reason) {
  auto errors = errors_of(j);
  std::string all;
  for (const auto& e : errors) all += e.path + ": " + e.reason + "\n";
  INFO(all);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].path == path);
  CHECK_THAT(errors[0].reason, Catch::Contains(reason));
}

}  // namespace

TEST_CASE("scenario: a valid file loads with every field", "[scenario][loader]") {
  std::vector<scenario::ScenarioError> errors;
  auto s = scenario::parse_scenario(minimal().dump(), errors);
  for (const auto& e : errors) INFO(e.path + ": " + e.reason);
  REQUIRE(errors.empty());
  REQUIRE(s);
  CHECK(s->title == "two hosts");
  CHECK(s->seed == 1);
  CHECK(s->epoch_ns == 1735689600LL * 1000000000);  // 2025-01-01T00:00:00Z
  REQUIRE(s->nodes.size() == 3);
  CHECK(s->nodes[0].gateway->to_string() == "10.0.0.254");
  CHECK(s->nodes[0].interfaces[0].ip->to_string() == "10.0.0.1/24");
  CHECK(s->nodes[2].type == scenario::NodeType::Switch);
  CHECK(s->nodes[2].ports == 4);
  REQUIRE(s->links.size() == 2);
  CHECK(s->links[0].a_node == "pc1");
  CHECK(s->links[0].a_port == "eth0");
  CHECK(s->links[0].b_port == "1");
  CHECK(s->links[1].params.delay == milliseconds(2));
  CHECK(s->links[1].params.bandwidth_bps == 10'000'000);
  CHECK(s->links[1].params.mtu == 576);
  CHECK(s->links[1].params.faults.loss == Approx(0.1));
  REQUIRE(s->timeline.size() == 2);
  CHECK(s->timeline[1].at == seconds(2));
  REQUIRE(s->checks.size() == 3);
  CHECK(s->checks[1].type == scenario::CheckType::Packet);
  CHECK(s->checks[1].min_count == 2);
  CHECK(s->checks[2].json_path == "/checks/2");
  // and it runs through the façade
  std::vector<api::LoadError> lerr;
  auto lab = api::Lab::load(minimal().dump(), lerr);
  REQUIRE(lab);
  CHECK(lab->nodes().size() == 3);
}

TEST_CASE("scenario: unknown keys are errors with their path", "[scenario][loader]") {
  json j = minimal();
  j["nodes"][0]["gatway"] = "10.0.0.254";
  expect_one(j, "/nodes/0/gatway", "unknown key \"gatway\"");
  j = minimal();
  j["nodes"][0]["interfaces"][0]["ipaddr"] = "1.2.3.4/8";
  expect_one(j, "/nodes/0/interfaces/0/ipaddr", "unknown key");
  j = minimal();
  j["colour"] = "blue";
  expect_one(j, "/colour", "unknown key \"colour\"");
  j = minimal();
  j["links"][0]["a/b"] = 1;  // JSON pointer escaping (RFC 6901)
  expect_one(j, "/links/0/a~1b", "unknown key");
}

TEST_CASE("scenario: wrong types", "[scenario][loader]") {
  json j = minimal();
  j["title"] = 5;
  expect_one(j, "/title", "expected a string");
  j = minimal();
  j["seed"] = "seven";
  expect_one(j, "/seed", "non-negative integer");
  j = minimal();
  j["nodes"] = json::object();
  expect_one(j, "/nodes", "expected an array");
  j = minimal();
  j["nodes"][2]["ports"] = 100;
  expect_one(j, "/nodes/2/ports", "from 1 to 64");
  j = minimal();
  j["links"][1]["mtu"] = 20;
  expect_one(j, "/links/1/mtu", "from 68 to 65535");
  j = minimal();
  j["links"][1]["loss"] = 1.5;
  expect_one(j, "/links/1/loss", "expected a number");
  j = minimal();
  j["links"][1]["delay"] = "fast";
  expect_one(j, "/links/1/delay", "expected a duration");
  j = minimal();
  j["links"][1]["bandwidth"] = "10 furlongs";
  expect_one(j, "/links/1/bandwidth", "expected a rate");
  j = minimal();
  j["links"][1]["up"] = "yes";
  expect_one(j, "/links/1/up", "expected true or false");
  j = minimal();
  j["nodes"][1] = "pc2";
  expect_one(j, "/nodes/1", "expected an object");
  j = minimal();
  j["wirelab"] = 2;
  expect_one(j, "/wirelab", "unsupported format version 2");
  j = minimal();
  j.erase("title");
  expect_one(j, "/title", "required key is missing");
  j = minimal();
  j["nodes"][0]["type"] = "firewall";
  expect_one(j, "/nodes/0/type", "unknown node type \"firewall\"");
  j = minimal();
  j["nodes"][0]["name"] = "1pc";
  expect_one(j, "/nodes/0/name", "start with a letter");
  j = minimal();
  j["links"][0]["a"] = "pc1";
  expect_one(j, "/links/0/a", "expected \"node:port\"");
  j = minimal();
  j["start_date"] = "yesterday";
  expect_one(j, "/start_date", "ISO 8601");
}

TEST_CASE("scenario: bad addresses", "[scenario][loader]") {
  json j = minimal();
  j["nodes"][0]["interfaces"][0]["ip"] = "10.0.0.300/24";
  expect_one(j, "/nodes/0/interfaces/0/ip", "\"10.0.0.300/24\" is not an IPv4 address with a prefix length");
  j = minimal();
  j["nodes"][0]["interfaces"][0]["ip"] = "10.0.0.1";  // no prefix length
  expect_one(j, "/nodes/0/interfaces/0/ip", "is not an IPv4 address with a prefix length");
  j = minimal();
  j["nodes"][1]["interfaces"][0]["mac"] = "02:00:00:00:00";
  expect_one(j, "/nodes/1/interfaces/0/mac", "is not a MAC address");
  j = minimal();
  j["nodes"][0]["gateway"] = "10.0.0";
  expect_one(j, "/nodes/0/gateway", "is not an IPv4 address");
  j = minimal();
  j["nodes"][0]["routes"] = json::parse(R"([{"to": "10.9.0.0/33", "via": "10.0.0.254"}])");
  expect_one(j, "/nodes/0/routes/0/to", "is not a network");
}

TEST_CASE("scenario: cross-reference errors", "[scenario][loader]") {
  json j = minimal();
  j["nodes"][1]["name"] = "pc1";
  j["links"][1]["a"] = "pc1:eth1";  // keep the links valid apart from the duplicate
  j["links"].erase(1);
  j["timeline"].erase(1);
  expect_one(j, "/nodes/1/name", "duplicate node name \"pc1\"");

  j = minimal();
  j["links"][1]["b"] = "sw9:2";
  expect_one(j, "/links/1/b", "no node named \"sw9\"");
  j = minimal();
  j["links"][1]["b"] = "sw1:5";
  expect_one(j, "/links/1/b", "\"sw1\" has no port \"5\"");
  j = minimal();
  j["links"][1]["a"] = "pc2:eth7";
  expect_one(j, "/links/1/a", "\"pc2\" has no port \"eth7\"");
  j = minimal();
  j["links"][1]["b"] = "sw1:1";
  expect_one(j, "/links/1/b", "port sw1:1 is already cabled");
  j = minimal();
  j["nodes"][0]["gateway"] = "10.0.1.254";
  expect_one(j, "/nodes/0/gateway", "not on any of pc1's subnets");
  j = minimal();
  j["nodes"][0]["routes"] = json::parse(R"([{"to": "default", "via": "192.168.0.1"}])");
  expect_one(j, "/nodes/0/routes/0/via", "not on any of pc1's subnets");
  j = minimal();
  j["timeline"][1]["host"] = "pc7";
  expect_one(j, "/timeline/1/host", "no host or router named \"pc7\"");
  j = minimal();
  j["timeline"][1]["host"] = "sw1";  // a switch has no shell
  expect_one(j, "/timeline/1/host", "no host or router named \"sw1\"");
  j = minimal();
  j["checks"][0]["host"] = "ghost";
  expect_one(j, "/checks/0/host", "no host or router named \"ghost\"");
  j = minimal();
  j["links"][0]["b"] = "pc1:eth0";
  auto errors = errors_of(j);
  bool self = false;
  for (auto& e : errors) self |= e.path == "/links/0" && e.reason.find("itself") != std::string::npos;
  CHECK(self);
}

TEST_CASE("scenario: timeline order and check errors", "[scenario][loader]") {
  json j = minimal();
  j["timeline"][1]["at"] = "500ms";
  expect_one(j, "/timeline/1/at", "in time order");
  j = minimal();
  j["checks"][0]["type"] = "telepathy";
  expect_one(j, "/checks/0/type", "unknown check type \"telepathy\"");
  j = minimal();
  j["checks"][0].erase("contains");
  j["checks"][0]["matches"] = "([unclosed";
  expect_one(j, "/checks/0/matches", "invalid regular expression");
  j = minimal();
  j["checks"][0].erase("contains");
  expect_one(j, "/checks/0", "needs \"contains\", \"matches\" or \"exit_code\"");
  j = minimal();
  j["checks"][1].erase("filter");
  expect_one(j, "/checks/1/filter", "required key is missing");
}

TEST_CASE("scenario: an invalid display filter is reported at /checks/N/filter by Lab::load", "[scenario][loader]") {
  json j = minimal();
  j["checks"][1]["filter"] = "icmp.type ==";
  std::vector<api::LoadError> errors;
  auto lab = api::Lab::load(j.dump(), errors);
  CHECK_FALSE(lab);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].path == "/checks/1/filter");
  CHECK_FALSE(errors[0].reason.empty());
}

TEST_CASE("scenario: invalid JSON", "[scenario][loader]") {
  auto errors = errors_of(std::string("{\"wirelab\": 1, \"title\": "));
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].path == "/");
  CHECK_THAT(errors[0].reason, Catch::StartsWith("not valid JSON"));
  errors = errors_of(std::string("[1, 2]"));
  REQUIRE(errors.size() >= 1);
  CHECK(errors[0].path == "/");
  CHECK_THAT(errors[0].reason, Catch::Contains("expected an object"));
  errors = errors_of(std::string(""));
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].path == "/");
}

TEST_CASE("scenario: several errors are reported at once", "[scenario][loader]") {
  json j = minimal();
  j["nodes"][0]["gatway"] = "10.0.0.254";
  j["nodes"][1]["interfaces"][0]["ip"] = "10.0.0.2/99";
  j["links"][1]["delay"] = -3;
  j["checks"][2]["type"] = "vibes";
  auto errors = errors_of(j);
  std::vector<std::string> paths;
  for (auto& e : errors) paths.push_back(e.path);
  std::sort(paths.begin(), paths.end());
  CHECK(paths == std::vector<std::string>{"/checks/2/type", "/links/1/delay", "/nodes/0/gatway",
                                          "/nodes/1/interfaces/0/ip"});
  // Lab::load passes them all through
  std::vector<api::LoadError> lerr;
  CHECK_FALSE(api::Lab::load(j.dump(), lerr));
  CHECK(lerr.size() == 4);
}

TEST_CASE("scenario: value parsers", "[scenario]") {
  CHECK(scenario::parse_bandwidth("100Mbps") == 100'000'000u);
  CHECK(scenario::parse_bandwidth("1.5Gbps") == 1'500'000'000u);
  CHECK(scenario::parse_bandwidth("64kbps") == 64'000u);
  CHECK(scenario::parse_bandwidth("9600bps") == 9600u);
  CHECK_FALSE(scenario::parse_bandwidth("100"));
  CHECK_FALSE(scenario::parse_bandwidth("-1Mbps"));
  CHECK_FALSE(scenario::parse_bandwidth("5Tbps"));
  CHECK(scenario::parse_utc_timestamp("1970-01-01T00:00:00Z") == 0);
  CHECK(scenario::parse_utc_timestamp("2000-03-01T00:00:01Z") == 951868801LL * 1000000000);
  CHECK_FALSE(scenario::parse_utc_timestamp("2025-13-01T00:00:00Z"));
  CHECK_FALSE(scenario::parse_utc_timestamp("2025-01-01 00:00:00Z"));
}
