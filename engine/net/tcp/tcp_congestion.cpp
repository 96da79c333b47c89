// TcpConnection RTT estimation (RFC 6298 §2, samples from timestamps per RFC 7323 §4 or from
// one timed segment per Karn's rule) and congestion control: slow start and congestion
// avoidance (RFC 5681 §3.1), fast retransmit/fast recovery with NewReno partial ACKs (RFC 6582
// §3.2), and the loss window after a timeout (RFC 5681 §3.1 eq. 4).
#include <algorithm>
#include <cstdlib>

#include "engine/net/tcp/tcp_connection.h"
#include "engine/net/tcp/tcp_seq.h"

namespace wirelab::net::tcp {

namespace {
constexpr SimDuration kClockGranularity = milliseconds(1);  // G of RFC 6298
constexpr std::uint32_t kMaxCwnd = 1u << 30;
}  // namespace

void TcpConnection::rtt_sample(SimDuration r) {
  if (r < 0) return;
  if (!have_rtt_) {
    srtt_ = r;
    rttvar_ = r / 2;
    have_rtt_ = true;
  } else {
    SimDuration err = srtt_ > r ? srtt_ - r : r - srtt_;
    rttvar_ = (3 * rttvar_ + err) / 4;
    srtt_ = (7 * srtt_ + r) / 8;
  }
  rto_ = std::clamp(srtt_ + std::max(kClockGranularity, 4 * rttvar_), cfg_.min_rto, cfg_.max_rto);
}

void TcpConnection::cc_on_new_ack(std::uint32_t acked) {
  if (cwnd_ < ssthresh_) {
    cwnd_ += std::min(acked, mss_);  // slow start, RFC 5681 eq. 2
  } else {
    ca_acked_ += acked;  // congestion avoidance: about one MSS per RTT (byte counting)
    if (ca_acked_ >= cwnd_) {
      ca_acked_ -= cwnd_;
      cwnd_ += mss_;
    }
  }
  cwnd_ = std::min(cwnd_, kMaxCwnd);
}

void TcpConnection::cc_enter_fast_recovery(SimTime now) {
  // RFC 6582 §3.2 step 2-3 (with RFC 5681 §3.2 steps 2-4).
  ssthresh_ = std::max(flight_size() / 2, 2 * mss_);
  recover_ = snd_max_;
  in_recovery_ = true;
  stats_.fast_retransmits++;
  retransmit_first(now);
  cwnd_ = ssthresh_ + 3 * mss_;
}

void TcpConnection::cc_on_timeout() {
  ssthresh_ = std::max(flight_size() / 2, 2 * mss_);  // RFC 5681 eq. 4
  cwnd_ = mss_;                                       // loss window
  ca_acked_ = 0;
  in_recovery_ = false;
  recover_ = snd_max_;  // RFC 6582 §3.2 step 1 after a timeout
  dup_acks_ = 0;
}

}  // namespace wirelab::net::tcp
