// TCP bulk transfer between two hosts on one 1 Gb/s, 1 ms cable, through the full stack (IP,
// ARP, Ethernet, the cable's queue and serialization): the client writes as fast as its socket
// takes data, the server reads everything and checks every byte. Run with capture on and off;
// prints wall seconds, events, events/s, peak RSS, the simulated duration and throughput and the
// simulated megabytes moved per wall-second. Plumbing, not a test (ns-3 comparison).
//
//   tcp_bulk_bench [megabytes=100]
//
// Sockets are the host's TcpLayer ids (default TcpConfig: 256 KiB buffers, window scaling,
// timestamps, SACK-permitted, IW10, NewReno). The byte stream is a fixed pseudo-random pattern
// of prime length, so the receiver can check each byte without storing the stream.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <utility>

#include "engine/base/rng.h"
#include "engine/devices/world.h"

using namespace wirelab;

namespace {
double peak_rss_mib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;
}

constexpr std::size_t kPatternLen = 65521;  // prime: not a multiple of any segment size

struct RunResult {
  double wall = 0;
  std::uint64_t events = 0, received = 0, mismatches = 0, captured = 0, frames = 0, queue_drops = 0;
  std::uint64_t retransmits = 0, timeouts = 0;
  SimTime connected = 0, done = 0;
  bool eof = false;
};

RunResult run(std::uint64_t total, bool capture) {
  devices::World world(1);
  world.ctx().capture.set_enabled(capture);
  auto& client = world.add_host("client");
  auto& server = world.add_host("server");
  client.add_interface("eth0", world.next_mac());
  server.add_interface("eth0", world.next_mac());
  const auto server_ip = *wire::Ipv4Address::parse("10.1.1.2");
  client.stack().set_address(0, wire::Ipv4Prefix::parse("10.1.1.1/24"));
  server.stack().set_address(0, wire::Ipv4Prefix{server_ip, 24});
  link::LinkParams p;
  p.bandwidth_bps = 1'000'000'000;
  p.delay = milliseconds(1);
  auto& cable = world.connect(client, 0, server, 0, p, "client-server");

  Bytes pattern(kPatternLen * 2);  // doubled so any offset has a contiguous view up to kPatternLen
  Rng(7).fill(pattern.data(), kPatternLen);
  std::copy(pattern.begin(), pattern.begin() + kPatternLen, pattern.begin() + kPatternLen);

  RunResult r;
  auto& stcp = server.tcp();
  auto& ctcp = client.tcp();

  // Server: a sink that reads everything, checks it against the pattern, and closes at EOF.
  const int listener = *stcp.listen({{}, 9}).value;
  int conn = 0;
  Bytes buf(1 << 15);
  auto read_all = [&] {
    for (;;) {
      auto n = stcp.receive(conn, buf);
      if (!n.ok()) return;
      if (*n.value == 0) {
        r.eof = true;
        r.done = world.now();
        // close() drops this watcher (TcpLayer runs it in place): touch no capture afterwards.
        stcp.close(std::exchange(conn, 0));
        return;
      }
      const std::uint8_t* want = pattern.data() + r.received % kPatternLen;  // buf.size() < kPatternLen
      if (std::memcmp(buf.data(), want, *n.value) != 0)
        for (std::size_t i = 0; i < *n.value; ++i) r.mismatches += buf[i] != want[i];
      r.received += *n.value;
    }
  };
  stcp.set_watcher(listener, [&] {
    auto a = stcp.accept(listener);
    if (!a.ok()) return;
    conn = *a.value;
    stcp.set_watcher(conn, [&] {
      if (conn) read_all();
    });
    read_all();
  });

  // Client: writes whenever the socket has room, then shuts down its side.
  std::uint64_t sent = 0;
  bool shut = false;
  const int sock = *ctcp.connect({server_ip, 9}).value;
  auto write_some = [&] {
    if (shut) return;
    if (!r.connected && ctcp.is_connected(sock)) r.connected = world.now();
    while (sent < total) {
      const std::size_t off = sent % kPatternLen;
      const std::size_t len = static_cast<std::size_t>(std::min<std::uint64_t>(kPatternLen, total - sent));
      auto n = ctcp.send(sock, ByteView(pattern).subspan(off, len));
      if (!n.ok() || *n.value == 0) return;
      sent += *n.value;
    }
    ctcp.shutdown_write(sock);
    shut = true;
  };
  ctcp.set_watcher(sock, write_some);

  const auto t0 = std::chrono::steady_clock::now();
  world.scheduler().run_until_idle(seconds(3600));
  const auto t1 = std::chrono::steady_clock::now();
  r.wall = std::chrono::duration<double>(t1 - t0).count();
  r.events = world.scheduler().events_run();
  r.captured = world.ctx().capture.frames().size();
  r.frames = cable.stats().frames;
  r.queue_drops = cable.stats().dropped_queue;
  if (const auto* c = ctcp.connection(sock)) {
    r.retransmits = c->stats().retransmits;
    r.timeouts = c->stats().timeouts;
  }
  return r;
}
}  // namespace

int main(int argc, char** argv) {
  const std::uint64_t mb = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 100;
  const std::uint64_t total = mb * 1000 * 1000;
  std::printf("tcp_bulk_bench: %llu MB (10^6 bytes) over TCP, 1 Gb/s 1 ms cable, default TcpConfig\n",
              static_cast<unsigned long long>(mb));
  std::printf("%8s %9s %11s %12s %10s %11s %11s %9s %11s %10s %9s %6s %6s %6s\n", "capture", "wall_s", "events",
              "events/s", "peak_MiB", "received", "sim_dur_s", "sim_Mbps", "sim_MB/wall", "frames", "captured",
              "qdrop", "rexmit", "rto");
  int status = 0;
  for (bool capture : {false, true}) {
    const RunResult r = run(total, capture);
    // From the first data byte the client could send (handshake done) to the server's EOF.
    const double dur = static_cast<double>(r.done - r.connected) / 1e9;
    std::printf("%8s %9.3f %11llu %12.0f %10.1f %11llu %11.6f %9.2f %11.2f %10llu %9llu %6llu %6llu %6llu\n",
                capture ? "on" : "off", r.wall, static_cast<unsigned long long>(r.events),
                static_cast<double>(r.events) / r.wall, peak_rss_mib(), static_cast<unsigned long long>(r.received),
                dur, static_cast<double>(r.received) * 8 / dur / 1e6, static_cast<double>(r.received) / 1e6 / r.wall,
                static_cast<unsigned long long>(r.frames), static_cast<unsigned long long>(r.captured),
                static_cast<unsigned long long>(r.queue_drops), static_cast<unsigned long long>(r.retransmits),
                static_cast<unsigned long long>(r.timeouts));
    if (r.received != total || r.mismatches != 0 || !r.eof) {
      std::printf("  FAILED: received %llu of %llu bytes, %llu mismatched, eof %s\n",
                  static_cast<unsigned long long>(r.received), static_cast<unsigned long long>(total),
                  static_cast<unsigned long long>(r.mismatches), r.eof ? "yes" : "no");
      status = 1;
    }
  }
  return status;
}
