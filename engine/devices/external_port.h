// A port to the world outside the lab (a Linux TAP device, driven by the native CLI). Frames the
// lab sends to it are handed to `on_transmit`; frames from outside enter through inject(). The
// engine side has no I/O: the plumbing that owns the TAP file descriptor does the reading and
// writing and keeps virtual time in step with the wall clock.
#pragma once
#include <functional>

#include "engine/link/device.h"

namespace wirelab::devices {

class ExternalPort : public link::Device {
 public:
  ExternalPort(sim::SimContext& ctx, std::string name) : Device(ctx, std::move(name)) { add_port("tap"); }
  const char* type_name() const override { return "external"; }

  std::function<void(ByteView frame)> on_transmit;
  // A frame from outside: it goes onto the cable now (and so into the capture).
  bool inject(ByteView frame) { return send(0, frame); }

 protected:
  void on_frame(std::size_t, ByteView frame) override {
    if (on_transmit) on_transmit(frame);
  }
};

}  // namespace wirelab::devices
