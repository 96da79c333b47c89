#include "engine/devices/learning_switch.h"

#include "engine/wire/ethernet.h"

namespace wirelab::devices {

LearningSwitch::LearningSwitch(sim::SimContext& ctx, std::string name, std::size_t ports, SimDuration ageing)
    : Device(ctx, std::move(name)), ageing_(ageing) {
  for (std::size_t i = 1; i <= ports; ++i) add_port(std::to_string(i));
}

std::map<wire::MacAddress, LearningSwitch::MacEntry> LearningSwitch::mac_table() const {
  std::map<wire::MacAddress, MacEntry> live;
  for (const auto& [mac, e] : table_)
    if (alive(e)) live.emplace(mac, e);
  return live;
}

void LearningSwitch::flood(std::size_t except, ByteView frame) {
  for (std::size_t i = 0; i < port_count(); ++i)
    if (i != except && carrier(i)) send(i, frame);
}

void LearningSwitch::on_frame(std::size_t index, ByteView frame) {
  auto eth = wire::EthernetFrame::parse(frame);
  if (!eth) return;  // a runt: a real switch drops it too
  // Learn (a multicast source address is invalid and never learned).
  if (!eth->src.is_multicast()) {
    auto it = table_.find(eth->src);
    if (it != table_.end()) it->second = {index, ctx_.now()};
    else if (table_.size() < kMaxEntries) table_.emplace(eth->src, MacEntry{index, ctx_.now()});
    else {
      // Table full: evict the stalest entry (bounded memory under a MAC flood).
      auto oldest = table_.begin();
      for (auto e = table_.begin(); e != table_.end(); ++e)
        if (e->second.last_seen < oldest->second.last_seen) oldest = e;
      table_.erase(oldest);
      table_.emplace(eth->src, MacEntry{index, ctx_.now()});
    }
  }
  if (eth->dst.is_multicast()) return flood(index, frame);
  auto it = table_.find(eth->dst);
  if (it == table_.end() || !alive(it->second)) return flood(index, frame);
  if (it->second.port == index) return;  // destination is on the arrival segment: filter
  send(it->second.port, frame);
}

}  // namespace wirelab::devices
