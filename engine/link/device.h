// A device with Ethernet ports (host, router, switch, hub). Frames arrive through on_frame() and
// leave through send(); a port may be unplugged. Devices never see each other, only cables.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "engine/base/bytes.h"
#include "engine/sim/sim_context.h"

namespace wirelab::link {

class Cable;

struct Port {
  std::string name;      // "eth0", "1", "Gi0/1"...
  Cable* cable = nullptr;
  int end = 0;           // which end of the cable (0 = A, 1 = B)
  std::uint64_t rx_frames = 0, rx_bytes = 0, tx_frames = 0, tx_bytes = 0, tx_dropped = 0;
};

class Device {
 public:
  Device(sim::SimContext& ctx, std::string name) : ctx_(ctx), name_(std::move(name)) {}
  virtual ~Device() = default;
  Device(const Device&) = delete;
  Device& operator=(const Device&) = delete;

  const std::string& name() const { return name_; }
  virtual const char* type_name() const = 0;  // "host", "router", "switch", "hub"

  std::size_t port_count() const { return ports_.size(); }
  Port& port(std::size_t i) { return ports_[i]; }
  const Port& port(std::size_t i) const { return ports_[i]; }
  int find_port(const std::string& name) const;  // -1 if none

  // Called by a cable when a frame has fully arrived on port `index`.
  void receive(std::size_t index, ByteView frame);
  // Puts a frame on the cable of port `index`; false if unplugged, down or the queue is full.
  bool send(std::size_t index, ByteView frame);
  // True when the port has a cable that is up.
  bool carrier(std::size_t index) const;

 protected:
  virtual void on_frame(std::size_t index, ByteView frame) = 0;
  std::size_t add_port(std::string name) {
    ports_.push_back(Port{std::move(name)});
    return ports_.size() - 1;
  }
  sim::SimContext& ctx_;

 private:
  std::string name_;
  std::vector<Port> ports_;
};

}  // namespace wirelab::link
