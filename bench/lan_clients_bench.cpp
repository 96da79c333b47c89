// Many clients on one LAN: N client hosts and one server on a learning switch (100 Mb/s, 1 ms
// cables). The server runs the UDP "echo" service (apps::ServiceHost); each client sends K echo
// requests through a UdpSocket, a fixed interval apart, the clients' starts staggered. ARP is
// part of the workload (caches start empty). Run with capture on and off; prints wall seconds,
// events, events/s, peak RSS, requests and replies. Plumbing, not a test (ns-3 comparison).
//
//   lan_clients_bench [clients=200] [requests_per_client=10] [payload=64]
//
// Timing: client i starts at i * 37 us and sends every 10 ms.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

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

constexpr SimDuration kStagger = microseconds(37);
constexpr SimDuration kInterval = milliseconds(10);

struct Config {
  std::size_t clients = 200;
  std::size_t requests = 10;
  std::size_t payload = 64;
};

struct RunResult {
  double wall = 0;
  std::uint64_t events = 0, sent = 0, replies = 0, bad = 0, captured = 0, frames = 0;
  SimTime last_reply = 0, end = 0;
};

struct Client {
  devices::Host* host = nullptr;
  std::unique_ptr<apps::UdpSocket> sock;
  std::size_t sent = 0;
};

RunResult run(const Config& cfg, bool capture) {
  devices::World world(1);
  world.ctx().capture.set_enabled(capture);
  link::LinkParams p;
  p.bandwidth_bps = 100'000'000;
  p.delay = milliseconds(1);
  auto& sw = world.add_switch("sw", cfg.clients + 1);
  auto& server = world.add_host("server");
  server.add_interface("eth0", world.next_mac());
  const wire::Ipv4Address server_ip{0x0a000001};  // 10.0.0.1/16, clients from 10.0.0.2 on
  server.stack().set_address(0, wire::Ipv4Prefix{server_ip, 16});
  world.connect(server, 0, sw, 0, p);

  apps::ServiceSpec echo;
  echo.type = "echo";
  echo.tcp = false;
  apps::ServiceHost services(world.ctx(), server, {echo}, 0);

  RunResult r;
  const Bytes request(cfg.payload, 0x42);
  std::vector<Client> clients(cfg.clients);
  for (std::size_t i = 0; i < cfg.clients; ++i) {
    Client& c = clients[i];
    std::string name = std::to_string(i + 1);
    name.insert(0, 1, 'c');  // not "c" + ...: g++ 12 -O3 gives a false -Wrestrict (PR 105329)
    c.host = &world.add_host(name);
    c.host->add_interface("eth0", world.next_mac());
    const wire::Ipv4Address addr{0x0a000002u + static_cast<std::uint32_t>(i)};
    c.host->stack().set_address(0, wire::Ipv4Prefix{addr, 16});
    world.connect(*c.host, 0, sw, i + 1, p);
    c.sock = std::make_unique<apps::UdpSocket>(*c.host);
    if (!c.sock->bind({addr, 0}).ok()) std::abort();
    c.sock->on_readable([&r, &world, &request, sock = c.sock.get()] {
      for (;;) {
        auto d = sock->receive_from();
        if (!d.ok()) {
          if (d.error == net::SocketError::WouldBlock) break;
          continue;
        }
        if (d.value->data == request) ++r.replies;
        else ++r.bad;
        r.last_reply = world.now();
      }
    });
    for (std::size_t k = 0; k < cfg.requests; ++k) {
      world.scheduler().schedule_at(static_cast<SimTime>(i) * kStagger + static_cast<SimTime>(k) * kInterval,
                                    [&r, &c, &request, server_ip] {
                                      if (c.sock->send_to(request, {server_ip, 7}).ok()) ++r.sent;
                                    });
    }
  }

  const auto t0 = std::chrono::steady_clock::now();
  world.scheduler().run_until_idle(seconds(3600));
  const auto t1 = std::chrono::steady_clock::now();
  r.wall = std::chrono::duration<double>(t1 - t0).count();
  r.events = world.scheduler().events_run();
  r.captured = world.ctx().capture.frames().size();
  for (const auto& cable : world.cables()) r.frames += cable->stats().frames;
  r.end = world.now();
  return r;
}
}  // namespace

int main(int argc, char** argv) {
  Config cfg;
  if (argc > 1) cfg.clients = std::strtoul(argv[1], nullptr, 10);
  if (argc > 2) cfg.requests = std::strtoul(argv[2], nullptr, 10);
  if (argc > 3) cfg.payload = std::strtoul(argv[3], nullptr, 10);
  std::printf("lan_clients_bench: %zu clients + 1 UDP echo server on one learning switch (100 Mb/s 1 ms cables), "
              "%zu requests of %zu bytes per client, %.0f ms apart, starts staggered by %.0f us\n",
              cfg.clients, cfg.requests, cfg.payload, static_cast<double>(kInterval) / 1e6,
              static_cast<double>(kStagger) / 1e3);
  std::printf("%8s %9s %11s %12s %10s %9s %9s %6s %10s %10s %11s %13s\n", "capture", "wall_s", "events", "events/s",
              "peak_MiB", "requests", "replies", "bad", "frames", "captured", "sim_end_s", "last_reply_s");
  int status = 0;
  for (bool capture : {false, true}) {
    const RunResult r = run(cfg, capture);
    std::printf("%8s %9.3f %11llu %12.0f %10.1f %9llu %9llu %6llu %10llu %10llu %11.6f %13.6f\n",
                capture ? "on" : "off", r.wall, static_cast<unsigned long long>(r.events),
                static_cast<double>(r.events) / r.wall, peak_rss_mib(), static_cast<unsigned long long>(r.sent),
                static_cast<unsigned long long>(r.replies), static_cast<unsigned long long>(r.bad),
                static_cast<unsigned long long>(r.frames), static_cast<unsigned long long>(r.captured),
                static_cast<double>(r.end) / 1e9, static_cast<double>(r.last_reply) / 1e9);
    if (r.replies != cfg.clients * cfg.requests) status = 1;
  }
  return status;
}
