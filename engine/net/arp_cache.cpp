#include "engine/net/arp_cache.h"

namespace wirelab::net {

std::optional<wire::MacAddress> ArpCache::lookup(wire::Ipv4Address ip, SimTime now) const {
  auto it = entries_.find(ip);
  if (it == entries_.end() || !it->second.mac || expired(it->second, now)) return std::nullopt;
  return it->second.mac;
}

bool ArpCache::knows(wire::Ipv4Address ip, SimTime now) const {
  auto it = entries_.find(ip);
  return it != entries_.end() && !expired(it->second, now);
}

std::deque<ArpCache::Pending> ArpCache::update(wire::Ipv4Address ip, wire::MacAddress mac, std::size_t interface,
                                               SimTime now) {
  auto it = entries_.find(ip);
  if (it == entries_.end()) {
    if (entries_.size() >= kMaxEntries) {
      // Evict the oldest resolved, non-static entry to stay bounded.
      auto victim = entries_.end();
      for (auto e = entries_.begin(); e != entries_.end(); ++e)
        if (e->second.mac && !e->second.is_static && (victim == entries_.end() || e->second.updated < victim->second.updated))
          victim = e;
      if (victim == entries_.end()) return {};
      entries_.erase(victim);
    }
    it = entries_.emplace(ip, Entry{}).first;
  }
  Entry& e = it->second;
  if (e.is_static) return {};
  e.mac = mac;
  e.interface = interface;
  e.updated = now;
  e.requests_sent = 0;
  std::deque<Pending> waiting;
  waiting.swap(e.pending);
  return waiting;
}

bool ArpCache::enqueue(wire::Ipv4Address ip, Pending p, SimTime now, bool& dropped_oldest) {
  dropped_oldest = false;
  auto it = entries_.find(ip);
  bool created = false;
  if (it == entries_.end() || expired(it->second, now)) {
    if (it == entries_.end()) it = entries_.emplace(ip, Entry{}).first;
    it->second = Entry{};
    it->second.interface = p.interface;
    it->second.updated = now;
    created = true;
  }
  Entry& e = it->second;
  if (e.pending.size() >= kMaxPendingPerEntry) {
    e.pending.pop_front();
    dropped_oldest = true;
  }
  e.pending.push_back(std::move(p));
  return created;
}

ArpCache::Entry* ArpCache::find(wire::Ipv4Address ip) {
  auto it = entries_.find(ip);
  return it == entries_.end() ? nullptr : &it->second;
}

std::deque<ArpCache::Pending> ArpCache::fail(wire::Ipv4Address ip) {
  auto it = entries_.find(ip);
  if (it == entries_.end() || it->second.mac) return {};
  std::deque<Pending> out = std::move(it->second.pending);
  entries_.erase(it);
  return out;
}

void ArpCache::add_static(wire::Ipv4Address ip, wire::MacAddress mac, std::size_t interface) {
  Entry e;
  e.mac = mac;
  e.interface = interface;
  e.is_static = true;
  entries_[ip] = e;
}

bool ArpCache::remove(wire::Ipv4Address ip) { return entries_.erase(ip) > 0; }

void ArpCache::flush() {
  for (auto it = entries_.begin(); it != entries_.end();)
    it = (it->second.mac && !it->second.is_static) ? entries_.erase(it) : std::next(it);
}

std::vector<std::pair<wire::Ipv4Address, ArpCache::Entry>> ArpCache::entries(SimTime now) const {
  std::vector<std::pair<wire::Ipv4Address, Entry>> out;
  for (const auto& [ip, e] : entries_)
    if (!expired(e, now)) out.emplace_back(ip, e);
  return out;
}

}  // namespace wirelab::net
