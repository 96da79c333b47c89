#include "engine/devices/hub.h"

namespace wirelab::devices {

Hub::Hub(sim::SimContext& ctx, std::string name, std::size_t ports) : Device(ctx, std::move(name)) {
  for (std::size_t i = 1; i <= ports; ++i) add_port(std::to_string(i));
}

void Hub::on_frame(std::size_t index, ByteView frame) {
  for (std::size_t i = 0; i < port_count(); ++i)
    if (i != index && port(i).cable) send(i, frame);
}

}  // namespace wirelab::devices
