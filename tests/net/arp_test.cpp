// ARP in the stack: request/reply, cache entries, the pending queue, retries and giving up with
// a locally delivered host unreachable, gratuitous ARP, expiry; plus ArpCache on its own.
#include <catch2/catch.hpp>

#include "net_fixture.h"

using namespace wirelab;
using namespace wirelab::nettest;

TEST_CASE("arp: request, reply, cache entries on both sides", "[net][arp]") {
  Lan lan;
  IcmpRecorder rec1(lan.pc1);
  REQUIRE(lan.pc1.stack().send(ip("10.0.0.2"), 1, echo_request(7, 1, 56)).ok());
  lan.run();
  // capture on pc1's cable: request (broadcast), reply (unicast), echo request, echo reply
  auto f = frames_on(lan.world, *lan.c1);
  REQUIRE(f.size() == 4);
  auto req = arp_of(f[0]);
  REQUIRE(req);
  CHECK(req->operation == 1);
  CHECK(req->sender_ip == ip("10.0.0.1"));
  CHECK(req->sender_mac == lan.pc1.stack().interfaces()[0].mac);
  CHECK(req->target_ip == ip("10.0.0.2"));
  CHECK(req->target_mac.is_zero());
  CHECK(wire::EthernetFrame::parse(f[0].bytes)->dst.is_broadcast());
  CHECK(f[0].bytes.size() == 60);
  CHECK(f[0].time == 0);
  auto rep = arp_of(f[1]);
  REQUIRE(rep);
  CHECK(rep->operation == 2);
  CHECK(rep->sender_ip == ip("10.0.0.2"));
  CHECK(rep->sender_mac == lan.pc2.stack().interfaces()[0].mac);
  CHECK(rep->target_mac == lan.pc1.stack().interfaces()[0].mac);
  CHECK(rep->target_ip == ip("10.0.0.1"));
  CHECK(wire::EthernetFrame::parse(f[1].bytes)->dst == lan.pc1.stack().interfaces()[0].mac);
  CHECK(f[1].time == milliseconds(3));  // request reaches pc2 at 2 ms, the reply is on pc1's cable at 3 ms
  CHECK(f[2].time == milliseconds(4));  // the queued echo leaves as soon as the reply is in
  REQUIRE(ip_of(f[2]));
  CHECK(ip_of(f[2])->protocol == 1);

  REQUIRE(rec1.of_type(0).size() == 1);
  CHECK(rec1.of_type(0)[0].time == milliseconds(8));
  CHECK(rec1.of_type(0)[0].src == ip("10.0.0.2"));

  auto m = lan.pc1.stack().arp().lookup(ip("10.0.0.2"), lan.world.now());
  REQUIRE(m);
  CHECK(*m == lan.pc2.stack().interfaces()[0].mac);
  // pc2 learned pc1 from the request addressed to it
  CHECK(lan.pc2.stack().arp().lookup(ip("10.0.0.1"), lan.world.now()) == lan.pc1.stack().interfaces()[0].mac);
  // pc3 saw the broadcast but it was not for it: no entry (RFC 826 merge)
  CHECK(lan.pc3.stack().arp().entries(lan.world.now()).empty());
  CHECK(lan.pc1.stack().counters().arp_requests_out == 1);
  CHECK(lan.pc2.stack().counters().arp_replies_out == 1);
  CHECK(lan.pc3.stack().counters().arp_replies_out == 0);
  // the second ping needs no ARP
  REQUIRE(lan.pc1.stack().send(ip("10.0.0.2"), 1, echo_request(7, 2, 56)).ok());
  lan.run();
  CHECK(lan.pc1.stack().counters().arp_requests_out == 1);
  CHECK(rec1.of_type(0).size() == 2);
}

TEST_CASE("arp: packets waiting for resolution are all sent on the reply; the queue is bounded",
          "[net][arp]") {
  Lan lan;
  IcmpRecorder rec(lan.pc1);
  for (std::uint16_t seq = 1; seq <= 3; ++seq) REQUIRE(lan.pc1.stack().send(ip("10.0.0.2"), 1, echo_request(1, seq, 8)).ok());
  lan.run();
  auto replies = rec.of_type(0);
  REQUIRE(replies.size() == 3);
  CHECK(lan.pc1.stack().counters().arp_requests_out == 1);
  // in order
  for (std::size_t i = 0; i < 3; ++i) CHECK((replies[i].rest & 0xffff) == i + 1);

  Lan lan2;
  IcmpRecorder rec2(lan2.pc1);
  for (std::uint16_t seq = 1; seq <= 10; ++seq) lan2.pc1.stack().send(ip("10.0.0.2"), 1, echo_request(1, seq, 8));
  lan2.run();
  auto r2 = rec2.of_type(0);
  REQUIRE(r2.size() == net::ArpCache::kMaxPendingPerEntry);
  CHECK((r2.front().rest & 0xffff) == 3);  // the two oldest were dropped
  CHECK(lan2.pc1.stack().interfaces()[0].tx_dropped == 2);
}

TEST_CASE("arp: three requests one second apart, then host unreachable delivered locally", "[net][arp]") {
  Lan lan;
  IcmpRecorder rec(lan.pc1);
  Bytes echo = echo_request(0x4242, 1, 56);
  auto sent = lan.pc1.stack().send(ip("10.0.0.9"), 1, echo);
  REQUIRE(sent.ok());
  lan.run();
  std::vector<SimTime> request_times;
  for (const auto& f : frames_on(lan.world, *lan.c1))
    if (auto a = arp_of(f); a && a->operation == 1 && a->target_ip == ip("10.0.0.9")) request_times.push_back(f.time);
  CHECK(request_times == std::vector<SimTime>{0, seconds(1), seconds(2)});
  CHECK(lan.pc1.stack().counters().arp_requests_out == 3);
  CHECK(lan.pc1.stack().counters().arp_failed == 1);
  auto un = rec.of_type(3);
  REQUIRE(un.size() == 1);
  CHECK(un[0].code == 1);
  CHECK(un[0].time == seconds(3));
  CHECK(un[0].src == ip("10.0.0.1"));  // "From 10.0.0.1 ... Destination Host Unreachable"
  CHECK(un[0].dst == ip("10.0.0.1"));
  // it quotes the original header + the first 8 bytes of the echo request
  REQUIRE(un[0].data.size() == 28);
  auto quoted = wire::Ipv4Packet::parse(un[0].data, false);  // total length > quote: truncated
  CHECK_FALSE(quoted);
  CHECK(read_u16(un[0].data, 4) == sent.id);
  CHECK(read_u32(un[0].data, 16) == ip("10.0.0.9").value);
  CHECK(Bytes(un[0].data.begin() + 20, un[0].data.end()) == Bytes(echo.begin(), echo.begin() + 8));
  // nothing left on the wire: the entry is gone, a new packet starts over
  CHECK(lan.pc1.stack().arp().find(ip("10.0.0.9")) == nullptr);
  lan.pc1.stack().send(ip("10.0.0.9"), 1, echo);
  lan.run();
  CHECK(lan.pc1.stack().counters().arp_requests_out == 6);
  CHECK(rec.of_type(3).size() == 2);
}

TEST_CASE("arp: a gratuitous announcement updates an existing entry only", "[net][arp]") {
  Lan lan;
  lan.pc1.stack().send(ip("10.0.0.2"), 1, echo_request(1, 1, 8));
  lan.run();
  REQUIRE(lan.pc1.stack().arp().lookup(ip("10.0.0.2"), lan.world.now()));
  REQUIRE_FALSE(lan.pc3.stack().arp().lookup(ip("10.0.0.2"), lan.world.now()));
  // pc2 gets a new NIC (new MAC) and announces itself
  const wire::MacAddress fresh{{0x02, 0, 0, 0, 0, 0x99}};
  lan.pc2.stack().interfaces()[0].mac = fresh;
  lan.pc2.stack().announce(0);
  lan.run();
  auto a = arp_of(frames_on(lan.world, *lan.c2).back());
  REQUIRE(a);
  CHECK(a->operation == 1);
  CHECK(a->sender_ip == ip("10.0.0.2"));
  CHECK(a->target_ip == ip("10.0.0.2"));
  CHECK(lan.pc1.stack().arp().lookup(ip("10.0.0.2"), lan.world.now()) == fresh);
  CHECK_FALSE(lan.pc3.stack().arp().lookup(ip("10.0.0.2"), lan.world.now()));  // not added
  CHECK(lan.pc2.stack().counters().arp_replies_out == 1);  // nobody answers an announcement
  CHECK(lan.pc1.stack().counters().arp_replies_out == 0);
  // traffic now goes to the new MAC
  IcmpRecorder rec(lan.pc1);
  lan.pc1.stack().send(ip("10.0.0.2"), 1, echo_request(1, 2, 8));
  lan.run();
  CHECK(rec.of_type(0).size() == 1);
}

TEST_CASE("arp: entries expire after the timeout and are resolved again", "[net][arp]") {
  Lan lan;
  lan.pc1.stack().send(ip("10.0.0.2"), 1, echo_request(1, 1, 8));
  lan.run();
  const SimTime learned = milliseconds(4);  // the reply reached pc1 at 4 ms
  REQUIRE(lan.pc1.stack().arp().find(ip("10.0.0.2")));
  CHECK(lan.pc1.stack().arp().find(ip("10.0.0.2"))->updated == learned);
  CHECK(lan.pc1.stack().arp().lookup(ip("10.0.0.2"), learned + seconds(60) - 1));
  CHECK_FALSE(lan.pc1.stack().arp().lookup(ip("10.0.0.2"), learned + seconds(60)));
  lan.world.scheduler().run_until(learned + seconds(60));
  CHECK(lan.pc1.stack().arp().entries(lan.world.now()).empty());
  IcmpRecorder rec(lan.pc1);
  lan.pc1.stack().send(ip("10.0.0.2"), 1, echo_request(1, 2, 8));
  lan.run();
  CHECK(lan.pc1.stack().counters().arp_requests_out == 2);
  CHECK(rec.of_type(0).size() == 1);
}

TEST_CASE("arp cache: on its own", "[net][arp]") {
  net::ArpCache c(seconds(10));
  const wire::MacAddress m1{{2, 0, 0, 0, 0, 1}}, m2{{2, 0, 0, 0, 0, 2}};
  CHECK_FALSE(c.knows(ip("1.1.1.1"), 0));
  bool dropped = false;
  CHECK(c.enqueue(ip("1.1.1.1"), {0, Bytes{1}}, 0, dropped));   // creates: send a request
  CHECK_FALSE(c.enqueue(ip("1.1.1.1"), {0, Bytes{2}}, 0, dropped));  // already waiting
  CHECK(c.knows(ip("1.1.1.1"), 100));  // incomplete entries count for the merge test
  CHECK_FALSE(c.lookup(ip("1.1.1.1"), 0));
  auto waiting = c.update(ip("1.1.1.1"), m1, 0, 5);
  REQUIRE(waiting.size() == 2);
  CHECK(waiting[0].ip_packet == Bytes{1});
  CHECK(c.lookup(ip("1.1.1.1"), 5) == m1);
  CHECK_FALSE(c.lookup(ip("1.1.1.1"), 5 + seconds(10)));
  CHECK(c.fail(ip("1.1.1.1")).empty());  // resolved entries do not "fail"
  c.add_static(ip("2.2.2.2"), m2, 1);
  CHECK(c.lookup(ip("2.2.2.2"), seconds(1000000)) == m2);  // static never expires
  CHECK(c.update(ip("2.2.2.2"), m1, 0, 0).empty());
  CHECK(c.lookup(ip("2.2.2.2"), 0) == m2);  // nor changes
  c.flush();
  CHECK(c.lookup(ip("2.2.2.2"), 0) == m2);
  CHECK_FALSE(c.find(ip("1.1.1.1")));
  CHECK(c.remove(ip("2.2.2.2")));
  CHECK_FALSE(c.remove(ip("2.2.2.2")));
  // bounded: at most kMaxEntries
  for (std::uint32_t i = 0; i < net::ArpCache::kMaxEntries + 10; ++i)
    c.update(wire::Ipv4Address{0x0a000000 + i}, m1, 0, i);
  CHECK(c.entries(0).size() == net::ArpCache::kMaxEntries);
  CHECK_FALSE(c.find(wire::Ipv4Address{0x0a000000}));  // oldest evicted
}
