#include "engine/link/device.h"

#include "engine/link/cable.h"

namespace wirelab::link {

int Device::find_port(const std::string& name) const {
  for (std::size_t i = 0; i < ports_.size(); ++i)
    if (ports_[i].name == name) return static_cast<int>(i);
  return -1;
}

void Device::receive(std::size_t index, ByteView frame) {
  Port& p = ports_[index];
  ++p.rx_frames;
  p.rx_bytes += frame.size();
  on_frame(index, frame);
}

bool Device::send(std::size_t index, ByteView frame) {
  Port& p = ports_[index];
  if (!p.cable || !p.cable->transmit(p.end, frame)) {
    ++p.tx_dropped;
    return false;
  }
  ++p.tx_frames;
  p.tx_bytes += frame.size();
  return true;
}

bool Device::carrier(std::size_t index) const {
  const Port& p = ports_[index];
  return p.cable && p.cable->up();
}

}  // namespace wirelab::link
