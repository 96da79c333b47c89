// TCP through the whole stack (Host::tcp() sockets, IPv4, ARP, Ethernet, a learning switch and
// two cables) over faulty links: 10 MB arrive intact with 1 %, 3 % and 5 % loss on both cables,
// with reordering (delivery jitter) and duplication, and with everything at once. On a clean
// link, tshark reads the capture of one cable and finds no retransmission, reordering, lost
// segment, duplicate ACK or bad checksum.
#include <catch2/catch.hpp>

#include "tests/support/tshark.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>

#include <unistd.h>

#include "engine/base/rng.h"
#include "engine/capture/pcap_writer.h"
#include "engine/devices/world.h"

using namespace wirelab;

namespace {

Bytes random_bytes(std::size_t n, std::uint64_t seed) {
  Bytes b(n);
  Rng(seed).fill(b.data(), b.size());
  return b;
}

// pc1 10.0.0.1 -- sw -- pc2 10.0.0.2, both cables with the same parameters.
struct SwitchedPair {
  devices::World world;
  devices::Host& pc1 = world.add_host("pc1");
  devices::Host& pc2 = world.add_host("pc2");
  devices::LearningSwitch& sw = world.add_switch("sw", 2);
  link::Cable* c1 = nullptr;
  link::Cable* c2 = nullptr;
  SwitchedPair(const link::LinkParams& p, std::uint64_t seed) : world(seed) {
    pc1.add_interface("eth0", world.next_mac());
    pc2.add_interface("eth0", world.next_mac());
    pc1.stack().set_address(0, wire::Ipv4Prefix::parse("10.0.0.1/24"));
    pc2.stack().set_address(0, wire::Ipv4Prefix::parse("10.0.0.2/24"));
    c1 = &world.connect(pc1, 0, sw, 0, p, "pc1-sw");
    c2 = &world.connect(pc2, 0, sw, 1, p, "pc2-sw");
  }
};

struct Outcome {
  Bytes got;
  bool eof = false;
  bool server_error = false, client_error = false;
  SimTime done = 0;
  net::tcp::TcpStats client_stats;
};

// pc1 connects to pc2:5001 and writes `data` as fast as its socket takes it, then shuts down;
// pc2 accepts, reads everything and closes at end of stream. Runs until idle (or `limit`).
Outcome transfer(SwitchedPair& n, const Bytes& data, SimDuration limit) {
  Outcome o;
  auto& stcp = n.pc2.tcp();
  auto& ctcp = n.pc1.tcp();
  const auto listen = stcp.listen({{}, 5001});
  REQUIRE(listen.ok());
  const int listener = *listen.value;
  int conn = 0;
  Bytes buf(1 << 16);
  auto read_all = [&] {
    while (conn) {
      auto r = stcp.receive(conn, buf);
      if (!r.ok()) {
        if (r.error != net::SocketError::WouldBlock) o.server_error = true;
        return;
      }
      if (*r.value == 0) {
        o.eof = true;
        o.done = n.world.now();
        // close() drops this watcher (TcpLayer runs it in place): touch no capture afterwards.
        stcp.close(std::exchange(conn, 0));
        return;
      }
      o.got.insert(o.got.end(), buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(*r.value));
    }
  };
  stcp.set_watcher(listener, [&] {
    auto a = stcp.accept(listener);
    if (!a.ok()) return;
    conn = *a.value;
    stcp.set_watcher(conn, read_all);
    read_all();
  });

  const auto c = ctcp.connect({*wire::Ipv4Address::parse("10.0.0.2"), 5001});
  REQUIRE(c.ok());
  const int sock = *c.value;
  std::size_t sent = 0;
  bool shut = false;
  ctcp.set_watcher(sock, [&] {
    if (ctcp.error(sock)) o.client_error = true;
    while (!shut && sent < data.size()) {
      auto r = ctcp.send(sock, ByteView(data).subspan(sent));
      if (!r.ok() || *r.value == 0) return;
      sent += *r.value;
    }
    if (!shut && sent == data.size()) {
      ctcp.shutdown_write(sock);
      shut = true;
    }
  });
  n.world.scheduler().run_until_idle(n.world.now() + limit);
  if (const auto* t = ctcp.connection(sock)) o.client_stats = t->stats();
  // The watchers refer to this frame: detach them before it goes.
  if (conn) stcp.set_watcher(conn, nullptr);
  ctcp.set_watcher(sock, nullptr);
  stcp.set_watcher(listener, nullptr);
  return o;
}

}  // namespace

TEST_CASE("tcp stack: 10 MB arrive intact through a switch over lossy, reordering, duplicating links",
          "[tcp-stack]") {
  const Bytes data = random_bytes(10 * 1000 * 1000, 2024);
  struct Case {
    const char* name;
    link::LinkFaults faults;
  };
  link::LinkFaults loss1, loss3, loss5, reorder_dup, everything;
  loss1.loss = 0.01;
  loss3.loss = 0.03;
  loss5.loss = 0.05;
  reorder_dup.reorder_jitter = milliseconds(2);  // on a 1 ms link: heavy reordering
  reorder_dup.duplicate = 0.02;
  everything.loss = 0.02;
  everything.duplicate = 0.01;
  everything.corrupt = 0.005;  // caught by the IPv4 / TCP checksums, then recovered like a loss
  everything.reorder_jitter = microseconds(500);
  const Case cases[] = {{"1% loss", loss1},
                        {"3% loss", loss3},
                        {"5% loss", loss5},
                        {"2 ms jitter + 2% duplication", reorder_dup},
                        {"2% loss, 1% dup, 0.5% corruption, 0.5 ms jitter", everything}};
  for (const Case& k : cases) {
    DYNAMIC_SECTION(k.name) {
      link::LinkParams p;
      p.bandwidth_bps = 100'000'000;
      p.delay = milliseconds(1);
      p.faults = k.faults;
      SwitchedPair n(p, 7);
      n.world.ctx().capture.set_enabled(false);  // 10 MB through two cables: keep memory low
      const Outcome o = transfer(n, data, seconds(3600));
      INFO("delivered " << o.got.size() << " of " << data.size() << " bytes by t=" << o.done
                        << " ns; client retransmits " << o.client_stats.retransmits << ", RTO timeouts "
                        << o.client_stats.timeouts);
      CHECK_FALSE(o.client_error);
      CHECK_FALSE(o.server_error);
      CHECK(o.eof);
      REQUIRE(o.got.size() == data.size());
      CHECK(o.got == data);
      // The faults really happened on the wire, and TCP really had to repair them.
      const auto& s1 = n.c1->stats();
      const auto& s2 = n.c2->stats();
      if (k.faults.loss > 0) {
        CHECK(s1.lost + s2.lost > 0);
        CHECK(o.client_stats.retransmits > 0);
      }
      if (k.faults.duplicate > 0) CHECK(s1.duplicated + s2.duplicated > 0);
      if (k.faults.corrupt > 0) CHECK(s1.corrupted + s2.corrupted > 0);
    }
  }
}

TEST_CASE("tcp stack: a clean transfer's capture shows tshark no retransmission, reordering or bad checksum",
          "[tcp-stack][tshark]") {
  link::LinkParams p;
  p.bandwidth_bps = 100'000'000;
  p.delay = milliseconds(1);
  SwitchedPair n(p, 11);
  const Bytes data = random_bytes(2 * 1000 * 1000, 99);
  const Outcome o = transfer(n, data, seconds(600));
  REQUIRE(o.eof);
  REQUIRE(o.got == data);
  CHECK(o.client_stats.retransmits == 0);
  CHECK(n.c1->stats().dropped_queue + n.c2->stats().dropped_queue == 0);

  // A capture log holding only pc1's cable.
  const capture::CaptureLog& all = n.world.ctx().capture;
  REQUIRE_FALSE(all.truncated());
  capture::CaptureLog one;
  one.epoch_ns = all.epoch_ns;
  one.add_interface(all.interfaces().at(n.c1->capture_interface()));
  for (const auto& f : all.frames())
    if (f.interface == n.c1->capture_interface()) one.record(f.time, 0, f.direction, f.bytes);
  REQUIRE(one.frames().size() > 1000);
  const Bytes file = capture::write_pcap(one);

  if (!testing::have_tshark()) {
    WARN("tshark not installed: skipping the Wireshark analysis of the clean transfer");
    return;
  }
  const std::string path =
      (std::filesystem::temp_directory_path() / (std::to_string(getpid()) + "_wirelab_clean_tcp.pcap")).string();
  std::ofstream(path, std::ios::binary)
      .write(reinterpret_cast<const char*>(file.data()), static_cast<std::streamsize>(file.size()));
  const std::string base = "tshark -n -r '" + path + "' ";
  // stderr too (a read error must not pass for "nothing found"), minus tshark's note about root.
  const std::string errs = " 2>&1 | grep -v 'Running as user'";
  // tshark reads it at all, and sees the whole transfer.
  const std::string count = testing::run_command(base + "-Y 'tcp.len > 0' -T fields -e frame.number 2>/dev/null | wc -l");
  CHECK(std::strtoul(count.c_str(), nullptr, 10) >= data.size() / 1460);
  const std::string analysis =
      testing::run_command(base + "-Y 'tcp.analysis.retransmission || tcp.analysis.out_of_order || tcp.analysis.ack_lost_segment"
                     " || tcp.analysis.lost_segment || tcp.analysis.duplicate_ack'" + errs);
  CHECK(analysis.empty());
  const std::string bad =
      testing::run_command(base + "-o tcp.check_checksum:TRUE -o ip.check_checksum:TRUE "
                     "-Y '_ws.expert.severity >= warning && !tcp.connection.rst'" + errs);
  CHECK(bad.empty());
  if (analysis.empty() && bad.empty()) std::filesystem::remove(path);
}
