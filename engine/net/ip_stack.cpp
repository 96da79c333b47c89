#include "engine/net/ip_stack.h"

#include <algorithm>

#include "engine/wire/arp.h"
#include "engine/wire/ethernet.h"
#include "engine/wire/icmp.h"

namespace wirelab::net {

using wire::Ipv4Address;
using wire::Ipv4Packet;
using wire::MacAddress;

namespace {
constexpr std::uint8_t kIcmp = static_cast<std::uint8_t>(wire::IpProtocol::Icmp);
constexpr std::uint8_t kUdp = static_cast<std::uint8_t>(wire::IpProtocol::Udp);
constexpr std::size_t kLoopback = SIZE_MAX;

// Options copied into every fragment are those with the "copied" bit (RFC 791 §3.1).
Bytes copied_options(ByteView options) {
  Bytes out;
  for (std::size_t i = 0; i < options.size();) {
    std::uint8_t type = options[i];
    if (type == 0) break;
    if (type == 1) { ++i; continue; }
    if (i + 1 >= options.size() || options[i + 1] < 2 || i + options[i + 1] > options.size()) break;
    std::size_t len = options[i + 1];
    if (type & 0x80) out.insert(out.end(), options.begin() + i, options.begin() + i + len);
    i += len;
  }
  while (out.size() % 4) out.push_back(0);
  return out;
}
}  // namespace

const char* to_string(SendError e) {
  switch (e) {
    case SendError::NetworkUnreachable: return "Network is unreachable";
    case SendError::MessageTooLong: return "Message too long";
    case SendError::NoAddress: return "Cannot assign requested address";
  }
  return "error";
}

ByteView IpDelivery::payload() const {
  std::size_t hl = packet.empty() ? 0 : (packet[0] & 15) * 4u;
  return ByteView(packet).subspan(std::min(hl, packet.size()));
}

IpStack::IpStack(sim::SimContext& ctx, std::string host_name, FrameOutput output, StackConfig config)
    : ctx_(ctx), host_name_(std::move(host_name)), output_(std::move(output)), config_(config),
      rng_(ctx.rng_for("host:" + host_name_)), arp_(config.arp_timeout), reassembler_(config.reassembly_timeout) {
  ip_id_ = static_cast<std::uint16_t>(rng_.next_u32());
}

// --- configuration ------------------------------------------------------------------------------

std::size_t IpStack::add_interface(std::string name, std::size_t port, MacAddress mac, std::uint32_t mtu) {
  NetInterface i;
  i.name = std::move(name);
  i.port = port;
  i.mac = mac;
  i.mtu = mtu;
  interfaces_.push_back(i);
  return interfaces_.size() - 1;
}

void IpStack::set_address(std::size_t interface, std::optional<wire::Ipv4Prefix> address) {
  routes_.remove_interface_routes(interface, RouteOrigin::Connected);
  interfaces_[interface].address = address;
  if (address && address->length < 32)
    routes_.add(Route{*address, std::nullopt, interface, 0, RouteOrigin::Connected});
}

std::optional<std::size_t> IpStack::find_interface(const std::string& name) const {
  for (std::size_t i = 0; i < interfaces_.size(); ++i)
    if (interfaces_[i].name == name) return i;
  return std::nullopt;
}

bool IpStack::is_local_address(Ipv4Address a) const {
  if (a.is_loopback()) return true;
  for (const auto& i : interfaces_)
    if (i.address && i.address->address == a) return true;
  return false;
}

std::optional<Ipv4Address> IpStack::source_for(Ipv4Address dst) const {
  if (dst.is_loopback()) return Ipv4Address{0x7f000001};
  if (is_local_address(dst)) return dst;
  auto r = routes_.lookup(dst);
  if (!r || !interfaces_[r->interface].address) return std::nullopt;
  return interfaces_[r->interface].address->address;
}

int IpStack::add_icmp_listener(Listener l) {
  icmp_listeners_[next_listener_id_] = std::move(l);
  return next_listener_id_++;
}
void IpStack::remove_icmp_listener(int id) { icmp_listeners_.erase(id); }
int IpStack::add_arp_listener(ArpListener l) {
  arp_listeners_[next_listener_id_] = std::move(l);
  return next_listener_id_++;
}
void IpStack::remove_arp_listener(int id) { arp_listeners_.erase(id); }

// --- input ---------------------------------------------------------------------------------------

void IpStack::on_frame(std::size_t port, ByteView frame) {
  ++counters_.frames_in;
  std::size_t iface = 0;
  while (iface < interfaces_.size() && interfaces_[iface].port != port) ++iface;
  if (iface == interfaces_.size()) return;
  NetInterface& ni = interfaces_[iface];
  if (!ni.up) {
    ++ni.rx_dropped;
    return;
  }
  auto eth = wire::EthernetFrame::parse(frame);
  if (!eth) {
    ++counters_.frames_malformed;
    ++ni.rx_errors;
    return;
  }
  const bool broadcast = eth->dst.is_broadcast();
  if (!broadcast && eth->dst != ni.mac) {
    ++counters_.frames_not_for_us;  // unicast for someone else (a hub) or multicast we did not join
    return;
  }
  ++ni.rx_packets;
  ni.rx_bytes += frame.size();
  switch (eth->ethertype) {
    case static_cast<std::uint16_t>(wire::EtherType::Arp): handle_arp(iface, eth->payload); break;
    case static_cast<std::uint16_t>(wire::EtherType::Ipv4): handle_ipv4(iface, eth->payload, broadcast); break;
    default: ++counters_.frames_unknown_type; ++ni.rx_dropped; break;
  }
}

void IpStack::handle_arp(std::size_t iface, ByteView payload) {
  ++counters_.arp_in;
  auto arp = wire::ArpPacket::parse(payload);
  if (!arp) {
    ++counters_.arp_malformed;
    return;
  }
  if (!arp_listeners_.empty()) {
    Bytes copy(payload.begin(), payload.begin() + std::min(payload.size(), wire::ArpPacket::kLen));
    for (const auto& [id, l] : arp_listeners_) {
      ctx_.scheduler.schedule_in(0, [this, id = id, iface, copy, t = ctx_.now()] {
        auto it = arp_listeners_.find(id);
        if (it != arp_listeners_.end()) it->second(iface, copy, t);
      });
    }
  }
  const NetInterface& ni = interfaces_[iface];
  if (!ni.address || arp->sender_mac == ni.mac || arp->sender_ip.is_any()) return;
  const Ipv4Address me = ni.address->address;
  const SimTime now = ctx_.now();
  // RFC 826 "merge": refresh an entry we already have; add one if the packet is for us.
  const bool for_me = arp->target_ip == me;
  std::deque<ArpCache::Pending> ready;
  if (arp_.knows(arp->sender_ip, now) || for_me) ready = arp_.update(arp->sender_ip, arp->sender_mac, iface, now);
  for (auto& p : ready) send_frame(p.interface, arp->sender_mac, 0x0800, p.ip_packet);
  if (for_me && arp->operation == static_cast<std::uint16_t>(wire::ArpOp::Request)) {
    send_arp(iface, static_cast<std::uint16_t>(wire::ArpOp::Reply), arp->sender_mac, arp->sender_mac,
             arp->sender_ip, me);
    ++counters_.arp_replies_out;
  }
}

void IpStack::handle_ipv4(std::size_t iface, ByteView payload, bool link_broadcast) {
  ++counters_.ip_in;
  auto ip = Ipv4Packet::parse(payload);
  if (!ip) {
    if (ip.error().kind == ErrorKind::BadChecksum) ++counters_.ip_bad_checksum;
    else ++counters_.ip_hdr_errors;
    ++interfaces_[iface].rx_errors;
    return;
  }
  const NetInterface& ni = interfaces_[iface];
  const bool local = ip->dst.is_broadcast() || is_local_address(ip->dst) ||
                     (ni.address && ni.address->length < 31 && ip->dst == ni.address->directed_broadcast());
  if (ip->src.is_multicast() || ip->src.is_broadcast() || ip->src.is_loopback()) {
    ++counters_.ip_hdr_errors;  // martian source (RFC 1812 §5.3.7)
    return;
  }
  if (local) return deliver_local(iface, ip.value(), payload.first(ip->total_length()));
  if (link_broadcast || !config_.forwarding || ip->dst.is_multicast()) {
    ++counters_.ip_not_forwarded;
    return;
  }
  forward(iface, ip.value());
}

void IpStack::deliver_local(std::size_t iface, const Ipv4Packet& ip, ByteView packet_bytes) {
  Bytes whole;
  Ipv4Packet packet = ip;
  if (ip.is_fragment()) {
    switch (reassembler_.add(ip, ctx_.now(), whole)) {
      case Reassembler::Outcome::Incomplete: schedule_reassembly_expiry(); return;
      case Reassembler::Outcome::Dropped: ++counters_.ip_reasm_failed; return;
      case Reassembler::Outcome::Complete: break;
    }
    ++counters_.ip_reasm_ok;
    auto parsed = Ipv4Packet::parse(whole);
    if (!parsed) return;
    packet = parsed.value();
    packet_bytes = whole;
  }
  ++counters_.ip_delivered;
  IpDelivery d;
  d.time = ctx_.now();
  d.interface = iface;
  d.src = packet.src;
  d.dst = packet.dst;
  d.ttl = packet.ttl;
  d.protocol = packet.protocol;
  d.tos = packet.tos;
  d.packet.assign(packet_bytes.begin(), packet_bytes.end());

  if (d.protocol == kIcmp) return handle_icmp(d);
  const bool to_broadcast = !is_local_address(d.dst);
  auto h = handlers_.find(d.protocol);
  if (h != handlers_.end()) {
    if (!h->second(d) && !to_broadcast) send_icmp_error(d.packet, 3, static_cast<std::uint8_t>(wire::UnreachableCode::Port));
    return;
  }
  if (to_broadcast) return;
  // No transport bound: nothing listens on any UDP port; other protocols are unknown here.
  ++counters_.unknown_protocol;
  send_icmp_error(d.packet, 3,
                  static_cast<std::uint8_t>(d.protocol == kUdp ? wire::UnreachableCode::Port
                                                               : wire::UnreachableCode::Protocol));
}

void IpStack::handle_icmp(const IpDelivery& d) {
  auto icmp = wire::IcmpMessage::parse(d.payload());
  if (!icmp) {
    ++counters_.icmp_in_errors;
    return;
  }
  ++counters_.icmp_in;
  if (icmp->type == static_cast<std::uint8_t>(wire::IcmpType::EchoRequest) && icmp->code == 0) {
    const bool broadcast = !is_local_address(d.dst);
    if (!(broadcast && config_.echo_ignore_broadcasts)) {
      auto reply = wire::IcmpMessage::echo(false, icmp->echo_id(), icmp->echo_seq(), icmp->data);
      IpSendOptions o;
      if (!broadcast) o.src = d.dst;
      if (send(d.src, kIcmp, reply.to_bytes(), o).ok()) ++counters_.icmp_out;
    }
  }
  for (const auto& [id, l] : icmp_listeners_) {
    ctx_.scheduler.schedule_in(0, [this, id = id, d] {
      auto it = icmp_listeners_.find(id);
      if (it != icmp_listeners_.end()) it->second(d);
    });
  }
}

void IpStack::forward(std::size_t /*in_iface*/, const Ipv4Packet& ip) {
  Bytes original = ip.to_bytes();  // for ICMP errors, as received (checksum recomputed, same bytes)
  // The route lookup comes before the TTL check, as in Linux (ip_route_input, then ip_forward):
  // a probe with TTL 1 towards an unroutable network draws "net unreachable" from the first
  // router, so traceroute shows `1  gw  !N` rather than the router twice.
  auto route = routes_.lookup(ip.dst);
  if (!route || !interfaces_[route->interface].up) {
    ++counters_.ip_no_route;
    send_icmp_error(original, 3, static_cast<std::uint8_t>(wire::UnreachableCode::Net));
    return;
  }
  if (ip.ttl <= 1) {
    ++counters_.ip_ttl_expired;
    send_icmp_error(original, static_cast<std::uint8_t>(wire::IcmpType::TimeExceeded), 0);
    return;
  }
  Ipv4Packet out = ip;
  out.ttl = static_cast<std::uint8_t>(ip.ttl - 1);
  const std::uint32_t mtu = interfaces_[route->interface].mtu;
  if (out.buffer_len() > mtu && out.dont_fragment) {
    send_icmp_error(original, 3, static_cast<std::uint8_t>(wire::UnreachableCode::FragmentationNeeded), mtu & 0xffff);
    return;
  }
  ++counters_.ip_forwarded;
  output(out, route->interface, route->gateway.value_or(ip.dst));
}

// --- output --------------------------------------------------------------------------------------

SendResult IpStack::send(Ipv4Address dst, std::uint8_t protocol, ByteView payload, const IpSendOptions& o) {
  SendResult result;
  Ipv4Packet ip;
  ip.tos = o.tos;
  ip.ttl = o.ttl.value_or(config_.default_ttl);
  ip.protocol = protocol;
  ip.dst = dst;
  ip.dont_fragment = o.dont_fragment;
  ip.payload = payload;

  if (!o.interface && (dst.is_loopback() || is_local_address(dst))) {
    ip.src = o.src.value_or(dst.is_loopback() ? Ipv4Address{0x7f000001} : dst);
    ip.identification = result.id = next_ip_id();
    ++counters_.ip_out;
    loopback(ip.to_bytes());  // lo's MTU is 65536: no fragmentation
    return result;
  }

  std::size_t iface;
  Ipv4Address next_hop = dst;
  if (o.interface) {
    iface = *o.interface;
    if (!dst.is_broadcast()) {
      auto r = routes_.lookup(dst);
      if (r && r->interface == iface && r->gateway) next_hop = *r->gateway;
    }
  } else if (dst.is_broadcast()) {
    auto it = std::find_if(interfaces_.begin(), interfaces_.end(), [](const NetInterface& i) { return i.up; });
    if (it == interfaces_.end()) {
      result.error = SendError::NetworkUnreachable;
      return result;
    }
    iface = static_cast<std::size_t>(it - interfaces_.begin());
  } else {
    auto r = routes_.lookup(dst);
    if (!r || !interfaces_[r->interface].up) {
      ++counters_.ip_no_route;
      result.error = SendError::NetworkUnreachable;
      return result;
    }
    iface = r->interface;
    if (r->gateway) next_hop = *r->gateway;
  }
  const NetInterface& ni = interfaces_[iface];
  if (o.src) ip.src = *o.src;
  else if (ni.address) ip.src = ni.address->address;
  else if (!dst.is_broadcast()) {
    result.error = SendError::NoAddress;
    return result;
  }
  if (ip.buffer_len() > ni.mtu && ip.dont_fragment) {
    result.error = SendError::MessageTooLong;
    result.mtu = ni.mtu;
    return result;
  }
  if (ip.buffer_len() > 65535) {
    result.error = SendError::MessageTooLong;
    result.mtu = 65535;
    return result;
  }
  ip.identification = result.id = next_ip_id();
  ++counters_.ip_out;
  output(ip, iface, next_hop);
  return result;
}

bool IpStack::output(const Ipv4Packet& ip, std::size_t iface, Ipv4Address next_hop) {
  const std::uint32_t mtu = interfaces_[iface].mtu;
  if (ip.buffer_len() <= mtu) {
    output_one(iface, next_hop, ip.to_bytes());
    return true;
  }
  // Fragmentation (RFC 791 §3.2): 8-byte aligned pieces; non-first fragments carry only the
  // options with the copied bit; offsets are relative to the original datagram.
  const Bytes later_options = copied_options(ip.options);
  std::size_t offset = 0;
  const std::size_t base = std::size_t{ip.fragment_offset} * 8;
  while (offset < ip.payload.size()) {
    Ipv4Packet f = ip;
    if (offset > 0) f.options = later_options;
    const std::size_t room = mtu > f.header_len() ? ((mtu - f.header_len()) / 8) * 8 : 0;
    if (room == 0) {  // an MTU too small for 8 bytes of data (below RFC 791's 68): cannot fragment
      ++interfaces_[iface].tx_dropped;
      return false;
    }
    const std::size_t n = std::min(room, ip.payload.size() - offset);
    f.payload = ip.payload.subspan(offset, n);
    f.fragment_offset = static_cast<std::uint16_t>((base + offset) / 8);
    f.more_fragments = (offset + n < ip.payload.size()) || ip.more_fragments;
    ++counters_.ip_frag_created;
    output_one(iface, next_hop, f.to_bytes());
    offset += n;
  }
  return true;
}

void IpStack::output_one(std::size_t iface, Ipv4Address next_hop, Bytes packet) {
  const NetInterface& ni = interfaces_[iface];
  const Ipv4Address dst{read_u32(packet, 16)};
  if (dst.is_broadcast() || (ni.address && ni.address->length < 31 && dst == ni.address->directed_broadcast()))
    return send_frame(iface, MacAddress::broadcast(), 0x0800, packet);
  if (dst.is_multicast()) return;  // no IGMP/multicast support yet: dropped
  if (auto mac = arp_.lookup(next_hop, ctx_.now())) return send_frame(iface, *mac, 0x0800, packet);
  bool dropped_oldest = false;
  if (arp_.enqueue(next_hop, {iface, std::move(packet)}, ctx_.now(), dropped_oldest)) {
    if (auto* e = arp_.find(next_hop)) e->requests_sent = 1;
    if (ni.address) send_arp(iface, 1, MacAddress::broadcast(), MacAddress{}, next_hop, ni.address->address);
    ++counters_.arp_requests_out;
    ctx_.scheduler.schedule_in(config_.arp_retry_interval, [this, next_hop] { arp_retry(next_hop); });
  }
  if (dropped_oldest) ++interfaces_[iface].tx_dropped;
}

void IpStack::arp_retry(Ipv4Address ip) {
  ArpCache::Entry* e = arp_.find(ip);
  if (!e || e->mac) return;
  if (e->requests_sent >= config_.arp_max_requests) return arp_give_up(ip);
  ++e->requests_sent;
  const NetInterface& ni = interfaces_[e->interface];
  if (ni.address) send_arp(e->interface, 1, MacAddress::broadcast(), MacAddress{}, ip, ni.address->address);
  ++counters_.arp_requests_out;
  ctx_.scheduler.schedule_in(config_.arp_retry_interval, [this, ip] { arp_retry(ip); });
}

void IpStack::arp_give_up(Ipv4Address ip) {
  ++counters_.arp_failed;
  // RFC 1122 §2.3.2.2 / RFC 1812 §4.3.3.1: the waiting datagrams draw "host unreachable". For a
  // datagram we originated, the error is delivered locally (as Linux does: "From <own address>
  // ... Destination Host Unreachable").
  for (auto& p : arp_.fail(ip)) send_icmp_error(p.ip_packet, 3, static_cast<std::uint8_t>(wire::UnreachableCode::Host));
}

void IpStack::send_frame(std::size_t iface, MacAddress dst, std::uint16_t ethertype, ByteView payload) {
  NetInterface& ni = interfaces_[iface];
  if (!ni.up) {
    ++ni.tx_dropped;
    return;
  }
  wire::EthernetFrame f{dst, ni.mac, ethertype, payload};
  Bytes frame = f.to_bytes();
  if (output_(ni.port, frame)) {
    ++ni.tx_packets;
    ni.tx_bytes += frame.size();
  } else {
    ++ni.tx_dropped;
  }
}

void IpStack::send_arp(std::size_t iface, std::uint16_t op, MacAddress dst_mac, MacAddress target_mac,
                       Ipv4Address target_ip, Ipv4Address sender_ip) {
  wire::ArpPacket a{op, interfaces_[iface].mac, sender_ip, target_mac, target_ip};
  send_frame(iface, dst_mac, 0x0806, a.to_bytes());
}

void IpStack::announce(std::size_t iface) {
  const NetInterface& ni = interfaces_[iface];
  if (!ni.address) return;
  send_arp(iface, 1, MacAddress::broadcast(), MacAddress{}, ni.address->address, ni.address->address);
}

void IpStack::send_arp_request(std::size_t iface, Ipv4Address ip) {
  const NetInterface& ni = interfaces_[iface];
  send_arp(iface, 1, MacAddress::broadcast(), MacAddress{}, ip, ni.address ? ni.address->address : Ipv4Address{});
  ++counters_.arp_requests_out;
}

void IpStack::send_icmp_error(ByteView offending, std::uint8_t type, std::uint8_t code, std::uint32_t rest) {
  auto ip = Ipv4Packet::parse(offending, false);
  if (!ip) return;
  // RFC 1122 §3.2.2: never about an ICMP error, a broadcast/multicast, a non-first fragment, or
  // a source that does not name a single host.
  if (ip->protocol == kIcmp && ip->payload.size() >= 1) {
    std::uint8_t t = ip->payload[0];
    if (t == 3 || t == 4 || t == 5 || t == 11 || t == 12) return;
  }
  if (ip->dst.is_broadcast() || ip->dst.is_multicast() || ip->fragment_offset != 0) return;
  if (ip->src.is_any() || ip->src.is_broadcast() || ip->src.is_multicast()) return;
  for (const auto& i : interfaces_)
    if (i.address && i.address->length < 31 && ip->dst == i.address->directed_broadcast()) return;
  // RFC 792: the internet header plus the first 64 bits of the original datagram's data.
  const std::size_t quoted = ip->header_len() + std::min<std::size_t>(8, ip->payload.size());
  wire::IcmpMessage m{type, code, 0, rest, offending.first(quoted)};
  if (send(ip->src, kIcmp, m.to_bytes()).ok()) {
    ++counters_.icmp_out;
    ++counters_.icmp_errors_out;
  }
}

void IpStack::schedule_reassembly_expiry() {
  auto next = reassembler_.next_expiry();
  if (!next || ctx_.scheduler.pending(reassembly_timer_)) return;
  reassembly_timer_ = ctx_.scheduler.schedule_at(*next, [this] {
    reassembly_timer_ = {};
    for (auto& e : reassembler_.expire(ctx_.now())) {
      ++counters_.ip_reasm_failed;
      // RFC 792: time exceeded, code 1, only if fragment zero arrived.
      if (!e.first_fragment.empty())
        send_icmp_error(e.first_fragment, static_cast<std::uint8_t>(wire::IcmpType::TimeExceeded), 1);
    }
    schedule_reassembly_expiry();
  });
}

void IpStack::loopback(Bytes packet) {
  ctx_.scheduler.schedule_in(0, [this, packet = std::move(packet)] {
    auto ip = Ipv4Packet::parse(packet);
    if (ip) deliver_local(kLoopback, ip.value(), packet);
  });
}

}  // namespace wirelab::net
