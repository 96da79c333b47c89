#include "engine/proto/dhcp/dhcp_client.h"

#include <algorithm>

namespace wirelab::proto::dhcp {

using wire::DhcpMessage;
using wire::DhcpMessageType;
using wire::Ipv4Address;
namespace opt = wire::dhcp_option;

const char* to_string(ClientState s) {
  switch (s) {
    case ClientState::Init: return "INIT";
    case ClientState::Selecting: return "SELECTING";
    case ClientState::Requesting: return "REQUESTING";
    case ClientState::Bound: return "BOUND";
    case ClientState::Renewing: return "RENEWING";
    case ClientState::Rebinding: return "REBINDING";
    case ClientState::InitReboot: return "INIT-REBOOT";
    case ClientState::Rebooting: return "REBOOTING";
    case ClientState::Informing: return "INFORMING";
    case ClientState::Informed: return "INFORMED";
    case ClientState::Stopped: return "STOPPED";
  }
  return "?";
}

DhcpClient::DhcpClient(ClientConfig config, Rng rng) : config_(std::move(config)), rng_(rng) {
  if (config_.client_id.empty()) {
    config_.client_id.push_back(1);  // RFC 2132 §9.14: hardware type, then the address
    config_.client_id.insert(config_.client_id.end(), config_.mac.octets.begin(), config_.mac.octets.end());
  }
}

namespace {
bool idle(ClientState s) {
  return s == ClientState::Init || s == ClientState::Stopped || s == ClientState::Informed;
}
Result<bool> misuse(const char* why) { return make_error(ErrorKind::Invalid, why); }
}  // namespace

Result<bool> DhcpClient::start(SimTime now) {
  if (!idle(state_) || timer_ != kNever) return misuse("DHCP client already running");
  send_discover(now);
  return true;
}

Result<bool> DhcpClient::start_reboot(SimTime now, Ipv4Address remembered) {
  if (!idle(state_) || timer_ != kNever) return misuse("DHCP client already running");
  remembered_ = remembered;
  state_ = ClientState::Rebooting;  // INIT-REBOOT sends its REQUEST at once
  xid_ = rng_.next_u32();
  started_at_ = now;
  retries_ = 0;
  send_request(now);
  arm_backoff(now);
  return true;
}

Result<bool> DhcpClient::start_inform(SimTime now, Ipv4Address address, std::optional<Ipv4Address> server) {
  if (!idle(state_) || timer_ != kNever) return misuse("DHCP client already running");
  state_ = ClientState::Informing;
  xid_ = rng_.next_u32();
  started_at_ = now;
  retries_ = 0;
  lease_ = Lease{};
  lease_.address = address;
  lease_.server = server.value_or(Ipv4Address::broadcast());
  DhcpMessage m = base_message(now, DhcpMessageType::Inform);
  m.ciaddr = address;
  m.remove_option(opt::kHostName);
  send(std::move(m), address, lease_.server);
  arm_backoff(now);
  return true;
}

DhcpMessage DhcpClient::base_message(SimTime now, DhcpMessageType type) const {
  DhcpMessage m;
  m.op = DhcpMessage::kBootRequest;
  m.xid = xid_;
  m.secs = static_cast<std::uint16_t>(std::clamp<SimDuration>((now - started_at_) / seconds(1), 0, 0xffff));
  m.set_client_mac(config_.mac);
  m.set_message_type(type);
  m.set_option(opt::kClientId, config_.client_id);
  if (type == DhcpMessageType::Discover || type == DhcpMessageType::Request || type == DhcpMessageType::Inform) {
    if (!config_.host_name.empty() && type != DhcpMessageType::Inform)
      m.set_string_option(opt::kHostName, config_.host_name);
    m.set_option(opt::kParameterRequestList, config_.parameter_request_list);
  }
  return m;
}

void DhcpClient::send(DhcpMessage m, Ipv4Address src, Ipv4Address dst) {
  Datagram d;
  d.payload = m.to_bytes();
  d.src = src;
  d.dst = dst;
  d.src_port = DhcpMessage::kClientPort;
  d.dst_port = DhcpMessage::kServerPort;
  output_.push_back(std::move(d));
}

void DhcpClient::send_discover(SimTime now) {
  state_ = ClientState::Selecting;
  xid_ = rng_.next_u32();
  started_at_ = now;
  retries_ = 0;
  DhcpMessage m = base_message(now, DhcpMessageType::Discover);
  m.set_broadcast(config_.broadcast_flag);
  send(std::move(m), Ipv4Address::any(), Ipv4Address::broadcast());
  arm_backoff(now);
}

void DhcpClient::send_request(SimTime now) {
  DhcpMessage m = base_message(now, DhcpMessageType::Request);
  request_sent_at_ = now;
  switch (state_) {
    case ClientState::Requesting:  // §4.3.2 SELECTING: server id + requested IP, ciaddr 0
      m.set_broadcast(config_.broadcast_flag);
      m.set_address_option(opt::kRequestedIp, offered_);
      m.set_address_option(opt::kServerId, offer_server_);
      send(std::move(m), Ipv4Address::any(), Ipv4Address::broadcast());
      break;
    case ClientState::Rebooting:  // INIT-REBOOT: requested IP, no server id, ciaddr 0
      m.set_broadcast(config_.broadcast_flag);
      m.set_address_option(opt::kRequestedIp, remembered_);
      send(std::move(m), Ipv4Address::any(), Ipv4Address::broadcast());
      break;
    case ClientState::Renewing:  // ciaddr, unicast to the server that granted the lease
      m.ciaddr = lease_.address;
      send(std::move(m), lease_.address, lease_.server);
      break;
    case ClientState::Rebinding:  // ciaddr, broadcast to any server
      m.ciaddr = lease_.address;
      send(std::move(m), lease_.address, Ipv4Address::broadcast());
      break;
    default:
      break;
  }
}

void DhcpClient::arm_backoff(SimTime now) {
  // §4.1: 4 s doubled on each retransmission up to 64 s, randomised by uniform -1..+1 s.
  SimDuration base = config_.initial_timeout;
  for (int i = 0; i < retries_ && base < config_.max_timeout; ++i) base *= 2;
  base = std::min(base, config_.max_timeout);
  SimDuration jitter = static_cast<SimDuration>(rng_.uniform(2001)) * milliseconds(1) - seconds(1);
  timer_ = now + std::max<SimDuration>(base + jitter, milliseconds(1));
}

void DhcpClient::arm_half_remaining(SimTime now, SimTime deadline) {
  // §4.4.5: wait one-half of the time remaining, down to a minimum of 60 seconds.
  SimDuration wait = std::max<SimDuration>((deadline - now) / 2, seconds(60));
  timer_ = std::min(now + wait, deadline);
}

void DhcpClient::enter_init(SimTime now, SimDuration delay) {
  lease_ = Lease{};
  if (delay <= 0) {
    send_discover(now);
    return;
  }
  state_ = ClientState::Init;
  timer_ = now + delay;
}

Lease DhcpClient::lease_from(const DhcpMessage& m, SimTime sent_at) const {
  Lease l;
  l.address = m.yiaddr;
  l.mask = m.subnet_mask().value_or(Ipv4Address{});
  l.routers = m.routers();
  l.dns = m.dns_servers();
  l.domain = m.domain_name().value_or("");
  l.server = m.server_id().value_or(Ipv4Address{});
  l.acquired_at = sent_at;
  if (auto lt = m.lease_time()) {
    l.lease_time = *lt == 0xffffffffu ? kNever : seconds(*lt);
    l.t1 = m.renewal_time() ? seconds(*m.renewal_time()) : l.lease_time / 2;
    l.t2 = m.rebinding_time() ? seconds(*m.rebinding_time()) : l.lease_time / 8 * 7;
    if (*lt == 0xffffffffu) l.t1 = l.t2 = kNever;
  }
  return l;
}

void DhcpClient::on_ack(SimTime now, const DhcpMessage& m) {
  if (!m.lease_time() || m.yiaddr.is_any()) return;  // not a usable lease: ignore
  bool renewal = state_ == ClientState::Renewing || state_ == ClientState::Rebinding;
  Lease l = lease_from(m, request_sent_at_);
  if (l.server.is_any()) l.server = renewal ? lease_.server : offer_server_;
  lease_ = l;
  state_ = ClientState::Bound;
  retries_ = 0;
  timer_ = l.t1 == kNever ? kNever : l.acquired_at + l.t1;
  if (timer_ <= now) poll(now);
  events_.push_back(ClientEvent{renewal ? ClientEvent::Kind::Renewed : ClientEvent::Kind::Bound, lease_});
}

void DhcpClient::on_datagram(SimTime now, ByteView payload) {
  auto parsed = DhcpMessage::parse(payload);
  if (!parsed) return;
  const DhcpMessage& m = *parsed;
  if (m.op != DhcpMessage::kBootReply || m.xid != xid_ || m.client_mac() != config_.mac) return;
  auto type = m.message_type();
  if (!type) return;
  switch (*type) {
    case DhcpMessageType::Offer:
      if (state_ != ClientState::Selecting || m.yiaddr.is_any() || !m.server_id()) return;
      offered_ = m.yiaddr;  // the first offer wins
      offer_server_ = *m.server_id();
      state_ = ClientState::Requesting;
      retries_ = 0;
      send_request(now);
      arm_backoff(now);
      return;
    case DhcpMessageType::Ack:
      if (state_ == ClientState::Informing) {
        Lease l = lease_from(m, now);
        l.address = lease_.address;
        if (l.server.is_any()) l.server = lease_.server;
        lease_ = l;
        state_ = ClientState::Informed;
        timer_ = kNever;
        events_.push_back(ClientEvent{ClientEvent::Kind::Informed, lease_});
        return;
      }
      if (state_ == ClientState::Requesting || state_ == ClientState::Rebooting ||
          state_ == ClientState::Renewing || state_ == ClientState::Rebinding)
        on_ack(now, m);
      return;
    case DhcpMessageType::Nak:
      if (state_ == ClientState::Requesting || state_ == ClientState::Rebooting ||
          state_ == ClientState::Renewing || state_ == ClientState::Rebinding) {
        if (state_ == ClientState::Requesting && m.server_id() && *m.server_id() != offer_server_) return;
        events_.push_back(ClientEvent{ClientEvent::Kind::Nak, lease_});
        enter_init(now, 0);  // §4.4.1: a NAK restarts the configuration process
      }
      return;
    default:
      return;
  }
}

Result<bool> DhcpClient::address_in_use(SimTime now) {
  if (state_ != ClientState::Bound) return misuse("no freshly bound address to decline");
  DhcpMessage m = base_message(now, DhcpMessageType::Decline);
  m.set_address_option(opt::kRequestedIp, lease_.address);
  m.set_address_option(opt::kServerId, lease_.server);
  send(std::move(m), Ipv4Address::any(), Ipv4Address::broadcast());
  events_.push_back(ClientEvent{ClientEvent::Kind::Declined, lease_});
  enter_init(now, config_.decline_wait);
  return true;
}

Result<bool> DhcpClient::release(SimTime now) {
  if (state_ != ClientState::Bound && state_ != ClientState::Renewing && state_ != ClientState::Rebinding)
    return misuse("no lease to release");
  DhcpMessage m = base_message(now, DhcpMessageType::Release);
  m.ciaddr = lease_.address;
  m.set_address_option(opt::kServerId, lease_.server);
  send(std::move(m), lease_.address, lease_.server);
  events_.push_back(ClientEvent{ClientEvent::Kind::Released, lease_});
  lease_ = Lease{};
  state_ = ClientState::Stopped;
  timer_ = kNever;
  return true;
}

void DhcpClient::poll(SimTime now) {
  if (now < timer_) return;
  switch (state_) {
    case ClientState::Init:
      send_discover(now);
      return;
    case ClientState::Selecting:
      ++retries_;  // same xid: one transaction (§4.1)
      {
        DhcpMessage m = base_message(now, DhcpMessageType::Discover);
        m.set_broadcast(config_.broadcast_flag);
        send(std::move(m), Ipv4Address::any(), Ipv4Address::broadcast());
      }
      arm_backoff(now);
      return;
    case ClientState::Requesting:
    case ClientState::Rebooting:
      if (retries_ >= config_.max_request_retries) { enter_init(now, 0); return; }
      ++retries_;
      send_request(now);
      arm_backoff(now);
      return;
    case ClientState::Informing:
      if (retries_ >= config_.max_request_retries) { state_ = ClientState::Stopped; timer_ = kNever; return; }
      ++retries_;
      {
        DhcpMessage m = base_message(now, DhcpMessageType::Inform);
        m.ciaddr = lease_.address;
        send(std::move(m), lease_.address, lease_.server);
      }
      arm_backoff(now);
      return;
    case ClientState::Bound:  // T1: RENEWING
      state_ = ClientState::Renewing;
      xid_ = rng_.next_u32();
      started_at_ = now;
      send_request(now);
      arm_half_remaining(now, lease_.acquired_at + lease_.t2);
      return;
    case ClientState::Renewing:
      if (now >= lease_.acquired_at + lease_.t2) {  // T2: REBINDING
        state_ = ClientState::Rebinding;
        send_request(now);
        arm_half_remaining(now, lease_.acquired_at + lease_.lease_time);
      } else {
        send_request(now);
        arm_half_remaining(now, lease_.acquired_at + lease_.t2);
      }
      return;
    case ClientState::Rebinding:
      if (now >= lease_.acquired_at + lease_.lease_time) {  // expired: back to INIT
        events_.push_back(ClientEvent{ClientEvent::Kind::Expired, lease_});
        enter_init(now, 0);
      } else {
        send_request(now);
        arm_half_remaining(now, lease_.acquired_at + lease_.lease_time);
      }
      return;
    default:
      timer_ = kNever;
      return;
  }
}

}  // namespace wirelab::proto::dhcp
