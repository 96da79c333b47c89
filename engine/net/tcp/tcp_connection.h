// One TCP connection as a sans-I/O state machine (RFC 9293), with RFC 6298 retransmission
// timing, RFC 5681 congestion control (IW10 per RFC 6928), RFC 6582 NewReno recovery, RFC 7323
// window scaling, timestamps and PAWS, RFC 2018 SACK-permitted negotiation (receive-side SACK
// blocks), RFC 1122 §4.2.3.2 delayed ACKs and §4.2.3.3/4 SWS avoidance, RFC 896 Nagle,
// RFC 1122 §4.2.3.6 keepalive, zero-window probing (persist timer), RFC 5961 challenge ACKs.
//
// Bytes and time go in; segments, events and the next wake-up time come out. No sockets, no
// clock, no globals: the TCP layer (demux, listen queues) and the socket API live elsewhere.
//
// Implementation files: tcp_connection.cpp (API, state changes), tcp_input.cpp (segment
// arrival, RFC 9293 §3.10.7), tcp_output.cpp (segment building, send path), tcp_timers.cpp
// (RTO, persist, delayed ACK, keepalive, TIME_WAIT), tcp_congestion.cpp (RTT, cwnd).
#pragma once
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "engine/base/bytes.h"
#include "engine/base/sim_time.h"
#include "engine/net/endpoint.h"
#include "engine/net/tcp/tcp_reassembly.h"
#include "engine/wire/ipv4_address.h"
#include "engine/wire/tcp.h"

namespace wirelab::net::tcp {

enum class State {
  Closed, Listen, SynSent, SynReceived, Established, FinWait1, FinWait2, CloseWait, Closing,
  LastAck, TimeWait
};
const char* to_string(State s);  // "ESTABLISHED", "TIME_WAIT", ... as netstat prints them

using Endpoint = net::Endpoint;  // shared with UDP and the socket API

struct TcpConfig {
  std::uint16_t mss = 1460;            // advertised; the real one is min(ours, peer's, path)
  std::size_t send_buffer = 256 * 1024;
  std::size_t receive_buffer = 256 * 1024;
  bool window_scaling = true;
  bool timestamps = true;
  bool sack_permitted = true;
  bool nagle = true;
  bool delayed_ack = true;
  SimDuration delayed_ack_timeout = milliseconds(40);
  SimDuration initial_rto = seconds(1);   // RFC 6298 §2.1
  SimDuration min_rto = milliseconds(200); // Linux's floor (RFC 6298 says 1 s; we follow Linux)
  SimDuration max_rto = seconds(120);
  int max_retransmissions = 15;           // Linux tcp_retries2
  int max_syn_retransmissions = 6;        // Linux tcp_syn_retries
  SimDuration msl = seconds(30);          // TIME_WAIT lasts 2*MSL (labs shorten it)
  bool keepalive = false;
  SimDuration keepalive_idle = seconds(7200), keepalive_interval = seconds(75);
  int keepalive_probes = 9;
  std::uint32_t initial_cwnd_segments = 10;  // RFC 6928
  std::uint32_t timestamp_offset = 0;  // random per-connection TSval offset (RFC 7323 §5.4)
};

// What happened, for the socket layer (which turns these into readiness and errors).
enum class Event {
  Connected,      // handshake done (both sides)
  Readable,       // new in-order data, or the peer's FIN (read returns 0 at end)
  Writable,       // send buffer space opened up after a send() that did not take everything
  PeerClosed,     // FIN received
  Reset,          // RST received: "Connection reset by peer" / "Connection refused" in SynSent
  TimedOut,       // retransmissions (or keepalive probes) exhausted: "Connection timed out"
  Closed,         // reached CLOSED from any other state (always the last event)
};
const char* to_string(Event e);

struct TcpStats {
  std::uint64_t segments_out = 0, segments_in = 0, retransmits = 0, fast_retransmits = 0,
                timeouts = 0, dup_acks_in = 0, bytes_acked = 0, bytes_received = 0,
                challenge_acks = 0, resets_out = 0;
  SimDuration srtt = 0, rttvar = 0, rto = 0;
  std::uint32_t cwnd = 0, ssthresh = 0, mss = 0;
  std::uint8_t snd_wscale = 0, rcv_wscale = 0;
  bool sack = false, ts = false;
};

// The RST answering `seg` when no connection exists for it (RFC 9293 §3.10.7.1), or nothing
// for an arriving RST. Ports are swapped from `seg`.
std::optional<wire::TcpSegmentOut> reset_for(const wire::TcpSegment& seg);

class TcpConnection {
 public:
  // `isn` comes from the host's seeded generator (the layer picks it).
  TcpConnection(Endpoint local, Endpoint remote, std::uint32_t isn, TcpConfig config);

  // Active open: emits a SYN. Only from CLOSED.
  void connect(SimTime now);
  // Passive open: `syn` is the SYN a listener received; emits SYN-ACK. Only from CLOSED.
  void accept_syn(const wire::TcpSegment& syn, SimTime now);

  // An arriving segment for this connection (already demultiplexed, checksum verified).
  void on_segment(const wire::TcpSegment& seg, SimTime now);
  // Call when now >= poll_at() (calling it early is harmless).
  void on_timer(SimTime now);
  // The next time on_timer must be called, if any.
  std::optional<SimTime> poll_at() const;

  // Application side. send() returns how many bytes the send buffer took (0 when full, or
  // after shutdown_write/close, or when the connection is closed).
  std::size_t send(ByteView data, SimTime now);
  // Reads up to out.size() in-order bytes; returns 0 with at_eof() when the peer has closed.
  std::size_t receive(MutableByteView out, SimTime now);
  std::size_t readable_bytes() const { return rcv_buf_.size(); }
  std::size_t writable_bytes() const;
  bool at_eof() const { return peer_fin_received_ && rcv_buf_.empty(); }
  void shutdown_write(SimTime now);  // FIN after the buffered data (half-close)
  // shutdown_write and stop reading: unread data now, or data arriving later, aborts with RST
  // (RFC 1122 §4.2.2.13, as Linux does).
  void close(SimTime now);
  void abort(SimTime now);  // RST now (when synchronized), straight to CLOSED

  // Output: segments ready for IP (the layer encodes them with the addresses).
  std::vector<wire::TcpSegmentOut> take_segments();
  std::vector<Event> take_events();

  State state() const { return state_; }
  const Endpoint& local() const { return local_; }
  const Endpoint& remote() const { return remote_; }
  const TcpStats& stats() const;
  std::size_t send_queue_bytes() const { return send_buf_.size(); }  // netstat's Send-Q
  std::size_t recv_queue_bytes() const { return rcv_buf_.size(); }   // netstat's Recv-Q

 private:
  // tcp_connection.cpp
  void set_state(State s, SimTime now);
  void enter_closed(SimTime now);
  void emit(Event e);
  bool synchronized() const;
  void negotiate(const wire::TcpOptionSummary& peer, bool peer_syn_has_ws);
  void update_ts_recent(const wire::TcpSegment& seg);

  // tcp_input.cpp
  void input_syn_sent(const wire::TcpSegment& seg, SimTime now);
  bool segment_acceptable(std::uint32_t seq, std::uint32_t len) const;
  bool process_ack(const wire::TcpSegment& seg, SimTime now);  // false: drop the segment
  void on_new_ack(const wire::TcpSegment& seg, std::uint32_t ack, SimTime now);
  void process_text(const wire::TcpSegment& seg, SimTime now);
  void process_peer_fin(SimTime now);
  void send_challenge_ack(SimTime now);

  // tcp_output.cpp
  std::uint32_t tsval(SimTime now) const;
  std::uint16_t advertise_window(bool syn);
  std::vector<wire::TcpOption> build_options(bool syn, SimTime now) const;
  wire::TcpSegmentOut make_segment(std::uint16_t flags, std::uint32_t seq, SimTime now);
  void push(wire::TcpSegmentOut seg);
  void send_syn(SimTime now);  // SYN in SynSent, SYN-ACK in SynReceived
  void send_ack(SimTime now);
  void send_rst(std::uint32_t seq, SimTime now);
  void send_probe(SimTime now);  // SEQ=SND.UNA-1, no data: zero-window and keepalive probes
  void send_data(std::uint32_t seq, std::size_t len, SimTime now);
  void retransmit_first(SimTime now);
  void output(SimTime now);
  std::uint32_t data_end_seq() const { return data_start_seq_ + static_cast<std::uint32_t>(send_buf_.size()); }
  std::uint32_t flight_size() const { return snd_max_ - snd_una_; }

  // tcp_timers.cpp
  void arm_rto(SimTime now);
  void on_rto(SimTime now);
  void on_persist(SimTime now);
  void on_keepalive(SimTime now);
  void update_persist(SimTime now);
  void ack_received_data(SimTime now, bool immediately);

  // tcp_congestion.cpp
  void rtt_sample(SimDuration r);
  void cc_on_new_ack(std::uint32_t acked);
  void cc_enter_fast_recovery(SimTime now);
  void cc_on_timeout();

  Endpoint local_, remote_;
  TcpConfig cfg_;
  State state_ = State::Closed;
  bool passive_ = false;
  std::vector<wire::TcpSegmentOut> out_;
  std::vector<Event> events_;
  mutable TcpStats stats_;

  // Send side (RFC 9293 §3.3.1).
  std::uint32_t iss_ = 0, snd_una_ = 0, snd_nxt_ = 0, snd_max_ = 0;
  std::uint32_t snd_wnd_ = 0, max_snd_wnd_ = 0, snd_wl1_ = 0, snd_wl2_ = 0;
  std::deque<std::uint8_t> send_buf_;  // unacknowledged + unsent data, first byte at data_start_seq_
  std::uint32_t data_start_seq_ = 0;
  bool fin_queued_ = false;  // shutdown_write called: FIN at data_end_seq()
  bool app_closed_ = false;  // close() called: we no longer read
  bool want_writable_ = false;

  // Receive side.
  std::uint32_t irs_ = 0, rcv_nxt_ = 0, rcv_adv_ = 0;  // rcv_adv_: right edge advertised
  std::uint64_t rcv_nxt_off_ = 0;                     // stream offset of rcv_nxt_
  std::deque<std::uint8_t> rcv_buf_;                  // in order, unread
  TcpReassembly ooo_;
  std::optional<std::uint64_t> peer_fin_off_;  // FIN seen beyond a hole
  bool peer_fin_received_ = false;
  std::uint64_t last_ooo_offset_ = 0;  // start of the latest out-of-order arrival (first SACK block)

  // Negotiated options.
  std::uint16_t peer_mss_ = 536;
  std::uint32_t mss_ = 536;  // effective send MSS (payload bytes per segment)
  std::uint8_t snd_wscale_ = 0, rcv_wscale_ = 0, our_wscale_ = 0;
  bool ws_on_ = false, ts_on_ = false, sack_on_ = false;
  std::uint32_t ts_recent_ = 0, last_ack_sent_ = 0;

  // RTT and retransmission (RFC 6298).
  SimDuration srtt_ = 0, rttvar_ = 0, rto_ = 0;
  bool have_rtt_ = false;
  bool rtt_timing_ = false;  // Karn: one segment timed at a time, never a retransmitted one
  std::uint32_t rtt_seq_ = 0;
  SimTime rtt_sent_at_ = 0;
  int retries_ = 0;
  bool syn_retransmitted_ = false;

  // Congestion control (RFC 5681, RFC 6582).
  std::uint32_t cwnd_ = 0, ssthresh_ = 0x7fffffff, recover_ = 0;
  std::uint32_t ca_acked_ = 0;  // bytes acked toward the next congestion-avoidance increment
  int dup_acks_ = 0;
  bool in_recovery_ = false;

  // Timers (kNever when off).
  SimTime rto_at_ = kNever, persist_at_ = kNever, delack_at_ = kNever, keepalive_at_ = kNever,
          time_wait_at_ = kNever;
  SimDuration persist_interval_ = 0;
  int keepalive_sent_ = 0;
  bool ack_pending_ = false;          // an ACK must go out with the next output()
  std::uint32_t unacked_rcv_bytes_ = 0;  // in-order bytes received since our last ACK
};

}  // namespace wirelab::net::tcp
