#include "engine/link/cable.h"

#include "engine/link/device.h"
#include "engine/wire/ethernet.h"

namespace wirelab::link {

Cable::Cable(sim::SimContext& ctx, std::string name, Device& a, std::size_t port_a, Device& b,
             std::size_t port_b, LinkParams params)
    : ctx_(ctx), name_(std::move(name)), a_(a), port_a_(port_a), b_(b), port_b_(port_b),
      params_(params), rng_(ctx.rng_for("link:" + name_)) {
  capture_iface_ = ctx_.capture.add_interface(
      {name_, a.name() + " " + a.port(port_a).name + " <-> " + b.name() + " " + b.port(port_b).name,
       params_.mtu});
  a.port(port_a).cable = this;
  a.port(port_a).end = 0;
  b.port(port_b).cable = this;
  b.port(port_b).end = 1;
}

Cable::~Cable() {
  if (a_.port(port_a_).cable == this) a_.port(port_a_).cable = nullptr;
  if (b_.port(port_b_).cable == this) b_.port(port_b_).cable = nullptr;
}

void Cable::set_params(const LinkParams& p) {
  bool was_up = params_.up;
  params_ = p;
  params_.up = was_up;
  set_up(p.up);
}

void Cable::set_up(bool up) {
  if (params_.up && !up) {
    ++epoch_;  // whatever is on the wire or queued is lost
    for (auto& d : dir_) {
      stats_.dropped_down += d.queue.size();
      d.queue.clear();
    }
  }
  params_.up = up;
}

SimDuration Cable::serialization_time(std::size_t frame_len) const {
  if (params_.bandwidth_bps == 0) return 0;
  // bits * 1e9 / bps, in integer nanoseconds (rounded up).
  const std::uint64_t bits = (frame_len + kWireOverhead) * 8;
  return static_cast<SimDuration>((bits * 1'000'000'000ULL + params_.bandwidth_bps - 1) / params_.bandwidth_bps);
}

bool Cable::transmit(int from_end, ByteView frame) {
  if (!params_.up) {
    ++stats_.dropped_down;
    return false;
  }
  if (frame.size() > params_.mtu + wire::EthernetFrame::kHeaderLen) {
    ++stats_.dropped_oversize;
    return false;
  }
  Direction& d = dir_[from_end];
  if (!d.busy) {
    start_transmission(from_end, Bytes(frame.begin(), frame.end()));
    return true;
  }
  if (d.queue.size() >= params_.queue_limit) {
    ++stats_.dropped_queue;
    return false;
  }
  d.queue.emplace_back(frame.begin(), frame.end());
  return true;
}

void Cable::start_transmission(int from_end, Bytes frame) {
  ++stats_.frames;
  stats_.bytes += frame.size();
  ctx_.capture.record(ctx_.now(), capture_iface_,
                      from_end == 0 ? capture::Direction::AtoB : capture::Direction::BtoA, frame);
  const SimDuration tx = serialization_time(frame.size());
  const int to_end = 1 - from_end;

  // Fault injection, decided once per frame when it enters the wire (reproducible per seed).
  const LinkFaults& f = params_.faults;
  bool lost = f.loss > 0 && rng_.next_double() < f.loss;
  bool dup = !lost && f.duplicate > 0 && rng_.next_double() < f.duplicate;
  if (!lost && f.corrupt > 0 && rng_.next_double() < f.corrupt && !frame.empty()) {
    frame[rng_.uniform(frame.size())] ^= static_cast<std::uint8_t>(1 + rng_.uniform(255));
    ++stats_.corrupted;
  }
  SimDuration jitter = f.reorder_jitter > 0 ? static_cast<SimDuration>(rng_.uniform(f.reorder_jitter + 1)) : 0;

  if (lost) {
    ++stats_.lost;
  } else {
    if (dup) {
      ++stats_.duplicated;
      deliver(to_end, frame, tx + jitter + tx);
    }
    deliver(to_end, std::move(frame), tx + jitter);
  }

  if (tx > 0) {
    dir_[from_end].busy = true;
    const std::uint64_t epoch = epoch_;
    ctx_.scheduler.schedule_in(tx, [this, from_end, epoch] {
      Direction& d = dir_[from_end];
      d.busy = false;
      if (epoch != epoch_ || d.queue.empty()) return;
      Bytes next = std::move(d.queue.front());
      d.queue.pop_front();
      start_transmission(from_end, std::move(next));
    });
  }
}

void Cable::deliver(int to_end, Bytes frame, SimDuration extra_delay) {
  const std::uint64_t epoch = epoch_;
  ctx_.scheduler.schedule_in(extra_delay + params_.delay, [this, to_end, epoch, frame = std::move(frame)] {
    if (epoch != epoch_ || !params_.up) return;
    device(to_end).receive(port_index(to_end), frame);
  });
}

}  // namespace wirelab::link
