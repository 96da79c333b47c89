// An IPv4 transport endpoint (address, port), shared by UDP, TCP and the socket API.
#pragma once
#include <compare>
#include <cstdint>
#include <string>

#include "engine/wire/ipv4_address.h"

namespace wirelab::net {

struct Endpoint {
  wire::Ipv4Address address;
  std::uint16_t port = 0;
  auto operator<=>(const Endpoint&) const = default;
  std::string to_string() const { return address.to_string() + ":" + std::to_string(port); }
};

// The closed set of errors sockets report, printed by commands the way real tools print them.
enum class SocketError {
  WouldBlock, ConnectionRefused, ConnectionReset, TimedOut, AddressInUse, NotConnected, Closed,
  NetworkUnreachable, MessageTooLong, InvalidArgument, NoAddress, TooManySockets,
};
// strerror() text: "Connection refused", "Connection timed out", "Address already in use", ...
const char* to_string(SocketError e);

}  // namespace wirelab::net
