// TcpConnection: the application-facing API, state changes and option negotiation
// (RFC 9293 §3.10.1-3.10.6 user calls; RFC 7323 §2.2 and §3.2, RFC 2018 §2 negotiation).
#include "engine/net/tcp/tcp_connection.h"

#include <algorithm>

#include "engine/net/tcp/tcp_seq.h"

namespace wirelab::net::tcp {

const char* to_string(State s) {
  switch (s) {
    case State::Closed: return "CLOSED";
    case State::Listen: return "LISTEN";
    case State::SynSent: return "SYN_SENT";
    case State::SynReceived: return "SYN_RECV";
    case State::Established: return "ESTABLISHED";
    case State::FinWait1: return "FIN_WAIT1";
    case State::FinWait2: return "FIN_WAIT2";
    case State::CloseWait: return "CLOSE_WAIT";
    case State::Closing: return "CLOSING";
    case State::LastAck: return "LAST_ACK";
    case State::TimeWait: return "TIME_WAIT";
  }
  return "?";
}

const char* to_string(Event e) {
  switch (e) {
    case Event::Connected: return "Connected";
    case Event::Readable: return "Readable";
    case Event::Writable: return "Writable";
    case Event::PeerClosed: return "PeerClosed";
    case Event::Reset: return "Reset";
    case Event::TimedOut: return "TimedOut";
    case Event::Closed: return "Closed";
  }
  return "?";
}

std::optional<wire::TcpSegmentOut> reset_for(const wire::TcpSegment& seg) {
  if (seg.rst()) return std::nullopt;
  wire::TcpSegmentOut r;
  r.src_port = seg.dst_port;
  r.dst_port = seg.src_port;
  if (seg.ack_flag()) {
    r.seq = seg.ack;
    r.flags = wire::tcp_flags::kRst;
  } else {
    r.seq = 0;
    r.ack = seg.seq + seg.seg_len();
    r.flags = wire::tcp_flags::kRst | wire::tcp_flags::kAck;
  }
  return r;
}

TcpConnection::TcpConnection(Endpoint local, Endpoint remote, std::uint32_t isn, TcpConfig config)
    : local_(local), remote_(remote), cfg_(config) {
  iss_ = isn;
  snd_una_ = snd_nxt_ = snd_max_ = isn;
  data_start_seq_ = isn + 1;
  recover_ = isn;
  rto_ = std::clamp(cfg_.initial_rto, SimDuration{1}, cfg_.max_rto);
  // RFC 7323 §2.3: the smallest shift that lets the whole receive buffer be advertised.
  while (our_wscale_ < 14 && (cfg_.receive_buffer >> our_wscale_) > 65535) ++our_wscale_;
  mss_ = std::max<std::uint32_t>(64, cfg_.mss);
}

void TcpConnection::emit(Event e) {
  if (!events_.empty() && events_.back() == e && (e == Event::Readable || e == Event::Writable)) return;
  events_.push_back(e);
}

bool TcpConnection::synchronized() const {
  return state_ != State::Closed && state_ != State::Listen && state_ != State::SynSent;
}

void TcpConnection::set_state(State s, SimTime now) {
  State old = state_;
  state_ = s;
  if (s == State::Established && (old == State::SynSent || old == State::SynReceived)) {
    // RFC 5681 §3.1: IW10 (RFC 6928), but one segment if the SYN or SYN-ACK had to be resent.
    cwnd_ = syn_retransmitted_ ? mss_ : cfg_.initial_cwnd_segments * mss_;
    retries_ = 0;
    if (cfg_.keepalive) keepalive_at_ = now + cfg_.keepalive_idle;
    emit(Event::Connected);
    if (fin_queued_) state_ = State::FinWait1;  // shutdown_write before the handshake finished
  }
  if (s == State::TimeWait) {
    rto_at_ = persist_at_ = delack_at_ = keepalive_at_ = kNever;
    time_wait_at_ = now + 2 * cfg_.msl;
  }
}

void TcpConnection::enter_closed(SimTime) {
  if (state_ == State::Closed) return;
  state_ = State::Closed;
  rto_at_ = persist_at_ = delack_at_ = keepalive_at_ = time_wait_at_ = kNever;
  ack_pending_ = false;
  send_buf_.clear();
  ooo_.clear();
  emit(Event::Closed);
}

void TcpConnection::negotiate(const wire::TcpOptionSummary& peer, bool) {
  peer_mss_ = peer.mss.value_or(536);  // RFC 9293 §3.7.1: 536 when the option is absent
  ws_on_ = cfg_.window_scaling && peer.window_shift.has_value();
  snd_wscale_ = ws_on_ ? std::min<std::uint8_t>(*peer.window_shift, 14) : 0;  // RFC 7323 §2.3
  rcv_wscale_ = ws_on_ ? our_wscale_ : 0;
  ts_on_ = cfg_.timestamps && peer.ts_val.has_value();
  sack_on_ = cfg_.sack_permitted && peer.sack_permitted;
  std::uint32_t m = std::min<std::uint32_t>(cfg_.mss, peer_mss_);
  if (ts_on_) m -= 12;  // RFC 7323 §3.2: the timestamp option rides on every segment
  mss_ = std::max<std::uint32_t>(m, 64);
  if (ts_on_) ts_recent_ = *peer.ts_val;
}

void TcpConnection::update_ts_recent(const wire::TcpSegment& seg) {
  if (!ts_on_) return;
  auto s = wire::summarize(seg.options);
  // RFC 7323 §4.3 (3): only from a segment that covers Last.ACK.sent.
  if (s.ts_val && seq_geq(*s.ts_val, ts_recent_) && seq_leq(seg.seq, last_ack_sent_)) ts_recent_ = *s.ts_val;
}

void TcpConnection::connect(SimTime now) {
  if (state_ != State::Closed || passive_) return;
  state_ = State::SynSent;
  send_syn(now);
}

void TcpConnection::accept_syn(const wire::TcpSegment& syn, SimTime now) {
  if (state_ != State::Closed || !syn.syn() || syn.ack_flag() || syn.rst()) return;
  passive_ = true;
  stats_.segments_in++;
  irs_ = syn.seq;
  rcv_nxt_ = syn.seq + 1;
  rcv_adv_ = rcv_nxt_;
  negotiate(wire::summarize(syn.options), true);
  snd_wnd_ = max_snd_wnd_ = syn.window;  // never scaled in a SYN (RFC 7323 §2.2)
  snd_wl1_ = syn.seq;
  snd_wl2_ = iss_;
  state_ = State::SynReceived;
  send_syn(now);
}

std::size_t TcpConnection::writable_bytes() const {
  if (fin_queued_) return 0;
  if (state_ != State::SynSent && state_ != State::SynReceived && state_ != State::Established &&
      state_ != State::CloseWait)
    return 0;
  return cfg_.send_buffer > send_buf_.size() ? cfg_.send_buffer - send_buf_.size() : 0;
}

std::size_t TcpConnection::send(ByteView data, SimTime now) {
  std::size_t n = std::min(data.size(), writable_bytes());
  if (n < data.size()) want_writable_ = true;
  if (n == 0) return 0;
  send_buf_.insert(send_buf_.end(), data.begin(), data.begin() + static_cast<std::ptrdiff_t>(n));
  output(now);
  return n;
}

std::size_t TcpConnection::receive(MutableByteView out, SimTime now) {
  std::size_t n = std::min(out.size(), rcv_buf_.size());
  if (n == 0) return 0;
  std::copy(rcv_buf_.begin(), rcv_buf_.begin() + static_cast<std::ptrdiff_t>(n), out.begin());
  rcv_buf_.erase(rcv_buf_.begin(), rcv_buf_.begin() + static_cast<std::ptrdiff_t>(n));
  if (synchronized() && state_ != State::TimeWait && !peer_fin_received_) {
    // Window update (RFC 1122 §4.2.3.3 receiver SWS avoidance; Linux's "twice the current
    // window" rule keeps a steadily reading application from doubling the ACKs).
    std::uint32_t cur = static_cast<std::uint32_t>(std::max(0, seq_diff(rcv_adv_, rcv_nxt_)));
    std::size_t free = cfg_.receive_buffer - std::min(cfg_.receive_buffer, rcv_buf_.size());
    std::size_t target = std::min<std::size_t>(free, std::size_t{65535} << rcv_wscale_);
    std::size_t threshold = std::min<std::size_t>(cfg_.receive_buffer / 2, mss_);
    if (target >= cur + threshold && target >= 2 * std::size_t{cur}) {
      ack_pending_ = true;
      output(now);
    }
  }
  return n;
}

void TcpConnection::shutdown_write(SimTime now) {
  if (fin_queued_) return;
  switch (state_) {
    case State::Closed:
    case State::Listen:
      return;
    case State::SynSent:
      enter_closed(now);  // RFC 9293 §3.10.4: nothing sent yet, delete the TCB
      return;
    case State::SynReceived:
      fin_queued_ = true;  // FIN-WAIT-1 once the handshake completes
      return;
    case State::Established:
      fin_queued_ = true;
      state_ = State::FinWait1;
      break;
    case State::CloseWait:
      fin_queued_ = true;
      state_ = State::LastAck;
      break;
    default:
      return;
  }
  output(now);
}

void TcpConnection::close(SimTime now) {
  app_closed_ = true;
  if (!rcv_buf_.empty() && synchronized()) {
    abort(now);  // RFC 1122 §4.2.2.13: unread data is lost, tell the peer
    return;
  }
  shutdown_write(now);
}

void TcpConnection::abort(SimTime now) {
  if (state_ == State::SynReceived || state_ == State::Established || state_ == State::FinWait1 ||
      state_ == State::FinWait2 || state_ == State::CloseWait)
    send_rst(snd_nxt_, now);
  rcv_buf_.clear();
  enter_closed(now);
}

std::vector<wire::TcpSegmentOut> TcpConnection::take_segments() {
  std::vector<wire::TcpSegmentOut> v;
  v.swap(out_);
  return v;
}

std::vector<Event> TcpConnection::take_events() {
  std::vector<Event> v;
  v.swap(events_);
  return v;
}

const TcpStats& TcpConnection::stats() const {
  stats_.srtt = srtt_;
  stats_.rttvar = rttvar_;
  stats_.rto = rto_;
  stats_.cwnd = cwnd_;
  stats_.ssthresh = ssthresh_;
  stats_.mss = mss_;
  stats_.snd_wscale = snd_wscale_;
  stats_.rcv_wscale = rcv_wscale_;
  stats_.sack = sack_on_;
  stats_.ts = ts_on_;
  return stats_;
}

}  // namespace wirelab::net::tcp
