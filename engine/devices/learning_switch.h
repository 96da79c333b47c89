// A transparent learning bridge (IEEE 802.1D §7/§8 without STP): learns source MACs per port,
// forwards known unicast to one port, floods broadcast, multicast and unknown unicast, filters
// frames whose destination is on the arrival port, and ages entries out (default 300 s).
#pragma once
#include <map>

#include "engine/link/device.h"
#include "engine/wire/mac_address.h"

namespace wirelab::devices {

class LearningSwitch : public link::Device {
 public:
  struct MacEntry {
    std::size_t port;
    SimTime last_seen;
  };
  static constexpr std::size_t kMaxEntries = 8192;

  LearningSwitch(sim::SimContext& ctx, std::string name, std::size_t ports,
                 SimDuration ageing = seconds(300));
  const char* type_name() const override { return "switch"; }

  // Live entries (aged ones are skipped), in MAC order.
  std::map<wire::MacAddress, MacEntry> mac_table() const;
  SimDuration ageing_time() const { return ageing_; }
  void flush() { table_.clear(); }

 protected:
  void on_frame(std::size_t index, ByteView frame) override;

 private:
  void flood(std::size_t except, ByteView frame);
  bool alive(const MacEntry& e) const { return ctx_.now() - e.last_seen < ageing_; }

  SimDuration ageing_;
  std::map<wire::MacAddress, MacEntry> table_;
};

}  // namespace wirelab::devices
