// UDP echo between two hosts on one 100 Mb/s, 1 ms cable: a client sends fixed-size requests at
// a fixed interval through a UdpSocket, the server runs the "echo" service (apps::ServiceHost),
// the client counts what comes back. Run with capture on and off; prints wall seconds, events,
// events/s, peak RSS and the workload's figures. Plumbing, not a test (ns-3 comparison).
//
//   udp_echo_bench [requests=200000] [interval_ns=10000] [payload=64]
//
// Both hosts get static ARP entries (as ns-3's PopulateArpCache would) so the first requests do
// not overflow the 8-packet ARP queue. Note: a 64-byte request is a 106-byte frame, 130 bytes
// on the wire with preamble, FCS and gap: 10.4 us at 100 Mb/s, slightly more than the 10 us
// interval, so the sender's cable queue grows over the run; its limit is raised so that every
// request is still echoed (the backlog shows in the simulated duration).
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>

#include "engine/apps/service_host.h"
#include "engine/apps/socket_api.h"
#include "engine/devices/world.h"

using namespace wirelab;

namespace {
double peak_rss_mib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;
}

struct Config {
  std::uint64_t requests = 200'000;
  SimDuration interval = microseconds(10);
  std::size_t payload = 64;
};

struct RunResult {
  double wall = 0;
  std::uint64_t events = 0, sent = 0, echoed = 0, bad = 0, captured = 0, queue_drops = 0;
  SimTime last_reply = 0, end = 0;
};

RunResult run(const Config& cfg, bool capture) {
  devices::World world(1);
  world.ctx().capture.set_enabled(capture);
  auto& client = world.add_host("client");
  auto& server = world.add_host("server");
  client.add_interface("eth0", world.next_mac());
  server.add_interface("eth0", world.next_mac());
  const auto client_ip = *wire::Ipv4Address::parse("10.1.1.1");
  const auto server_ip = *wire::Ipv4Address::parse("10.1.1.2");
  client.stack().set_address(0, wire::Ipv4Prefix{client_ip, 24});
  server.stack().set_address(0, wire::Ipv4Prefix{server_ip, 24});
  client.stack().arp().add_static(server_ip, server.stack().interfaces()[0].mac, 0);
  server.stack().arp().add_static(client_ip, client.stack().interfaces()[0].mac, 0);
  link::LinkParams p;
  p.bandwidth_bps = 100'000'000;
  p.delay = milliseconds(1);
  p.queue_limit = 100'000;  // see the header comment
  auto& cable = world.connect(client, 0, server, 0, p, "client-server");

  apps::ServiceSpec echo;
  echo.type = "echo";
  echo.tcp = false;
  apps::ServiceHost services(world.ctx(), server, {echo}, 0);

  RunResult r;
  apps::UdpSocket sock(client);
  if (!sock.bind({client_ip, 0}).ok()) std::abort();
  const Bytes request(cfg.payload, 0x42);
  sock.on_readable([&] {
    for (;;) {
      auto d = sock.receive_from();
      if (!d.ok()) {
        if (d.error == net::SocketError::WouldBlock) break;
        continue;
      }
      if (d.value->data == request) ++r.echoed;
      else ++r.bad;
      r.last_reply = world.now();
    }
  });
  // Like ns-3's UdpEchoClient: each send schedules the next one.
  std::function<void()> send_next = [&] {
    if (sock.send_to(request, {server_ip, 7}).ok()) ++r.sent;
    if (r.sent < cfg.requests) world.scheduler().schedule_in(cfg.interval, send_next);
  };
  world.scheduler().schedule_at(0, send_next);

  const auto t0 = std::chrono::steady_clock::now();
  world.scheduler().run_until_idle();
  const auto t1 = std::chrono::steady_clock::now();
  r.wall = std::chrono::duration<double>(t1 - t0).count();
  r.events = world.scheduler().events_run();
  r.captured = world.ctx().capture.frames().size();
  r.queue_drops = cable.stats().dropped_queue;
  r.end = world.now();
  return r;
}
}  // namespace

int main(int argc, char** argv) {
  Config cfg;
  if (argc > 1) cfg.requests = std::strtoull(argv[1], nullptr, 10);
  if (argc > 2) cfg.interval = static_cast<SimDuration>(std::strtoll(argv[2], nullptr, 10));
  if (argc > 3) cfg.payload = std::strtoul(argv[3], nullptr, 10);
  std::printf("udp_echo_bench: %llu UDP echo requests of %zu bytes, one every %.3f us, 100 Mb/s 1 ms cable\n",
              static_cast<unsigned long long>(cfg.requests), cfg.payload, static_cast<double>(cfg.interval) / 1e3);
  std::printf("%8s %9s %11s %12s %10s %9s %9s %6s %6s %10s %11s %13s\n", "capture", "wall_s", "events", "events/s",
              "peak_MiB", "sent", "echoed", "bad", "qdrop", "captured", "sim_end_s", "last_reply_s");
  // capture off first: ru_maxrss is a high-water mark for the whole process
  int status = 0;
  for (bool capture : {false, true}) {
    const RunResult r = run(cfg, capture);
    std::printf("%8s %9.3f %11llu %12.0f %10.1f %9llu %9llu %6llu %6llu %10llu %11.6f %13.6f\n", capture ? "on" : "off",
                r.wall, static_cast<unsigned long long>(r.events), static_cast<double>(r.events) / r.wall,
                peak_rss_mib(), static_cast<unsigned long long>(r.sent), static_cast<unsigned long long>(r.echoed),
                static_cast<unsigned long long>(r.bad), static_cast<unsigned long long>(r.queue_drops),
                static_cast<unsigned long long>(r.captured), static_cast<double>(r.end) / 1e9,
                static_cast<double>(r.last_reply) / 1e9);
    if (r.echoed != cfg.requests) status = 1;
  }
  return status;
}
