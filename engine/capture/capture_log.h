// The capture log: a copy of every frame that crosses every link, with virtual time, the link
// (one capture interface per link) and the direction. Capture is an observer: the dissectors and
// the pcap/pcapng writers read only this. Bounded: past max_bytes new frames are counted, not
// kept, and truncated() turns true so the UI and CLI can say so.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "engine/base/bytes.h"
#include "engine/base/sim_time.h"

namespace wirelab::capture {

// Which way a frame crossed its link: from the link's end A to end B, or back.
enum class Direction : std::uint8_t { AtoB = 0, BtoA = 1 };

struct CaptureInterface {
  std::string name;         // the link's name, e.g. "pc1:eth0-sw1:1"
  std::string description;  // e.g. "pc1 eth0 <-> sw1 port 1"
  std::uint32_t mtu = 1500;
};

struct CapturedFrame {
  SimTime time = 0;
  std::uint32_t interface = 0;  // index into CaptureLog::interfaces()
  Direction direction = Direction::AtoB;
  Bytes bytes;                  // the Ethernet frame, without FCS
};

class CaptureLog {
 public:
  static constexpr std::size_t kDefaultMaxBytes = std::size_t{256} << 20;
  explicit CaptureLog(std::size_t max_bytes = kDefaultMaxBytes) : max_bytes_(max_bytes) {}

  std::uint32_t add_interface(CaptureInterface iface) {
    interfaces_.push_back(std::move(iface));
    return static_cast<std::uint32_t>(interfaces_.size() - 1);
  }
  void record(SimTime t, std::uint32_t iface, Direction dir, ByteView bytes) {
    if (!enabled_) return;
    if (bytes_ + bytes.size() > max_bytes_) {
      ++dropped_;
      return;
    }
    bytes_ += bytes.size();
    frames_.push_back({t, iface, dir, Bytes(bytes.begin(), bytes.end())});
  }
  void set_enabled(bool on) { enabled_ = on; }
  void clear() { frames_.clear(); bytes_ = 0; dropped_ = 0; }

  const std::vector<CapturedFrame>& frames() const { return frames_; }
  const std::vector<CaptureInterface>& interfaces() const { return interfaces_; }
  bool truncated() const { return dropped_ > 0; }
  std::size_t dropped() const { return dropped_; }

  // Wall-clock nanoseconds since the Unix epoch that virtual time 0 stands for (the scenario's
  // start date): used only for file timestamps, never read back by the engine.
  std::int64_t epoch_ns = 0;

 private:
  std::size_t max_bytes_;
  std::size_t bytes_ = 0;
  std::size_t dropped_ = 0;
  bool enabled_ = true;
  std::vector<CaptureInterface> interfaces_;
  std::vector<CapturedFrame> frames_;
};

}  // namespace wirelab::capture
