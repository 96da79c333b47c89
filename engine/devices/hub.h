// A hub: every frame that arrives on one port is repeated out of every other port.
#pragma once
#include "engine/link/device.h"

namespace wirelab::devices {

class Hub : public link::Device {
 public:
  Hub(sim::SimContext& ctx, std::string name, std::size_t ports);
  const char* type_name() const override { return "hub"; }

 protected:
  void on_frame(std::size_t index, ByteView frame) override;
};

}  // namespace wirelab::devices
