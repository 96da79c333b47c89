// TcpConnection timers: retransmission (RFC 6298 §5, with exponential backoff and a give-up
// count), persist / zero-window probes (RFC 9293 §3.8.6.1, RFC 1122 §4.2.2.17), delayed ACK
// (RFC 1122 §4.2.3.2, RFC 5681 §4.2), keepalive (RFC 1122 §4.2.3.6) and TIME_WAIT (2*MSL,
// RFC 9293 §3.10.7.4).
#include <algorithm>

#include "engine/net/tcp/tcp_connection.h"
#include "engine/net/tcp/tcp_seq.h"

namespace wirelab::net::tcp {

std::optional<SimTime> TcpConnection::poll_at() const {
  SimTime t = std::min({rto_at_, persist_at_, delack_at_, keepalive_at_, time_wait_at_});
  if (t == kNever) return std::nullopt;
  return t;
}

void TcpConnection::on_timer(SimTime now) {
  if (state_ == State::Closed) return;
  if (time_wait_at_ <= now) {
    time_wait_at_ = kNever;
    enter_closed(now);
    return;
  }
  if (delack_at_ <= now) {
    delack_at_ = kNever;
    ack_pending_ = true;
  }
  if (rto_at_ <= now) {
    on_rto(now);
    if (state_ == State::Closed) return;
  }
  if (persist_at_ <= now) on_persist(now);
  if (keepalive_at_ <= now) {
    on_keepalive(now);
    if (state_ == State::Closed) return;
  }
  output(now);
}

void TcpConnection::arm_rto(SimTime now) { rto_at_ = now + rto_; }

void TcpConnection::on_rto(SimTime now) {
  rto_at_ = kNever;
  if (snd_una_ == snd_max_) return;
  bool handshake = state_ == State::SynSent || state_ == State::SynReceived;
  int limit = handshake ? cfg_.max_syn_retransmissions : cfg_.max_retransmissions;
  if (retries_ >= limit) {
    emit(Event::TimedOut);
    enter_closed(now);
    return;
  }
  retries_++;
  stats_.timeouts++;
  rto_ = std::min(rto_ * 2, cfg_.max_rto);  // RFC 6298 §5.5
  rtt_timing_ = false;                       // Karn
  if (handshake) {
    syn_retransmitted_ = true;
    stats_.retransmits++;
    send_syn(now);
    return;
  }
  cc_on_timeout();
  snd_nxt_ = snd_una_;  // go back: resend from the first unacknowledged byte
  arm_rto(now);
  output(now);
}

void TcpConnection::update_persist(SimTime now) {
  std::uint32_t end = data_end_seq();
  bool pending = seq_gt(end, snd_nxt_);
  if (snd_wnd_ == 0 && pending && snd_una_ == snd_max_) {
    if (persist_at_ == kNever) {
      persist_interval_ = std::clamp(rto_, cfg_.min_rto, cfg_.max_rto);
      persist_at_ = now + persist_interval_;
    }
  } else {
    persist_at_ = kNever;
  }
}

void TcpConnection::on_persist(SimTime now) {
  persist_at_ = kNever;
  if (snd_wnd_ != 0 || !seq_gt(data_end_seq(), snd_nxt_)) return;
  send_probe(now);
  persist_interval_ = std::min(persist_interval_ * 2, cfg_.max_rto);  // exponential backoff
  persist_at_ = now + persist_interval_;
}

void TcpConnection::on_keepalive(SimTime now) {
  keepalive_at_ = kNever;
  if (!cfg_.keepalive || (state_ != State::Established && state_ != State::CloseWait)) return;
  if (snd_una_ != snd_max_ || !send_buf_.empty()) {  // data in flight: the RTO watches instead
    keepalive_at_ = now + cfg_.keepalive_idle;
    return;
  }
  if (keepalive_sent_ >= cfg_.keepalive_probes) {
    send_rst(snd_nxt_, now);
    emit(Event::TimedOut);
    enter_closed(now);
    return;
  }
  send_probe(now);
  keepalive_sent_++;
  keepalive_at_ = now + cfg_.keepalive_interval;
}

void TcpConnection::ack_received_data(SimTime now, bool immediately) {
  if (immediately || !cfg_.delayed_ack || unacked_rcv_bytes_ >= 2 * mss_) {
    ack_pending_ = true;  // RFC 5681 §4.2: at least every second full-sized segment
  } else if (delack_at_ == kNever) {
    delack_at_ = now + cfg_.delayed_ack_timeout;
  }
}

}  // namespace wirelab::net::tcp
