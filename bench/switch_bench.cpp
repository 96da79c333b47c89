// Learning-switch throughput: N hosts on one switch exchange UDP datagrams through their IPv4
// stacks (ARP, Ethernet, cables at 1 Gb/s, the switch), with capture on and off. Prints wall
// seconds, events processed, events/s, frames/s and peak RSS. Plumbing, not a test.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "engine/devices/world.h"
#include "engine/wire/udp.h"

using namespace wirelab;

namespace {
long peak_rss_kib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

struct BenchResult {
  double wall = 0;
  std::uint64_t events = 0, frames = 0, delivered = 0, captured = 0;
};

BenchResult run(std::size_t hosts, std::size_t per_host, std::size_t payload, bool capture) {
  devices::World world(42);
  world.ctx().capture.set_enabled(capture);
  auto& sw = world.add_switch("sw", hosts);
  std::vector<devices::Host*> h;
  link::LinkParams p;
  p.bandwidth_bps = 1'000'000'000;
  p.delay = microseconds(5);
  p.queue_limit = 10000;
  std::uint64_t delivered = 0;
  for (std::size_t i = 0; i < hosts; ++i) {
    auto& host = world.add_host("h" + std::to_string(i));
    host.add_interface("eth0", world.next_mac());
    const std::uint32_t addr = 0x0a000000u + static_cast<std::uint32_t>(i + 1);  // 10.0.0.x/16
    host.stack().set_address(0, wire::Ipv4Prefix{{addr}, 16});
    host.stack().set_protocol_handler(17, [&delivered](const net::IpDelivery&) {
      ++delivered;
      return true;
    });
    world.connect(host, 0, sw, i, p);
    h.push_back(&host);
  }
  // Every host sends to the host half-way round the ring, one datagram every 20 us.
  Bytes data(payload, 0x5a);
  for (std::size_t i = 0; i < hosts; ++i) {
    const wire::Ipv4Address src{0x0a000000u + static_cast<std::uint32_t>(i + 1)};
    const wire::Ipv4Address dst{0x0a000000u + static_cast<std::uint32_t>((i + hosts / 2) % hosts + 1)};
    Bytes udp = wire::UdpDatagram{static_cast<std::uint16_t>(10000 + i), 9, 0, data}.to_bytes(src, dst);
    for (std::size_t k = 0; k < per_host; ++k) {
      world.scheduler().schedule_at(static_cast<SimTime>(k) * microseconds(20) + static_cast<SimTime>(i) * 100,
                                    [host = h[i], dst, udp] { host->stack().send(dst, 17, udp); });
    }
  }
  const auto t0 = std::chrono::steady_clock::now();
  world.scheduler().run_until_idle();
  const auto t1 = std::chrono::steady_clock::now();
  BenchResult r;
  r.wall = std::chrono::duration<double>(t1 - t0).count();
  r.events = world.scheduler().events_run();
  for (const auto& c : world.cables()) r.frames += c->stats().frames;
  r.delivered = delivered;
  r.captured = world.ctx().capture.frames().size();
  return r;
}
}  // namespace

int main(int argc, char** argv) {
  const std::size_t hosts = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 16;
  const std::size_t per_host = argc > 2 ? std::strtoul(argv[2], nullptr, 10) : 20000;
  const std::size_t payload = 100;
  std::printf("switch_bench: %zu hosts, %zu UDP datagrams each (%zu-byte payload), 1 Gb/s links\n", hosts, per_host,
              payload);
  std::printf("%8s %10s %12s %12s %12s %12s %12s %12s %12s\n", "capture", "wall_s", "events", "events/s", "frames",
              "frames/s", "delivered", "captured", "peak_rss_MiB");
  // capture off first: ru_maxrss is a high-water mark for the whole process
  for (bool capture : {false, true}) {
    BenchResult r = run(hosts, per_host, payload, capture);
    std::printf("%8s %10.3f %12llu %12.0f %12llu %12.0f %12llu %12llu %12.1f\n", capture ? "on" : "off", r.wall,
                static_cast<unsigned long long>(r.events), static_cast<double>(r.events) / r.wall,
                static_cast<unsigned long long>(r.frames), static_cast<double>(r.frames) / r.wall,
                static_cast<unsigned long long>(r.delivered), static_cast<unsigned long long>(r.captured),
                static_cast<double>(peak_rss_kib()) / 1024.0);
  }
  return 0;
}
