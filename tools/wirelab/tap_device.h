// A Linux TAP device opened by name (it must already exist in the current network namespace:
// `ip tuntap add dev vtap0 mode tap`). Native plumbing only; the engine never sees a descriptor.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "engine/base/bytes.h"

namespace wirelab::tools {

class TapDevice {
 public:
  // Opens /dev/net/tun and attaches to `name` (IFF_TAP | IFF_NO_PI), non-blocking.
  static std::optional<TapDevice> open(const std::string& name, std::string& error);
  TapDevice(TapDevice&& o) noexcept : fd_(o.fd_) { o.fd_ = -1; }
  TapDevice(const TapDevice&) = delete;
  ~TapDevice();

  int fd() const { return fd_; }
  // Reads every frame waiting now.
  std::vector<Bytes> read_all();
  bool write(ByteView frame);

 private:
  explicit TapDevice(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace wirelab::tools
