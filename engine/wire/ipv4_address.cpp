#include "engine/wire/ipv4_address.h"

namespace wirelab::wire {

std::optional<Ipv4Address> Ipv4Address::parse(const std::string& text) {
  std::uint32_t v = 0;
  int parts = 0;
  std::size_t i = 0;
  while (parts < 4) {
    if (i >= text.size() || text[i] < '0' || text[i] > '9') return std::nullopt;
    unsigned octet = 0;
    int digits = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      octet = octet * 10 + static_cast<unsigned>(text[i] - '0');
      if (++digits > 3 || octet > 255) return std::nullopt;
      ++i;
    }
    v = v << 8 | octet;
    if (++parts < 4) {
      if (i >= text.size() || text[i] != '.') return std::nullopt;
      ++i;
    }
  }
  if (i != text.size()) return std::nullopt;
  return Ipv4Address{v};
}

std::string Ipv4Address::to_string() const {
  return std::to_string(value >> 24) + "." + std::to_string((value >> 16) & 255) + "." +
         std::to_string((value >> 8) & 255) + "." + std::to_string(value & 255);
}

std::optional<Ipv4Prefix> Ipv4Prefix::parse(const std::string& text) {
  auto slash = text.find('/');
  if (slash == std::string::npos) return std::nullopt;
  auto addr = Ipv4Address::parse(text.substr(0, slash));
  std::string len = text.substr(slash + 1);
  if (!addr || len.empty() || len.size() > 2) return std::nullopt;
  int n = 0;
  for (char c : len) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + (c - '0');
  }
  if (n > 32) return std::nullopt;
  return Ipv4Prefix{*addr, n};
}

std::string Ipv4Prefix::to_string() const { return address.to_string() + "/" + std::to_string(length); }

std::string mask_to_string(int prefix_length) {
  Ipv4Prefix p{{0}, prefix_length};
  return Ipv4Address{p.mask()}.to_string();
}

}  // namespace wirelab::wire
