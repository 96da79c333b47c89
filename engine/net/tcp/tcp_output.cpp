// TcpConnection send path: segment building (RFC 9293 §3.1 fields, RFC 7323 options, RFC 2018
// SACK blocks), the advertised window with receiver SWS avoidance (RFC 1122 §4.2.3.3), and
// output(): sending new data within min(cwnd, SND.WND) (RFC 5681) under Nagle (RFC 896) and
// sender SWS avoidance (RFC 1122 §4.2.3.4), the FIN, pure ACKs and retransmissions.
#include <algorithm>

#include "engine/net/tcp/tcp_connection.h"
#include "engine/net/tcp/tcp_seq.h"

namespace wirelab::net::tcp {

using wire::TcpOption;
namespace f = wire::tcp_flags;

std::uint32_t TcpConnection::tsval(SimTime now) const {
  // RFC 7323 §5.4: a 1 ms clock plus a per-connection offset.
  return static_cast<std::uint32_t>(now / milliseconds(1)) + cfg_.timestamp_offset;
}

std::uint16_t TcpConnection::advertise_window(bool syn) {
  std::size_t free = cfg_.receive_buffer - std::min(cfg_.receive_buffer, rcv_buf_.size());
  if (syn) {
    std::size_t w = std::min<std::size_t>(free, 65535);  // RFC 7323 §2.2: SYN windows are unscaled
    if (state_ != State::SynSent) rcv_adv_ = rcv_nxt_ + static_cast<std::uint32_t>(w);
    return static_cast<std::uint16_t>(w);
  }
  std::uint8_t shift = rcv_wscale_;
  std::size_t cur = static_cast<std::size_t>(std::max(0, seq_diff(rcv_adv_, rcv_nxt_)));
  std::size_t target = std::min<std::size_t>(free, std::size_t{65535} << shift);
  target = target >> shift << shift;
  // Move the right edge only by a worthwhile amount; never shrink it (RFC 9293 §3.8.6.2.2).
  std::size_t threshold = std::min<std::size_t>(cfg_.receive_buffer / 2, mss_);
  std::size_t win = cur;
  if (target > cur && (target - cur >= threshold || peer_fin_received_)) win = target;
  std::size_t field = std::min<std::size_t>((win + (std::size_t{1} << shift) - 1) >> shift, 65535);
  rcv_adv_ = rcv_nxt_ + static_cast<std::uint32_t>(field << shift);
  return static_cast<std::uint16_t>(field);
}

std::vector<TcpOption> TcpConnection::build_options(bool syn, SimTime now) const {
  std::vector<TcpOption> o;
  if (syn) {
    bool first = state_ == State::SynSent;  // our SYN offers; a SYN-ACK only answers
    bool ws = first ? cfg_.window_scaling : ws_on_;
    bool ts = first ? cfg_.timestamps : ts_on_;
    bool sack = first ? cfg_.sack_permitted : sack_on_;
    // Linux's layout: MSS, SACK_PERM, TS, NOP, WS (NOPs keep the 4-byte alignment).
    o.push_back(TcpOption::max_segment_size(cfg_.mss));
    if (ts) {
      if (sack) {
        o.push_back(TcpOption::sack_permitted());
      } else {
        o.push_back(TcpOption::nop());
        o.push_back(TcpOption::nop());
      }
      o.push_back(TcpOption::timestamps(tsval(now), first ? 0 : ts_recent_));
    } else if (sack) {
      o.push_back(TcpOption::nop());
      o.push_back(TcpOption::nop());
      o.push_back(TcpOption::sack_permitted());
    }
    if (ws) {
      o.push_back(TcpOption::nop());
      o.push_back(TcpOption::window_scale(our_wscale_));
    }
    return o;
  }
  if (ts_on_) {
    o.push_back(TcpOption::nop());
    o.push_back(TcpOption::nop());
    o.push_back(TcpOption::timestamps(tsval(now), ts_recent_));
  }
  if (sack_on_ && !ooo_.empty()) {
    // RFC 2018 §4: the block holding the most recent arrival first, then the others.
    auto ranges = ooo_.ranges();
    std::size_t max_blocks = ts_on_ ? 3 : 4;
    std::vector<wire::SackBlock> blocks;
    auto to_block = [&](const std::pair<std::uint64_t, std::uint64_t>& r) {
      return wire::SackBlock{rcv_nxt_ + static_cast<std::uint32_t>(r.first - rcv_nxt_off_),
                             rcv_nxt_ + static_cast<std::uint32_t>(r.second - rcv_nxt_off_)};
    };
    for (const auto& r : ranges)
      if (r.first <= last_ooo_offset_ && last_ooo_offset_ < r.second) blocks.push_back(to_block(r));
    for (const auto& r : ranges) {
      if (blocks.size() >= max_blocks) break;
      if (!(r.first <= last_ooo_offset_ && last_ooo_offset_ < r.second)) blocks.push_back(to_block(r));
    }
    o.push_back(TcpOption::nop());
    o.push_back(TcpOption::nop());
    o.push_back(TcpOption::sack(std::move(blocks)));
  }
  return o;
}

wire::TcpSegmentOut TcpConnection::make_segment(std::uint16_t flags, std::uint32_t seq, SimTime now) {
  wire::TcpSegmentOut s;
  s.src_port = local_.port;
  s.dst_port = remote_.port;
  s.seq = seq;
  s.flags = flags;
  bool syn = (flags & f::kSyn) != 0;
  if (flags & f::kAck) {
    s.ack = rcv_nxt_;
    last_ack_sent_ = rcv_nxt_;
    ack_pending_ = false;
    delack_at_ = kNever;
    unacked_rcv_bytes_ = 0;
  }
  s.window = advertise_window(syn);
  s.options = build_options(syn, now);
  return s;
}

void TcpConnection::push(wire::TcpSegmentOut seg) {
  stats_.segments_out++;
  if (seg.rst()) stats_.resets_out++;
  out_.push_back(std::move(seg));
}

void TcpConnection::send_syn(SimTime now) {
  bool synack = state_ == State::SynReceived;
  push(make_segment(synack ? (f::kSyn | f::kAck) : f::kSyn, iss_, now));
  snd_nxt_ = iss_ + 1;
  snd_max_ = seq_max(snd_max_, iss_ + 1);
  if (!syn_retransmitted_ && !rtt_timing_) {
    rtt_timing_ = true;
    rtt_seq_ = iss_;
    rtt_sent_at_ = now;
  }
  if (rto_at_ == kNever) arm_rto(now);
}

void TcpConnection::send_ack(SimTime now) { push(make_segment(f::kAck, snd_nxt_, now)); }

void TcpConnection::send_rst(std::uint32_t seq, SimTime) {
  wire::TcpSegmentOut s;
  s.src_port = local_.port;
  s.dst_port = remote_.port;
  s.seq = seq;
  s.flags = f::kRst;
  push(std::move(s));
}

void TcpConnection::send_probe(SimTime now) { push(make_segment(f::kAck, snd_una_ - 1, now)); }

void TcpConnection::send_data(std::uint32_t seq, std::size_t len, SimTime now) {
  std::uint32_t end = data_end_seq();
  bool fin = fin_queued_ && seq + static_cast<std::uint32_t>(len) == end;
  std::uint16_t flags = f::kAck;
  if (fin) flags |= f::kFin;
  if (len > 0 && seq + static_cast<std::uint32_t>(len) == end) flags |= f::kPsh;
  wire::TcpSegmentOut s = make_segment(flags, seq, now);
  std::size_t off = static_cast<std::uint32_t>(seq - data_start_seq_);
  auto from = send_buf_.begin() + static_cast<std::ptrdiff_t>(off);
  s.payload.assign(from, from + static_cast<std::ptrdiff_t>(len));
  std::uint32_t seg_end = seq + s.seg_len();
  if (seq_lt(seq, snd_max_)) {
    stats_.retransmits++;
    rtt_timing_ = false;  // Karn's rule (RFC 6298 §3)
  } else if (!rtt_timing_) {
    rtt_timing_ = true;
    rtt_seq_ = seq;
    rtt_sent_at_ = now;
  }
  snd_max_ = seq_max(snd_max_, seg_end);
  push(std::move(s));
  if (rto_at_ == kNever) arm_rto(now);
}

void TcpConnection::retransmit_first(SimTime now) {
  if (snd_una_ == snd_max_) return;
  std::uint32_t end = data_end_seq();
  std::uint32_t avail = seq_gt(end, snd_una_) ? end - snd_una_ : 0;
  std::uint32_t len = std::min(avail, mss_);
  send_data(snd_una_, len, now);
  std::uint32_t sent_end = snd_una_ + len + (fin_queued_ && snd_una_ + len == end ? 1 : 0);
  snd_nxt_ = seq_max(snd_nxt_, sent_end);
}

void TcpConnection::output(SimTime now) {
  if (state_ == State::Closed || state_ == State::Listen || state_ == State::SynSent) return;
  if (state_ == State::SynReceived || state_ == State::TimeWait) {
    if (ack_pending_) send_ack(now);
    return;
  }
  bool sent = false;
  for (;;) {
    std::uint32_t end = data_end_seq();
    std::uint32_t unsent = seq_gt(end, snd_nxt_) ? end - snd_nxt_ : 0;
    std::uint32_t wnd = std::min(snd_wnd_, cwnd_);
    std::uint32_t in_flight = snd_nxt_ - snd_una_;
    std::uint32_t usable = wnd > in_flight ? wnd - in_flight : 0;
    std::uint32_t len = std::min({unsent, mss_, usable});
    bool fin_now = fin_queued_ && len == unsent && snd_nxt_ + len == end;
    if (len == 0 && !fin_now) break;
    if (len > 0 && len < mss_) {
      // Nagle (RFC 896) and sender SWS avoidance (RFC 1122 §4.2.3.4): a short segment goes
      // when nothing is in flight, when it is the FIN-carrying last piece, when Nagle is off
      // and it empties the queue, or when it is at least half the largest window seen.
      bool ok = in_flight == 0 || fin_now || (!cfg_.nagle && len == unsent) ||
                (max_snd_wnd_ > 0 && len >= max_snd_wnd_ / 2);
      if (!ok) break;
    }
    send_data(snd_nxt_, len, now);
    snd_nxt_ += len + (fin_now ? 1 : 0);
    sent = true;
  }
  if (ack_pending_ && !sent) send_ack(now);
  update_persist(now);
}

}  // namespace wirelab::net::tcp
