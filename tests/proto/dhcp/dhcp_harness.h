// Wires DhcpClient engines to DhcpServer engines through a zero-delay "broadcast domain", with
// switches to silence servers, and keeps a transcript of every datagram for assertions.
#pragma once
#include <algorithm>
#include <string>
#include <vector>

#include "engine/proto/dhcp/dhcp_client.h"
#include "engine/proto/dhcp/dhcp_server.h"

namespace dhcp_test {
using namespace wirelab;
using namespace wirelab::proto::dhcp;
using wirelab::wire::DhcpMessage;
using wirelab::wire::DhcpMessageType;
using wirelab::wire::Ipv4Address;
using wirelab::wire::Ipv4Prefix;
using wirelab::wire::MacAddress;

inline Ipv4Address ip(const char* s) { return *Ipv4Address::parse(s); }
inline MacAddress mac(const char* s) { return *MacAddress::parse(s); }

struct Sent {
  SimTime at;
  DhcpMessage msg;
  Datagram dgram;
  bool from_client;
};

inline Pool lan_pool() {
  Pool p;
  p.subnet = *Ipv4Prefix::parse("10.0.0.0/24");
  p.first = ip("10.0.0.100");
  p.last = ip("10.0.0.199");
  p.routers = {ip("10.0.0.1")};
  p.dns = {ip("10.0.0.53")};
  p.domain = "lab.test";
  p.lease_time = seconds(1000);
  return p;
}

inline ServerConfig lan_server(const char* id = "10.0.0.1") {
  ServerConfig c;
  c.server_id = ip(id);
  c.pools.push_back(lan_pool());
  return c;
}

struct ServerSlot {
  DhcpServer engine;
  Ipv4Prefix arrival;
  bool silent = false;  // drops everything it would receive
};

struct Lab {
  SimTime now = 0;
  std::vector<DhcpClient> clients;
  std::vector<ServerSlot> servers;
  std::vector<Sent> transcript;
  std::vector<ClientEvent> client_events;
  std::vector<ServerEvent> server_events;

  DhcpClient& client(std::size_t i = 0) { return clients.at(i); }
  DhcpServer& server(std::size_t i = 0) { return servers.at(i).engine; }

  void add_client(const char* m, std::uint64_t seed = 1, std::string name = "") {
    ClientConfig c;
    c.mac = mac(m);
    c.host_name = std::move(name);
    clients.emplace_back(c, Rng(seed));
  }
  void add_server(ServerConfig c, const char* arrival = "10.0.0.1/24") {
    servers.push_back(ServerSlot{DhcpServer(std::move(c)), *Ipv4Prefix::parse(arrival)});
  }

  // Moves datagrams until nothing is left in flight.
  void pump() {
    for (bool moved = true; moved;) {
      moved = false;
      for (auto& c : clients) {
        for (auto& d : c.take_output()) {
          moved = true;
          transcript.push_back({now, *DhcpMessage::parse(d.payload), d, true});
          for (auto& s : servers)
            if (!s.silent && (d.dst.is_broadcast() || d.dst == s.engine.config().server_id))
              s.engine.on_datagram(now, d.payload, s.arrival);
        }
        for (auto& e : c.take_events()) client_events.push_back(e);
      }
      for (auto& s : servers) {
        for (auto& d : s.engine.take_output()) {
          moved = true;
          transcript.push_back({now, *DhcpMessage::parse(d.payload), d, false});
          for (auto& c : clients) c.on_datagram(now, d.payload);
        }
        for (auto& e : s.engine.take_events()) server_events.push_back(e);
      }
    }
    for (auto& c : clients)
      for (auto& e : c.take_events()) client_events.push_back(e);
  }

  SimTime next_wake() const {
    SimTime t = kNever;
    for (const auto& c : clients) t = std::min(t, c.poll_at());
    for (const auto& s : servers) t = std::min(t, s.engine.poll_at());
    return t;
  }

  // Advances virtual time to `until`, waking engines at their poll_at.
  void run_until(SimTime until) {
    pump();
    for (SimTime t = next_wake(); t <= until; t = next_wake()) {
      now = t;
      for (auto& c : clients) c.poll(now);
      for (auto& s : servers) s.engine.poll(now);
      pump();
    }
    now = until;
  }

  std::vector<DhcpMessageType> types() const {
    std::vector<DhcpMessageType> v;
    for (const auto& s : transcript) v.push_back(*s.msg.message_type());
    return v;
  }
  const Sent* last_of(DhcpMessageType t) const {
    for (auto it = transcript.rbegin(); it != transcript.rend(); ++it)
      if (it->msg.message_type() == t) return &*it;
    return nullptr;
  }
  bool has_client_event(ClientEvent::Kind k) const {
    return std::any_of(client_events.begin(), client_events.end(), [&](const ClientEvent& e) { return e.kind == k; });
  }
  bool has_server_event(ServerEvent::Kind k) const {
    return std::any_of(server_events.begin(), server_events.end(), [&](const ServerEvent& e) { return e.kind == k; });
  }
};

}  // namespace dhcp_test
