#include "engine/net/endpoint.h"

namespace wirelab::net {

const char* to_string(SocketError e) {
  switch (e) {
    case SocketError::WouldBlock: return "Resource temporarily unavailable";
    case SocketError::ConnectionRefused: return "Connection refused";
    case SocketError::ConnectionReset: return "Connection reset by peer";
    case SocketError::TimedOut: return "Connection timed out";
    case SocketError::AddressInUse: return "Address already in use";
    case SocketError::NotConnected: return "Transport endpoint is not connected";
    case SocketError::Closed: return "Bad file descriptor";
    case SocketError::NetworkUnreachable: return "Network is unreachable";
    case SocketError::MessageTooLong: return "Message too long";
    case SocketError::InvalidArgument: return "Invalid argument";
    case SocketError::NoAddress: return "Cannot assign requested address";
    case SocketError::TooManySockets: return "Too many open files";
  }
  return "Unknown error";
}

}  // namespace wirelab::net
