#include "engine/proto/dhcp/dhcp_server.h"

#include <algorithm>

namespace wirelab::proto::dhcp {

using wire::DhcpMessage;
using wire::DhcpMessageType;
using wire::Ipv4Address;
namespace opt = wire::dhcp_option;

namespace {
Bytes client_key(const DhcpMessage& m) {
  if (auto id = m.client_id(); id && !id->empty()) return *id;
  Bytes k{m.htype};  // RFC 2131 §4.2: else the hardware type and address identify the client
  std::size_t n = std::min<std::size_t>(m.hlen, m.chaddr.size());
  k.insert(k.end(), m.chaddr.begin(), m.chaddr.begin() + static_cast<std::ptrdiff_t>(n));
  return k;
}
std::uint32_t to_secs(SimDuration d) {
  return static_cast<std::uint32_t>(std::clamp<SimDuration>(d / seconds(1), 0, 0xfffffffe));
}
}  // namespace

DhcpServer::DhcpServer(ServerConfig config) : config_(std::move(config)) {}

SimTime DhcpServer::poll_at() const {
  SimTime t = kNever;
  for (const auto& [a, r] : leases_) t = std::min(t, r.expires);
  return t;
}

void DhcpServer::poll(SimTime now) { expire(now); }

void DhcpServer::expire(SimTime now) {
  for (auto it = leases_.begin(); it != leases_.end();)
    it = it->second.expires <= now ? leases_.erase(it) : std::next(it);
}

const Pool* DhcpServer::pool_for(const DhcpMessage& m, wire::Ipv4Prefix arrival) const {
  Ipv4Address where = m.giaddr.is_any() ? arrival.address : m.giaddr;  // §4.3.1
  for (const auto& p : config_.pools)
    if (p.subnet.contains(where)) return &p;
  return nullptr;
}

std::optional<Ipv4Address> DhcpServer::reservation_for(const wire::MacAddress& mac) const {
  for (const auto& r : config_.reservations)
    if (r.mac == mac) return r.address;
  return std::nullopt;
}

bool DhcpServer::available(const Pool& pool, Ipv4Address a, const Bytes& client, const wire::MacAddress& mac) const {
  if (!pool.subnet.contains(a) || a == config_.server_id || a == pool.subnet.network() ||
      a == pool.subnet.directed_broadcast())
    return false;
  if (reservation_for(mac) != a) {
    if (a < pool.first || pool.last < a) return false;
    if (std::find(pool.excluded.begin(), pool.excluded.end(), a) != pool.excluded.end()) return false;
    for (const auto& r : config_.reservations)
      if (r.address == a) return false;  // kept for its owner
  }
  auto it = leases_.find(a);
  if (it == leases_.end()) return true;
  return it->second.state != LeaseRecord::State::Declined && it->second.client == client;
}

std::optional<Ipv4Address> DhcpServer::choose(const Pool& pool, const DhcpMessage& m, const Bytes& client) {
  // §4.3.1 order: a binding (reservation or current lease), the requested address, a free one.
  auto mac = m.client_mac();
  if (auto r = reservation_for(mac); r && available(pool, *r, client, mac)) return r;
  for (const auto& [a, rec] : leases_)
    if (rec.client == client && rec.state != LeaseRecord::State::Declined && available(pool, a, client, mac))
      return a;
  if (auto want = m.requested_ip(); want && available(pool, *want, client, mac)) return want;
  for (std::uint32_t v = pool.first.value; v <= pool.last.value && v != 0; ++v) {
    if (available(pool, Ipv4Address{v}, client, mac)) return Ipv4Address{v};
    if (v == 0xffffffffu) break;
  }
  return std::nullopt;
}

void DhcpServer::on_datagram(SimTime now, ByteView payload, wire::Ipv4Prefix arrival) {
  expire(now);
  auto parsed = DhcpMessage::parse(payload);
  if (!parsed) return;
  const DhcpMessage& m = *parsed;
  auto type = m.message_type();
  if (m.op != DhcpMessage::kBootRequest || !type) return;
  Bytes client = client_key(m);
  const Pool* pool = pool_for(m, arrival);
  switch (*type) {
    case DhcpMessageType::Discover:
      if (pool) on_discover(now, m, *pool, client);
      return;
    case DhcpMessageType::Request: on_request(now, m, pool, client); return;
    case DhcpMessageType::Decline: on_decline(now, m, client); return;
    case DhcpMessageType::Release: on_release(now, m, client); return;
    case DhcpMessageType::Inform: on_inform(now, m, pool); return;
    default: return;
  }
}

void DhcpServer::on_discover(SimTime now, const DhcpMessage& m, const Pool& pool, const Bytes& client) {
  auto a = choose(pool, m, client);
  if (!a) {
    events_.push_back(ServerEvent{ServerEvent::Kind::NoAddress, m.client_mac(), {}, "no free address in pool"});
    return;
  }
  auto& rec = leases_[*a];
  if (rec.state != LeaseRecord::State::Bound || rec.client != client) {
    rec = LeaseRecord{LeaseRecord::State::Offered, client, m.client_mac(), now + config_.offer_hold};
  }
  DhcpMessage r = reply(m, DhcpMessageType::Offer);
  r.yiaddr = *a;
  add_parameters(r, pool, true);
  send(std::move(r), m);
  events_.push_back(ServerEvent{ServerEvent::Kind::Offered, m.client_mac(), *a, {}});
}

void DhcpServer::on_request(SimTime now, const DhcpMessage& m, const Pool* pool, const Bytes& client) {
  auto mac = m.client_mac();
  if (auto sid = m.server_id()) {  // SELECTING
    if (*sid != config_.server_id) {  // the client chose another server: drop our offer
      for (auto it = leases_.begin(); it != leases_.end(); ++it)
        if (it->second.client == client && it->second.state == LeaseRecord::State::Offered) { leases_.erase(it); break; }
      return;
    }
    auto want = m.requested_ip();
    if (!pool || !want) return nak(m, "no subnet or requested address");
    if (!available(*pool, *want, client, mac)) return nak(m, "requested address not available");
    return ack(now, m, *pool, *want, client);
  }
  if (m.ciaddr.is_any()) {  // INIT-REBOOT
    auto want = m.requested_ip();
    if (!want) return;
    if (!pool || !pool->subnet.contains(*want)) return nak(m, "requested address on the wrong subnet");
    auto it = leases_.find(*want);
    if (it != leases_.end() && it->second.client == client && it->second.state != LeaseRecord::State::Declined)
      return ack(now, m, *pool, *want, client);
    if (it != leases_.end()) return nak(m, "requested address not available");
    for (const auto& r : config_.reservations)
      if (r.address == *want && r.mac != mac) return nak(m, "requested address reserved for another client");
    return;  // §4.3.2: no record of this client (maybe another server's), remain silent
  }
  // RENEWING (unicast) or REBINDING (broadcast): ciaddr is the client's address.
  const Pool* home = nullptr;
  for (const auto& p : config_.pools)
    if (p.subnet.contains(m.ciaddr)) home = &p;
  // A unicast renewal may arrive on any interface; only a relay's giaddr names the subnet.
  if (!home || (!m.giaddr.is_any() && pool != home)) return nak(m, "address on the wrong subnet");
  auto it = leases_.find(m.ciaddr);
  if (it != leases_.end() && it->second.client == client && it->second.state == LeaseRecord::State::Bound)
    return ack(now, m, *home, m.ciaddr, client);
  if (it != leases_.end() && it->second.client != client) return nak(m, "address leased to another client");
  // No record (e.g. another server's lease while rebinding): remain silent.
}

void DhcpServer::on_decline(SimTime now, const DhcpMessage& m, const Bytes& client) {
  auto a = m.requested_ip();
  if (!a || (m.server_id() && *m.server_id() != config_.server_id)) return;
  auto it = leases_.find(*a);
  if (it == leases_.end() || it->second.client != client) return;
  // §4.3.3: mark the address as not available, and tell the administrator.
  it->second = LeaseRecord{LeaseRecord::State::Declined, {}, m.client_mac(), now + config_.decline_hold};
  events_.push_back(ServerEvent{ServerEvent::Kind::Declined, m.client_mac(), *a, {}});
}

void DhcpServer::on_release(SimTime, const DhcpMessage& m, const Bytes& client) {
  if (m.server_id() && *m.server_id() != config_.server_id) return;
  auto it = leases_.find(m.ciaddr);
  if (it == leases_.end() || it->second.client != client) return;
  leases_.erase(it);  // §4.3.4
  events_.push_back(ServerEvent{ServerEvent::Kind::Released, m.client_mac(), m.ciaddr, {}});
}

void DhcpServer::on_inform(SimTime, const DhcpMessage& m, const Pool* pool) {
  if (m.ciaddr.is_any()) return;
  for (const auto& p : config_.pools)
    if (p.subnet.contains(m.ciaddr)) pool = &p;
  if (!pool) return;
  DhcpMessage r = reply(m, DhcpMessageType::Ack);  // §4.3.5: no yiaddr, no lease time
  r.ciaddr = m.ciaddr;
  add_parameters(r, *pool, false);
  send(std::move(r), m);
  events_.push_back(ServerEvent{ServerEvent::Kind::Informed, m.client_mac(), m.ciaddr, {}});
}

DhcpMessage DhcpServer::reply(const DhcpMessage& req, DhcpMessageType type) const {
  DhcpMessage r;  // §4.3.1 Table 3
  r.op = DhcpMessage::kBootReply;
  r.htype = req.htype;
  r.hlen = req.hlen;
  r.xid = req.xid;
  r.flags = req.flags;
  r.giaddr = req.giaddr;
  r.chaddr = req.chaddr;
  r.set_message_type(type);
  r.set_address_option(opt::kServerId, config_.server_id);
  return r;
}

void DhcpServer::add_parameters(DhcpMessage& r, const Pool& pool, bool with_lease) const {
  if (with_lease) {
    r.set_u32_option(opt::kLeaseTime, to_secs(pool.lease_time));
    r.set_u32_option(opt::kRenewalTime, to_secs(pool.t1.value_or(pool.lease_time / 2)));
    r.set_u32_option(opt::kRebindingTime, to_secs(pool.t2.value_or(pool.lease_time / 8 * 7)));
  }
  r.set_address_option(opt::kSubnetMask, Ipv4Address{pool.subnet.mask()});
  if (!pool.routers.empty()) r.set_address_list_option(opt::kRouters, pool.routers);
  if (!pool.dns.empty()) r.set_address_list_option(opt::kDnsServers, pool.dns);
  if (!pool.domain.empty()) r.set_string_option(opt::kDomainName, pool.domain);
  for (const auto& o : pool.extra) r.set_option(o.code, o.data);
}

void DhcpServer::send(DhcpMessage r, const DhcpMessage& req) {
  Datagram d;
  d.src = config_.server_id;
  d.src_port = DhcpMessage::kServerPort;
  d.dst_port = DhcpMessage::kClientPort;
  bool is_nak = r.message_type() == DhcpMessageType::Nak;
  if (!req.giaddr.is_any()) {  // §4.1: through the relay, on the server port
    d.dst = req.giaddr;
    d.dst_port = DhcpMessage::kServerPort;
    if (is_nak) r.set_broadcast(true);  // §4.3.2: the relay broadcasts the NAK
  } else if (is_nak) {
    d.dst = Ipv4Address::broadcast();
  } else if (!req.ciaddr.is_any()) {
    d.dst = req.ciaddr;
  } else if (req.broadcast()) {
    d.dst = Ipv4Address::broadcast();
  } else {
    d.dst = r.yiaddr;  // unicast to the new address at chaddr, without ARP
    d.dst_mac = req.client_mac();
  }
  d.payload = r.to_bytes();
  output_.push_back(std::move(d));
}

void DhcpServer::ack(SimTime now, const DhcpMessage& req, const Pool& pool, Ipv4Address a, const Bytes& client) {
  leases_[a] = LeaseRecord{LeaseRecord::State::Bound, client, req.client_mac(), now + pool.lease_time};
  DhcpMessage r = reply(req, DhcpMessageType::Ack);
  r.ciaddr = req.ciaddr;
  r.yiaddr = a;
  add_parameters(r, pool, true);
  send(std::move(r), req);
  events_.push_back(ServerEvent{ServerEvent::Kind::Acked, req.client_mac(), a, {}});
}

void DhcpServer::nak(const DhcpMessage& req, const std::string& reason) {
  DhcpMessage r = reply(req, DhcpMessageType::Nak);  // Table 3: no yiaddr, no parameters
  r.set_string_option(opt::kMessage, reason);
  send(std::move(r), req);
  events_.push_back(ServerEvent{ServerEvent::Kind::Nakked, req.client_mac(), req.requested_ip().value_or(req.ciaddr), reason});
}

}  // namespace wirelab::proto::dhcp
