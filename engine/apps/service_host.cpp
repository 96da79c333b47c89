#include "engine/apps/service_host.h"

#include "engine/apps/services/trivial_services.h"

namespace wirelab::apps {

std::optional<std::uint16_t> well_known_port(const std::string& type) {
  if (type == "echo") return 7;
  if (type == "discard") return 9;
  if (type == "daytime") return 13;
  if (type == "chargen") return 19;
  if (type == "time") return 37;
  if (type == "finger") return 79;
  return std::nullopt;
}

ServiceHost::ServiceHost(sim::SimContext& ctx, devices::Host& host, const std::vector<ServiceSpec>& specs,
                         std::int64_t epoch_ns)
    : rng_(ctx.rng_for("services:" + host.name())) {
  for (const ServiceSpec& s : specs) {
    const std::uint16_t port = s.port.value_or(well_known_port(s.type).value_or(0));
    TcpServer::Factory session;
    UdpServer::Handler datagram;
    if (s.type == "echo") {
      session = make_echo_session;
      datagram = [](const net::Datagram& d, SimTime) { return echo_datagram(d.data); };
    } else if (s.type == "discard") {
      session = make_discard_session;
      datagram = [](const net::Datagram&, SimTime) { return std::optional<Bytes>(); };
    } else if (s.type == "chargen") {
      session = make_chargen_session;
      datagram = [this](const net::Datagram&, SimTime) { return chargen_datagram(rng_); };
    } else if (s.type == "daytime") {
      session = [epoch_ns] { return make_daytime_session(epoch_ns); };
      datagram = [epoch_ns](const net::Datagram&, SimTime now) { return daytime_datagram(epoch_ns + now); };
    } else if (s.type == "time") {
      session = [epoch_ns] { return make_time_session(epoch_ns); };
      datagram = [epoch_ns](const net::Datagram&, SimTime now) { return time_datagram(epoch_ns + now); };
    } else if (s.type == "finger") {
      FingerConfig config = s.finger;
      config.host_name = host.name();
      session = [config, epoch_ns] { return make_finger_session(config, epoch_ns); };
    } else {
      continue;  // the scenario parser rejects unknown types
    }
    if (s.tcp) tcp_.push_back(std::make_unique<TcpServer>(ctx, host, port, session));
    if (s.udp && datagram) udp_.push_back(std::make_unique<UdpServer>(ctx, host, port, datagram));
  }
}

}  // namespace wirelab::apps
