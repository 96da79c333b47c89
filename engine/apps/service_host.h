// The servers running on one host, started from its ServiceSpecs and stopped on destruction.
#pragma once
#include <memory>
#include <vector>

#include "engine/apps/service_spec.h"
#include "engine/apps/tcp_server.h"
#include "engine/apps/udp_server.h"

namespace wirelab::apps {

class ServiceHost {
 public:
  ServiceHost(sim::SimContext& ctx, devices::Host& host, const std::vector<ServiceSpec>& specs, std::int64_t epoch_ns);

 private:
  std::vector<std::unique_ptr<TcpServer>> tcp_;
  std::vector<std::unique_ptr<UdpServer>> udp_;
  Rng rng_;
};

}  // namespace wirelab::apps
