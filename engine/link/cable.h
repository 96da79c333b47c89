// A full-duplex point-to-point cable between two device ports. Per direction: a drop-tail queue,
// serialization at the link bandwidth (frame + 24 bytes of preamble, FCS and inter-frame gap),
// then propagation delay. Every frame that goes on the wire is recorded in the capture log at
// the moment its transmission starts; faults (loss, duplication, corruption, jitter) apply to
// delivery only, as if the capture point were at the sender.
#pragma once
#include <cstdint>
#include <deque>
#include <string>

#include "engine/base/bytes.h"
#include "engine/base/rng.h"
#include "engine/link/link_params.h"
#include "engine/sim/sim_context.h"

namespace wirelab::link {

class Device;

class Cable {
 public:
  static constexpr std::size_t kWireOverhead = 24;  // preamble+SFD 8, FCS 4, IFG 12

  Cable(sim::SimContext& ctx, std::string name, Device& a, std::size_t port_a, Device& b,
        std::size_t port_b, LinkParams params);
  ~Cable();

  const std::string& name() const { return name_; }
  const LinkParams& params() const { return params_; }
  void set_params(const LinkParams& p);
  bool up() const { return params_.up; }
  void set_up(bool up);
  std::uint32_t capture_interface() const { return capture_iface_; }
  Device& device(int end) const { return end == 0 ? a_ : b_; }
  std::size_t port_index(int end) const { return end == 0 ? port_a_ : port_b_; }

  // Queues a frame from `from_end`; false when dropped (link down, too big, queue full).
  bool transmit(int from_end, ByteView frame);

  struct Stats {
    std::uint64_t frames = 0, bytes = 0, dropped_queue = 0, dropped_down = 0, dropped_oversize = 0,
                  lost = 0, duplicated = 0, corrupted = 0;
  };
  const Stats& stats() const { return stats_; }

 private:
  struct Direction {
    std::deque<Bytes> queue;
    bool busy = false;
  };
  void start_transmission(int from_end, Bytes frame);
  void deliver(int to_end, Bytes frame, SimDuration extra_delay);
  SimDuration serialization_time(std::size_t frame_len) const;

  sim::SimContext& ctx_;
  std::string name_;
  Device& a_;
  std::size_t port_a_;
  Device& b_;
  std::size_t port_b_;
  LinkParams params_;
  Rng rng_;
  std::uint32_t capture_iface_;
  Direction dir_[2];
  Stats stats_;
  std::uint64_t epoch_ = 0;  // bumped when the link goes down: frames in flight are lost
};

}  // namespace wirelab::link
