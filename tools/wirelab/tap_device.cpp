#include "tap_device.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <sys/ioctl.h>
#include <unistd.h>

namespace wirelab::tools {

std::optional<TapDevice> TapDevice::open(const std::string& name, std::string& error) {
  int fd = ::open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    error = std::string("cannot open /dev/net/tun: ") + std::strerror(errno);
    return std::nullopt;
  }
  struct ifreq ifr;
  std::memset(&ifr, 0, sizeof ifr);
  ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
  std::strncpy(ifr.ifr_name, name.c_str(), IFNAMSIZ - 1);
  if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
    error = "cannot attach to TAP device " + name + ": " + std::strerror(errno);
    ::close(fd);
    return std::nullopt;
  }
  return TapDevice(fd);
}

TapDevice::~TapDevice() {
  if (fd_ >= 0) ::close(fd_);
}

std::vector<Bytes> TapDevice::read_all() {
  std::vector<Bytes> frames;
  std::uint8_t buf[65536];
  for (int i = 0; i < 1024; ++i) {  // bounded per call: a flood cannot starve the simulation
    ssize_t n = ::read(fd_, buf, sizeof buf);
    if (n <= 0) break;
    frames.emplace_back(buf, buf + n);
  }
  return frames;
}

bool TapDevice::write(ByteView frame) {
  return ::write(fd_, frame.data(), frame.size()) == static_cast<ssize_t>(frame.size());
}

}  // namespace wirelab::tools
