// TcpConnection receive path: "SEGMENT ARRIVES" (RFC 9293 §3.10.7) for every state, with
// RFC 5961 §3-§5 (RST and SYN challenge ACKs, ACK acceptability), RFC 7323 §5 PAWS and
// TS.Recent, duplicate-ACK counting for fast retransmit (RFC 5681 §3.2, RFC 6582), in-order and
// out-of-order text, and the FIN.
#include <algorithm>

#include "engine/net/tcp/tcp_connection.h"
#include "engine/net/tcp/tcp_seq.h"

namespace wirelab::net::tcp {

void TcpConnection::on_segment(const wire::TcpSegment& seg, SimTime now) {
  switch (state_) {
    case State::Closed:  // RFC 9293 §3.10.7.1
      stats_.segments_in++;
      if (auto r = reset_for(seg)) push(*r);
      return;
    case State::Listen:  // RFC 9293 §3.10.7.2 (the TCP layer normally handles LISTEN)
      stats_.segments_in++;
      if (seg.rst()) return;
      if (seg.ack_flag()) {
        if (auto r = reset_for(seg)) push(*r);
        return;
      }
      if (seg.syn()) {
        state_ = State::Closed;
        stats_.segments_in--;
        accept_syn(seg, now);
      }
      return;
    case State::SynSent:
      stats_.segments_in++;
      input_syn_sent(seg, now);
      output(now);
      return;
    default:
      break;
  }
  stats_.segments_in++;
  if (cfg_.keepalive && (state_ == State::Established || state_ == State::CloseWait)) {
    keepalive_sent_ = 0;
    keepalive_at_ = now + cfg_.keepalive_idle;
  }
  wire::TcpOptionSummary opts = wire::summarize(seg.options);

  // A retransmitted SYN while our SYN-ACK is outstanding: the SYN-ACK was lost, send it again.
  if (state_ == State::SynReceived && seg.syn() && !seg.ack_flag() && !seg.rst() && seg.seq == irs_) {
    stats_.retransmits++;
    syn_retransmitted_ = true;
    rtt_timing_ = false;
    send_syn(now);
    arm_rto(now);
    return;
  }
  // Simultaneous open (RFC 9293 Figure 8, line 6): the peer's SYN-ACK acknowledges our SYN.
  if (state_ == State::SynReceived && seg.syn() && seg.ack_flag() && !seg.rst() && seg.seq == irs_) {
    if (seq_lt(snd_una_, seg.ack) && seq_leq(seg.ack, snd_max_)) process_ack(seg, now);
    output(now);
    return;
  }
  // RFC 7323 §5.3 PAWS: an old timestamp marks an old duplicate.
  if (ts_on_ && opts.ts_val && !seg.rst() && seq_lt(*opts.ts_val, ts_recent_)) {
    ack_pending_ = true;
    output(now);
    return;
  }
  // First: sequence number check (RFC 9293 §3.10.7.4).
  if (!segment_acceptable(seg.seq, seg.seg_len())) {
    if (seg.rst()) return;
    // Zero receive window: still take the ACK of a segment at RCV.NXT (RFC 9293 §3.10.7.4).
    if (seg.ack_flag() && !seg.syn() && seg.seq == rcv_nxt_ && synchronized() && state_ != State::SynReceived)
      process_ack(seg, now);
    if (state_ == State::TimeWait && seg.fin()) time_wait_at_ = now + 2 * cfg_.msl;  // FIN again
    if (state_ != State::Closed) ack_pending_ = true;
    output(now);
    return;
  }
  // Second: RST (RFC 5961 §3.2: exact match resets, otherwise a challenge ACK).
  if (seg.rst()) {
    if (seg.seq != rcv_nxt_) {
      send_challenge_ack(now);
      return;
    }
    bool quiet = passive_ && state_ == State::SynReceived;  // back to the listener, silently
    if (!quiet && state_ != State::Closing && state_ != State::LastAck && state_ != State::TimeWait)
      emit(Event::Reset);
    rcv_buf_.clear();
    enter_closed(now);
    return;
  }
  // Fourth: SYN in a synchronized state (RFC 5961 §4): challenge ACK.
  if (seg.syn()) {
    send_challenge_ack(now);
    return;
  }
  // Fifth: ACK.
  if (!seg.ack_flag()) return;
  update_ts_recent(seg);
  if (!process_ack(seg, now)) {
    output(now);
    return;
  }
  if (state_ == State::Closed) return;
  // Seventh: text; eighth: FIN.
  std::int64_t fin_off = static_cast<std::int64_t>(rcv_nxt_off_) +
                         seq_diff(seg.seq + static_cast<std::uint32_t>(seg.payload.size()), rcv_nxt_);
  if (!seg.payload.empty()) {
    process_text(seg, now);
    if (state_ == State::Closed) return;
  }
  if (seg.fin()) {
    if (peer_fin_received_) {
      ack_pending_ = true;  // a retransmitted FIN
      if (state_ == State::TimeWait) time_wait_at_ = now + 2 * cfg_.msl;
    } else if (fin_off >= static_cast<std::int64_t>(rcv_nxt_off_)) {
      std::int64_t wnd_end = static_cast<std::int64_t>(rcv_nxt_off_) + std::max(0, seq_diff(rcv_adv_, rcv_nxt_));
      if (fin_off <= wnd_end) peer_fin_off_ = static_cast<std::uint64_t>(fin_off);
      ack_pending_ = true;
    }
  }
  if (peer_fin_off_ && !peer_fin_received_ && *peer_fin_off_ == rcv_nxt_off_) process_peer_fin(now);
  output(now);
}

void TcpConnection::input_syn_sent(const wire::TcpSegment& seg, SimTime now) {
  // RFC 9293 §3.10.7.3.
  bool ack_ok = false;
  if (seg.ack_flag()) {
    if (seq_leq(seg.ack, iss_) || seq_gt(seg.ack, snd_max_)) {
      if (auto r = reset_for(seg)) push(*r);
      return;
    }
    ack_ok = true;
  }
  if (seg.rst()) {
    if (ack_ok) {  // "connection refused"
      emit(Event::Reset);
      enter_closed(now);
    }
    return;
  }
  if (!seg.syn()) return;
  irs_ = seg.seq;
  rcv_nxt_ = seg.seq + 1;
  negotiate(wire::summarize(seg.options), true);
  rcv_adv_ = rcv_nxt_ + static_cast<std::uint32_t>(std::min<std::size_t>(cfg_.receive_buffer, 65535));
  last_ack_sent_ = rcv_nxt_;
  snd_wnd_ = max_snd_wnd_ = seg.window;  // unscaled in a SYN
  snd_wl1_ = seg.seq;
  snd_wl2_ = seg.ack;
  if (ack_ok) {
    on_new_ack(seg, seg.ack, now);
    set_state(State::Established, now);
    ack_pending_ = true;
  } else {
    // Simultaneous open (RFC 9293 Figure 8): answer with SYN-ACK.
    set_state(State::SynReceived, now);
    send_syn(now);
  }
}

bool TcpConnection::segment_acceptable(std::uint32_t seq, std::uint32_t len) const {
  std::int32_t w = std::max(0, seq_diff(rcv_adv_, rcv_nxt_));
  std::uint32_t wnd = static_cast<std::uint32_t>(w);
  if (len == 0) return wnd == 0 ? seq == rcv_nxt_ : seq_in(seq, rcv_nxt_, rcv_nxt_ + wnd);
  if (wnd == 0) return false;
  return seq_in(seq, rcv_nxt_, rcv_nxt_ + wnd) || seq_in(seq + len - 1, rcv_nxt_, rcv_nxt_ + wnd);
}

void TcpConnection::send_challenge_ack(SimTime now) {
  stats_.challenge_acks++;
  ack_pending_ = true;
  output(now);
}

bool TcpConnection::process_ack(const wire::TcpSegment& seg, SimTime now) {
  std::uint32_t ack = seg.ack;
  if (state_ == State::SynReceived) {
    if (!(seq_lt(snd_una_, ack) && seq_leq(ack, snd_max_))) {
      if (auto r = reset_for(seg)) push(*r);
      return false;
    }
    snd_wnd_ = static_cast<std::uint32_t>(seg.window) << (seg.syn() ? 0 : snd_wscale_);
    max_snd_wnd_ = std::max(max_snd_wnd_, snd_wnd_);
    snd_wl1_ = seg.seq;
    snd_wl2_ = ack;
    set_state(State::Established, now);
  }
  // RFC 5961 §5.2: SND.UNA - MAX.SND.WND <= SEG.ACK <= SND.NXT (our SND.MAX).
  if (seq_gt(ack, snd_max_)) {
    ack_pending_ = true;
    return false;
  }
  if (seq_lt(ack, snd_una_ - std::max<std::uint32_t>(max_snd_wnd_, 1))) {
    send_challenge_ack(now);
    return false;
  }
  std::uint32_t new_wnd = static_cast<std::uint32_t>(seg.window) << (seg.syn() ? 0 : snd_wscale_);
  if (seq_gt(ack, snd_una_)) {
    on_new_ack(seg, ack, now);
  } else if (ack == snd_una_ && seg.payload.empty() && !seg.syn() && !seg.fin() && new_wnd == snd_wnd_ &&
             snd_una_ != snd_max_) {
    // RFC 5681 §2 duplicate ACK.
    dup_acks_++;
    stats_.dup_acks_in++;
    if (dup_acks_ == 3 && !in_recovery_ && seq_geq(ack, recover_)) {
      cc_enter_fast_recovery(now);
    } else if (in_recovery_ && dup_acks_ > 3) {
      cwnd_ += mss_;  // inflate for each segment that has left the network
    }
  }
  // Window update (RFC 9293 §3.10.7.4, fifth check).
  if (seq_lt(snd_wl1_, seg.seq) || (snd_wl1_ == seg.seq && seq_leq(snd_wl2_, ack))) {
    snd_wnd_ = new_wnd;
    max_snd_wnd_ = std::max(max_snd_wnd_, snd_wnd_);
    snd_wl1_ = seg.seq;
    snd_wl2_ = ack;
  }
  bool fin_acked = fin_queued_ && snd_una_ == data_end_seq() + 1;
  switch (state_) {
    case State::FinWait1:
      if (fin_acked) state_ = State::FinWait2;
      break;
    case State::Closing:
      if (fin_acked) set_state(State::TimeWait, now);
      return false;
    case State::LastAck:
      if (fin_acked) {
        enter_closed(now);
        return false;
      }
      break;
    default:
      break;
  }
  return true;
}

void TcpConnection::on_new_ack(const wire::TcpSegment& seg, std::uint32_t ack, SimTime now) {
  std::uint32_t acked = ack - snd_una_;
  if (seq_gt(ack, data_start_seq_)) {
    std::size_t n = std::min<std::size_t>(static_cast<std::uint32_t>(ack - data_start_seq_), send_buf_.size());
    send_buf_.erase(send_buf_.begin(), send_buf_.begin() + static_cast<std::ptrdiff_t>(n));
    data_start_seq_ += static_cast<std::uint32_t>(n);
    stats_.bytes_acked += n;
    if (n > 0 && want_writable_) {
      want_writable_ = false;
      emit(Event::Writable);
    }
  }
  snd_una_ = ack;
  if (seq_lt(snd_nxt_, snd_una_)) snd_nxt_ = snd_una_;
  retries_ = 0;
  // RTT measurement: timestamps (RFC 7323 §4.1) or the one timed segment (RFC 6298 §3).
  auto opts = wire::summarize(seg.options);
  if (ts_on_ && opts.ts_ecr && seq_geq(tsval(now), *opts.ts_ecr)) {
    rtt_sample(milliseconds(static_cast<std::uint32_t>(tsval(now) - *opts.ts_ecr)));
    rtt_timing_ = false;
  } else if (rtt_timing_ && seq_gt(ack, rtt_seq_)) {
    rtt_sample(now - rtt_sent_at_);
    rtt_timing_ = false;
  }
  if (in_recovery_) {
    if (seq_geq(ack, recover_)) {  // full ACK (RFC 6582 §3.2 step 5)
      cwnd_ = std::min(ssthresh_, std::max(flight_size(), mss_) + mss_);
      in_recovery_ = false;
      dup_acks_ = 0;
    } else {  // partial ACK: resend the next hole, deflate (step 5, "partial")
      retransmit_first(now);
      cwnd_ = cwnd_ > acked ? cwnd_ - acked : 0;
      if (acked >= mss_) cwnd_ += mss_;
      cwnd_ = std::max(cwnd_, mss_);
      arm_rto(now);
    }
  } else {
    dup_acks_ = 0;
    if (synchronized()) cc_on_new_ack(acked);
  }
  if (snd_una_ == snd_max_) rto_at_ = kNever;
  else arm_rto(now);  // RFC 6298 §5.3
}

void TcpConnection::process_text(const wire::TcpSegment& seg, SimTime now) {
  if (state_ != State::Established && state_ != State::FinWait1 && state_ != State::FinWait2) return;
  if (app_closed_) {  // nobody will read this: reset (RFC 1122 §4.2.2.13, Linux)
    send_rst(snd_nxt_, now);
    enter_closed(now);
    return;
  }
  std::int64_t start = static_cast<std::int64_t>(rcv_nxt_off_) + seq_diff(seg.seq, rcv_nxt_);
  std::int64_t end = start + static_cast<std::int64_t>(seg.payload.size());
  std::int64_t base = static_cast<std::int64_t>(rcv_nxt_off_);
  std::int64_t wnd_end = base + std::max(0, seq_diff(rcv_adv_, rcv_nxt_));
  std::int64_t lo = std::max(start, base), hi = std::min(end, wnd_end);
  if (lo >= hi) {
    ack_pending_ = true;  // duplicate, or beyond the window
    return;
  }
  ByteView data = seg.payload.subspan(static_cast<std::size_t>(lo - start), static_cast<std::size_t>(hi - lo));
  if (lo == base) {
    bool filled_hole = !ooo_.empty();
    rcv_buf_.insert(rcv_buf_.end(), data.begin(), data.end());
    std::uint64_t next = ooo_.pop_contiguous(static_cast<std::uint64_t>(hi), rcv_buf_);
    std::uint32_t advanced = static_cast<std::uint32_t>(next - rcv_nxt_off_);
    rcv_nxt_ += advanced;
    rcv_nxt_off_ = next;
    stats_.bytes_received += advanced;
    unacked_rcv_bytes_ += advanced;
    emit(Event::Readable);
    ack_received_data(now, filled_hole);  // RFC 5681 §4.2: ACK at once when a hole fills
  } else {
    ooo_.insert(static_cast<std::uint64_t>(lo), data);
    last_ooo_offset_ = static_cast<std::uint64_t>(lo);
    ack_pending_ = true;  // out of order: immediate duplicate ACK (RFC 5681 §4.2)
  }
}

void TcpConnection::process_peer_fin(SimTime now) {
  peer_fin_received_ = true;
  rcv_nxt_ += 1;
  ack_pending_ = true;
  emit(Event::Readable);
  emit(Event::PeerClosed);
  switch (state_) {
    case State::SynReceived:
    case State::Established:
      state_ = State::CloseWait;
      break;
    case State::FinWait1:
      state_ = State::Closing;  // our FIN not yet acknowledged (simultaneous close)
      break;
    case State::FinWait2:
      set_state(State::TimeWait, now);
      break;
    default:
      break;
  }
}

}  // namespace wirelab::net::tcp
