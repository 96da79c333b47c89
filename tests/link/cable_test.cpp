// Cables: serialization and propagation delay, drop-tail queue, link down, MTU, loss and other
// faults (reproducible per seed), and the capture record of every transmitted frame.
#include <catch2/catch.hpp>

#include <optional>

#include "engine/devices/world.h"
#include "engine/link/cable.h"
#include "engine/link/device.h"

using namespace wirelab;
using wirelab::capture::Direction;

namespace {

// A device that records what arrives.
class Sink : public link::Device {
 public:
  struct Rx {
    SimTime time;
    std::size_t port;
    Bytes bytes;
  };
  Sink(sim::SimContext& ctx, std::string name, std::size_t ports = 1) : Device(ctx, std::move(name)) {
    for (std::size_t i = 0; i < ports; ++i) add_port("p" + std::to_string(i));
  }
  const char* type_name() const override { return "sink"; }
  std::vector<Rx> rx;

 protected:
  void on_frame(std::size_t index, ByteView frame) override {
    rx.push_back({ctx_.now(), index, Bytes(frame.begin(), frame.end())});
  }
};

Bytes frame_of(std::size_t len, std::uint8_t tag) {
  Bytes b(len, tag);
  return b;
}

struct Pair {
  sim::SimContext ctx;
  Sink a{ctx, "a"}, b{ctx, "b"};
  std::unique_ptr<link::Cable> cable;
  explicit Pair(link::LinkParams p, std::uint64_t seed = 1) {
    ctx.seed = seed;
    cable = std::make_unique<link::Cable>(ctx, "a-b", a, 0, b, 0, p);
  }
};

}  // namespace

TEST_CASE("cable: serialization (frame + 24 bytes) plus propagation delay, exact", "[link]") {
  link::LinkParams p;
  p.bandwidth_bps = 100'000'000;
  p.delay = microseconds(100);
  Pair w(p);
  REQUIRE(w.a.send(0, frame_of(60, 1)));
  w.ctx.scheduler.run_until_idle();
  REQUIRE(w.b.rx.size() == 1);
  // (60 + 24) * 8 = 672 bits at 100 Mb/s = 6720 ns, then 100 us on the wire.
  CHECK(w.b.rx[0].time == 6720 + 100'000);
  CHECK(w.b.rx[0].port == 0);
  CHECK(w.b.rx[0].bytes == frame_of(60, 1));
  CHECK(w.a.port(0).tx_frames == 1);
  CHECK(w.a.port(0).tx_bytes == 60);
  CHECK(w.b.port(0).rx_frames == 1);
  CHECK(w.b.port(0).rx_bytes == 60);
}

TEST_CASE("cable: back-to-back frames queue behind each other", "[link]") {
  link::LinkParams p;
  p.bandwidth_bps = 1'000'000;  // 1 Mb/s: a 1500-byte frame takes 12.192 ms
  p.delay = milliseconds(1);
  Pair w(p);
  for (int i = 0; i < 3; ++i) REQUIRE(w.a.send(0, frame_of(1500, static_cast<std::uint8_t>(i))));
  // the other direction is independent (full duplex)
  REQUIRE(w.b.send(0, frame_of(100, 9)));
  w.ctx.scheduler.run_until_idle();
  const SimDuration tx = (1500 + 24) * 8 * 1000;  // ns at 1 Mb/s
  REQUIRE(w.b.rx.size() == 3);
  for (int i = 0; i < 3; ++i) {
    CHECK(w.b.rx[i].time == (i + 1) * tx + milliseconds(1));
    CHECK(w.b.rx[i].bytes[0] == i);
  }
  REQUIRE(w.a.rx.size() == 1);
  CHECK(w.a.rx[0].time == (100 + 24) * 8 * 1000 + milliseconds(1));
  // capture: each frame recorded when its transmission starts, with its direction
  const auto& frames = w.ctx.capture.frames();
  REQUIRE(frames.size() == 4);
  CHECK(frames[0].time == 0);
  CHECK(frames[0].direction == Direction::AtoB);
  CHECK(frames[1].time == 0);
  CHECK(frames[1].direction == Direction::BtoA);
  CHECK(frames[2].time == tx);
  CHECK(frames[3].time == 2 * tx);
  for (const auto& f : frames) CHECK(f.interface == w.cable->capture_interface());
  CHECK(frames[3].bytes == frame_of(1500, 2));
}

TEST_CASE("cable: serialization time rounds up to whole nanoseconds", "[link]") {
  link::LinkParams p;
  p.bandwidth_bps = 3;  // absurdly slow: 200 bits -> 66.666666667 s
  p.delay = 0;
  Pair w(p);
  REQUIRE(w.a.send(0, frame_of(1, 0)));
  w.ctx.scheduler.run_until_idle();
  REQUIRE(w.b.rx.size() == 1);
  CHECK(w.b.rx[0].time == 66'666'666'667);
}

TEST_CASE("cable: bandwidth 0 means no serialization delay", "[link]") {
  link::LinkParams p;
  p.bandwidth_bps = 0;
  p.delay = microseconds(5);
  Pair w(p);
  for (int i = 0; i < 5; ++i) REQUIRE(w.a.send(0, frame_of(1514, 0)));
  w.ctx.scheduler.run_until_idle();
  REQUIRE(w.b.rx.size() == 5);
  for (auto& r : w.b.rx) CHECK(r.time == microseconds(5));
}

TEST_CASE("cable: drop-tail queue limit", "[link]") {
  link::LinkParams p;
  p.bandwidth_bps = 10'000'000;
  p.queue_limit = 2;
  Pair w(p);
  std::vector<bool> accepted;
  for (int i = 0; i < 6; ++i) accepted.push_back(w.a.send(0, frame_of(100, static_cast<std::uint8_t>(i))));
  // one on the wire, two queued, the rest dropped at the tail
  CHECK(accepted == std::vector<bool>{true, true, true, false, false, false});
  CHECK(w.cable->stats().dropped_queue == 3);
  CHECK(w.a.port(0).tx_dropped == 3);
  CHECK(w.a.port(0).tx_frames == 3);
  w.ctx.scheduler.run_until_idle();
  REQUIRE(w.b.rx.size() == 3);
  CHECK(w.b.rx[2].bytes[0] == 2);
  CHECK(w.cable->stats().frames == 3);
  CHECK(w.cable->stats().bytes == 300);
  // once drained, the queue accepts again
  CHECK(w.a.send(0, frame_of(100, 7)));
}

TEST_CASE("cable: a link that is down drops, and going down loses frames in flight", "[link]") {
  link::LinkParams p;
  p.bandwidth_bps = 10'000'000;
  p.delay = milliseconds(1);
  Pair w(p);
  for (int i = 0; i < 3; ++i) REQUIRE(w.a.send(0, frame_of(100, static_cast<std::uint8_t>(i))));
  w.ctx.scheduler.run_until(microseconds(10));  // first frame still serializing, two queued
  w.cable->set_up(false);
  CHECK_FALSE(w.a.carrier(0));
  CHECK(w.cable->stats().dropped_down == 2);
  CHECK_FALSE(w.a.send(0, frame_of(100, 9)));
  CHECK(w.cable->stats().dropped_down == 3);
  w.ctx.scheduler.run_until_idle();
  CHECK(w.b.rx.empty());
  // back up: traffic flows again, nothing stale is delivered
  w.cable->set_up(true);
  REQUIRE(w.a.send(0, frame_of(100, 42)));
  w.ctx.scheduler.run_until_idle();
  REQUIRE(w.b.rx.size() == 1);
  CHECK(w.b.rx[0].bytes[0] == 42);
}

TEST_CASE("cable: frames larger than MTU + 14 are dropped", "[link]") {
  link::LinkParams p;
  p.mtu = 576;
  Pair w(p);
  CHECK(w.a.send(0, frame_of(576 + 14, 1)));
  CHECK_FALSE(w.a.send(0, frame_of(576 + 15, 1)));
  CHECK(w.cable->stats().dropped_oversize == 1);
  w.ctx.scheduler.run_until_idle();
  CHECK(w.b.rx.size() == 1);
  CHECK(w.ctx.capture.frames().size() == 1);  // oversize frames never reach the wire
}

TEST_CASE("cable: unplugged port drops", "[link]") {
  sim::SimContext ctx;
  Sink s(ctx, "lonely");
  CHECK_FALSE(s.send(0, frame_of(60, 0)));
  CHECK(s.port(0).tx_dropped == 1);
  CHECK_FALSE(s.carrier(0));
}

namespace {
struct LossRun {
  std::uint64_t lost;
  std::vector<std::uint8_t> delivered;  // first byte (frame index mod 256) in arrival order
};
LossRun run_loss(std::uint64_t seed, double loss, int n) {
  link::LinkParams p;
  p.bandwidth_bps = 0;
  p.queue_limit = 100000;
  p.faults.loss = loss;
  Pair w(p, seed);
  for (int i = 0; i < n; ++i) w.a.send(0, frame_of(60, static_cast<std::uint8_t>(i)));
  w.ctx.scheduler.run_until_idle();
  LossRun r{w.cable->stats().lost, {}};
  for (auto& x : w.b.rx) r.delivered.push_back(x.bytes[0]);
  CHECK(w.b.rx.size() + r.lost == static_cast<std::size_t>(n));
  CHECK(w.ctx.capture.frames().size() == static_cast<std::size_t>(n));  // captured at the sender
  return r;
}
}  // namespace

TEST_CASE("cable: loss rate is close to the configured one and reproducible", "[link]") {
  auto r1 = run_loss(2024, 0.3, 10000);
  CHECK(r1.lost > 2800);
  CHECK(r1.lost < 3200);
  auto r2 = run_loss(2024, 0.3, 10000);
  CHECK(r2.lost == r1.lost);
  CHECK(r2.delivered == r1.delivered);
  auto r3 = run_loss(2025, 0.3, 10000);
  CHECK(r3.delivered != r1.delivered);
  CHECK(run_loss(1, 0.0, 1000).lost == 0);
  CHECK(run_loss(1, 1.0, 1000).lost == 1000);
}

TEST_CASE("cable: duplication, corruption and jitter", "[link]") {
  SECTION("duplicate = 1 delivers every frame twice") {
    link::LinkParams p;
    p.bandwidth_bps = 100'000'000;
    p.delay = microseconds(10);
    p.faults.duplicate = 1.0;
    Pair w(p);
    REQUIRE(w.a.send(0, frame_of(60, 5)));
    w.ctx.scheduler.run_until_idle();
    REQUIRE(w.b.rx.size() == 2);
    CHECK(w.b.rx[0].time == 6720 + 10'000);
    CHECK(w.b.rx[1].time == 2 * 6720 + 10'000);
    CHECK(w.cable->stats().duplicated == 1);
    CHECK(w.ctx.capture.frames().size() == 1);
  }
  SECTION("corrupt = 1 flips exactly one byte; the capture keeps the sent bytes") {
    link::LinkParams p;
    p.faults.corrupt = 1.0;
    Pair w(p);
    Bytes sent = frame_of(64, 0);
    REQUIRE(w.a.send(0, sent));
    w.ctx.scheduler.run_until_idle();
    REQUIRE(w.b.rx.size() == 1);
    int diffs = 0;
    for (std::size_t i = 0; i < sent.size(); ++i) diffs += w.b.rx[0].bytes[i] != sent[i];
    CHECK(diffs == 1);
    CHECK(w.ctx.capture.frames()[0].bytes == sent);
    CHECK(w.cable->stats().corrupted == 1);
  }
  SECTION("jitter adds at most reorder_jitter") {
    link::LinkParams p;
    p.bandwidth_bps = 0;
    p.delay = milliseconds(1);
    p.faults.reorder_jitter = microseconds(500);
    Pair w(p);
    for (int i = 0; i < 200; ++i) w.a.send(0, frame_of(60, static_cast<std::uint8_t>(i)));
    w.ctx.scheduler.run_until_idle();
    REQUIRE(w.b.rx.size() == 200);
    bool reordered = false;
    for (std::size_t i = 0; i < w.b.rx.size(); ++i) {
      CHECK(w.b.rx[i].time >= milliseconds(1));
      CHECK(w.b.rx[i].time <= milliseconds(1) + microseconds(500));
      if (i && w.b.rx[i].bytes[0] < w.b.rx[i - 1].bytes[0]) reordered = true;
    }
    CHECK(reordered);
  }
}

TEST_CASE("capture: one interface per cable, every transmitted frame recorded", "[link][capture]") {
  std::optional<Sink> o1, o2, o3;  // declared first so they outlive the world's cables
  devices::World world(3);
  auto& h = world.add_hub("hub", 3);
  sim::SimContext& ctx = world.ctx();
  Sink& s1 = o1.emplace(ctx, "s1");
  Sink& s2 = o2.emplace(ctx, "s2");
  Sink& s3 = o3.emplace(ctx, "s3");
  link::LinkParams p;
  p.bandwidth_bps = 0;
  p.delay = microseconds(1);
  auto& c1 = world.connect(s1, 0, h, 0, p);
  auto& c2 = world.connect(s2, 0, h, 1, p);
  auto& c3 = world.connect(h, 2, s3, 0, p);
  CHECK(c1.name() == "s1:p0-hub:1");
  REQUIRE(ctx.capture.interfaces().size() == 3);
  CHECK(ctx.capture.interfaces()[c2.capture_interface()].name == "s2:p0-hub:2");
  CHECK(ctx.capture.interfaces()[c2.capture_interface()].description == "s2 p0 <-> hub 2");
  s1.send(0, frame_of(60, 1));
  world.scheduler().run_until_idle();
  // s1 -> hub (A to B), hub -> s2 (B to A on c2), hub -> s3 (A to B on c3)
  const auto& f = ctx.capture.frames();
  REQUIRE(f.size() == 3);
  CHECK(f[0].interface == c1.capture_interface());
  CHECK(f[0].direction == Direction::AtoB);
  CHECK(f[0].time == 0);
  CHECK(f[1].interface == c2.capture_interface());
  CHECK(f[1].direction == Direction::BtoA);
  CHECK(f[1].time == microseconds(1));
  CHECK(f[2].interface == c3.capture_interface());
  CHECK(f[2].direction == Direction::AtoB);
  REQUIRE(s2.rx.size() == 1);
  REQUIRE(s3.rx.size() == 1);
  CHECK(s1.rx.empty());  // a hub never sends back out of the arrival port
  CHECK(s3.rx[0].time == microseconds(2));

  // a capture with a byte cap: counted, not kept
  capture::CaptureLog small(100);
  small.record(0, 0, Direction::AtoB, frame_of(60, 0));
  small.record(1, 0, Direction::AtoB, frame_of(60, 0));
  CHECK(small.frames().size() == 1);
  CHECK(small.truncated());
  CHECK(small.dropped() == 1);
  // disabled capture records nothing
  ctx.capture.set_enabled(false);
  s1.send(0, frame_of(60, 1));
  world.scheduler().run_until_idle();
  CHECK(ctx.capture.frames().size() == 3);
}
