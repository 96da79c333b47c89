// Learning switch (flood, learn, unicast, filter, ageing, bounded table) and hub (repeat all).
#include <catch2/catch.hpp>

#include <optional>

#include "engine/devices/world.h"
#include "engine/wire/ethernet.h"

using namespace wirelab;
using wire::MacAddress;

namespace {

class Sink : public link::Device {
 public:
  Sink(sim::SimContext& ctx, std::string name) : Device(ctx, std::move(name)) { add_port("p0"); }
  const char* type_name() const override { return "sink"; }
  std::vector<Bytes> rx;
  bool send_eth(MacAddress dst, MacAddress src, std::uint8_t tag = 0) {
    Bytes payload(46, tag);
    return send(0, wire::EthernetFrame{dst, src, 0x88b5, payload}.to_bytes());
  }

 protected:
  void on_frame(std::size_t, ByteView frame) override { rx.emplace_back(frame.begin(), frame.end()); }
};

MacAddress m(std::uint8_t last) { return {{0x02, 0, 0, 0, 0, last}}; }

link::LinkParams fast() {
  link::LinkParams p;
  p.bandwidth_bps = 0;
  p.delay = microseconds(10);
  p.queue_limit = 100000;
  return p;
}

struct SwitchLab {
  std::vector<std::unique_ptr<Sink>> hosts;  // before the world: cables outlive no device
  devices::World world{1};
  devices::LearningSwitch& sw;
  SwitchLab(std::size_t n, SimDuration ageing = seconds(300), std::size_t ports = 8)
      : sw(world.add_switch("sw", ports, ageing)) {
    for (std::size_t i = 0; i < n; ++i) {
      hosts.push_back(std::make_unique<Sink>(world.ctx(), "h" + std::to_string(i)));
      world.connect(*hosts.back(), 0, sw, i, fast());
    }
  }
  void run() { world.scheduler().run_until_idle(); }
  std::vector<std::size_t> counts() {
    std::vector<std::size_t> c;
    for (auto& h : hosts) c.push_back(h->rx.size());
    return c;
  }
  void clear() {
    for (auto& h : hosts) h->rx.clear();
  }
};

}  // namespace

TEST_CASE("switch: floods unknown unicast, then forwards only to the learned port", "[devices][switch]") {
  SwitchLab lab(4);
  lab.hosts[0]->send_eth(m(2), m(1));  // h0 (mac 1) -> mac 2: unknown, flooded
  lab.run();
  CHECK(lab.counts() == std::vector<std::size_t>{0, 1, 1, 1});
  auto table = lab.sw.mac_table();
  REQUIRE(table.size() == 1);
  CHECK(table.at(m(1)).port == 0);
  CHECK(table.at(m(1)).last_seen == microseconds(10));  // when the frame arrived

  lab.clear();
  lab.hosts[1]->send_eth(m(1), m(2));  // h1 answers: mac 1 is known -> only port 0
  lab.run();
  CHECK(lab.counts() == std::vector<std::size_t>{1, 0, 0, 0});
  CHECK(lab.sw.mac_table().at(m(2)).port == 1);

  lab.clear();
  lab.hosts[0]->send_eth(m(2), m(1));  // now unicast to port 1 only
  lab.run();
  CHECK(lab.counts() == std::vector<std::size_t>{0, 1, 0, 0});
  CHECK(lab.hosts[1]->rx[0] == wire::EthernetFrame{m(2), m(1), 0x88b5, Bytes(46, 0)}.to_bytes());

  lab.clear();
  lab.hosts[2]->send_eth(MacAddress::broadcast(), m(3));  // broadcast floods
  lab.run();
  CHECK(lab.counts() == std::vector<std::size_t>{1, 1, 0, 1});
  lab.clear();
  lab.hosts[2]->send_eth(*MacAddress::parse("01:00:5e:00:00:fb"), m(3));  // multicast floods
  lab.run();
  CHECK(lab.counts() == std::vector<std::size_t>{1, 1, 0, 1});
}

TEST_CASE("switch: a station that moves is re-learned on its new port", "[devices][switch]") {
  SwitchLab lab(3);
  lab.hosts[0]->send_eth(MacAddress::broadcast(), m(9));
  lab.run();
  CHECK(lab.sw.mac_table().at(m(9)).port == 0);
  lab.hosts[2]->send_eth(MacAddress::broadcast(), m(9));
  lab.run();
  CHECK(lab.sw.mac_table().at(m(9)).port == 2);
  lab.clear();
  lab.hosts[1]->send_eth(m(9), m(5));
  lab.run();
  CHECK(lab.counts() == std::vector<std::size_t>{0, 0, 1});
}

TEST_CASE("switch: filters frames whose destination is on the arrival port", "[devices][switch]") {
  // Two stations behind a hub share switch port 0; a third is on port 1.
  std::optional<Sink> sa, sb, sc;  // declared first so they outlive the world's cables
  devices::World world(1);
  auto& sw = world.add_switch("sw", 4);
  auto& hub = world.add_hub("hub", 3);
  Sink& a = sa.emplace(world.ctx(), "a");
  Sink& b = sb.emplace(world.ctx(), "b");
  Sink& c = sc.emplace(world.ctx(), "c");
  world.connect(a, 0, hub, 0, fast());
  world.connect(b, 0, hub, 1, fast());
  world.connect(hub, 2, sw, 0, fast());
  world.connect(c, 0, sw, 1, fast());
  a.send_eth(MacAddress::broadcast(), m(1));
  b.send_eth(MacAddress::broadcast(), m(2));
  world.scheduler().run_until_idle();
  CHECK(sw.mac_table().at(m(1)).port == 0);
  CHECK(sw.mac_table().at(m(2)).port == 0);
  a.rx.clear();
  b.rx.clear();
  c.rx.clear();
  const auto sw_tx = sw.port(0).tx_frames + sw.port(1).tx_frames;
  a.send_eth(m(2), m(1));  // the hub delivers it to b; the switch must not forward it anywhere
  world.scheduler().run_until_idle();
  CHECK(b.rx.size() == 1);
  CHECK(c.rx.empty());
  CHECK(sw.port(0).tx_frames + sw.port(1).tx_frames == sw_tx);
  CHECK(sw.port(0).rx_frames == 3);
}

TEST_CASE("switch: entries age out after mac_ageing, then unknown again", "[devices][switch]") {
  SwitchLab lab(3, seconds(10));
  lab.hosts[1]->send_eth(MacAddress::broadcast(), m(2));
  lab.run();
  REQUIRE(lab.sw.mac_table().count(m(2)) == 1);
  CHECK(lab.sw.ageing_time() == seconds(10));
  // just before the ageing time (learned at 10 us, when the frame arrived; the next frame
  // reaches the switch 10 us after it is sent): still unicast
  lab.world.scheduler().run_until(seconds(10) - microseconds(20));
  lab.clear();
  lab.hosts[0]->send_eth(m(2), m(1));
  lab.run();
  CHECK(lab.counts() == std::vector<std::size_t>{0, 1, 0});
  // past it: flooded again, and the table no longer lists it
  lab.world.scheduler().run_until(seconds(10) + microseconds(10));
  CHECK(lab.sw.mac_table().count(m(2)) == 0);
  CHECK(lab.sw.mac_table().count(m(1)) == 1);
  lab.clear();
  lab.hosts[0]->send_eth(m(2), m(1));
  lab.run();
  CHECK(lab.counts() == std::vector<std::size_t>{0, 1, 1});
  lab.sw.flush();
  CHECK(lab.sw.mac_table().empty());
}

TEST_CASE("switch: table is bounded; multicast sources and runts are not learned", "[devices][switch]") {
  SwitchLab lab(1);  // only port 0 cabled: nothing to flood to
  for (std::uint32_t i = 0; i < devices::LearningSwitch::kMaxEntries + 500; ++i) {
    MacAddress src{{0x02, 0x10, static_cast<std::uint8_t>(i >> 16), static_cast<std::uint8_t>(i >> 8),
                    static_cast<std::uint8_t>(i), 0}};
    lab.hosts[0]->send_eth(MacAddress::broadcast(), src);
  }
  lab.run();
  auto table = lab.sw.mac_table();
  CHECK(table.size() == devices::LearningSwitch::kMaxEntries);
  // the newest survives (oldest evicted)
  const std::uint32_t last = devices::LearningSwitch::kMaxEntries + 499;
  CHECK(table.count(MacAddress{{0x02, 0x10, static_cast<std::uint8_t>(last >> 16),
                                static_cast<std::uint8_t>(last >> 8), static_cast<std::uint8_t>(last), 0}}) == 1);
  CHECK(table.count(MacAddress{{0x02, 0x10, 0, 0, 0, 0}}) == 0);

  SwitchLab lab2(2);
  lab2.hosts[0]->send_eth(MacAddress::broadcast(), *MacAddress::parse("03:00:00:00:00:01"));
  lab2.hosts[0]->send(0, Bytes(10, 0xff));  // runt: dropped, not repeated
  lab2.run();
  CHECK(lab2.sw.mac_table().empty());
  CHECK(lab2.counts() == std::vector<std::size_t>{0, 1});
}

TEST_CASE("switch: does not flood to unplugged or down ports", "[devices][switch]") {
  SwitchLab lab(3);
  lab.world.cables()[2]->set_up(false);
  lab.hosts[0]->send_eth(MacAddress::broadcast(), m(1));
  lab.run();
  CHECK(lab.counts() == std::vector<std::size_t>{0, 1, 0});
  CHECK(lab.sw.port(2).tx_dropped == 0);  // never tried
}

TEST_CASE("hub: repeats every frame, even garbage, to every other port", "[devices][hub]") {
  std::optional<Sink> sa, sb, sc;  // declared first so they outlive the world's cables
  devices::World world(1);
  auto& hub = world.add_hub("hub", 4);
  CHECK(std::string(hub.type_name()) == "hub");
  CHECK(hub.port_count() == 4);
  CHECK(hub.port(3).name == "4");
  Sink& a = sa.emplace(world.ctx(), "a");
  Sink& b = sb.emplace(world.ctx(), "b");
  Sink& c = sc.emplace(world.ctx(), "c");
  world.connect(a, 0, hub, 0, fast());
  world.connect(b, 0, hub, 1, fast());
  world.connect(c, 0, hub, 2, fast());
  a.send_eth(m(2), m(1));
  a.send(0, Bytes{1, 2, 3});
  world.scheduler().run_until_idle();
  CHECK(a.rx.empty());
  REQUIRE(b.rx.size() == 2);
  REQUIRE(c.rx.size() == 2);
  CHECK(b.rx[1] == Bytes{1, 2, 3});
  CHECK(b.rx[0] == c.rx[0]);
}
