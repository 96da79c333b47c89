// The application logic of one stream connection, sans-I/O: bytes in, bytes out, and whether
// to close. Servers for Echo, Discard, Daytime, Time, Chargen and Finger are sessions; the
// TcpServer glue pumps them over the socket API. The same session can be driven by a test.
#pragma once
#include <cstddef>

#include "engine/base/bytes.h"
#include "engine/base/sim_time.h"

namespace wirelab::apps {

struct SessionOutput {
  Bytes data;              // to send, in order
  bool close = false;      // close once everything queued has been handed to the socket
};

class StreamSession {
 public:
  virtual ~StreamSession() = default;
  virtual void on_open(SimTime now, SessionOutput& out) {}
  virtual void on_data(ByteView data, SimTime now, SessionOutput& out) = 0;
  virtual void on_eof(SimTime now, SessionOutput& out) { out.close = true; }
  // For sources that produce as long as the peer reads (chargen): called when the socket can
  // take more and nothing is queued; return false when there is nothing more to produce.
  virtual bool produce(std::size_t room, SessionOutput& out) { return false; }
};

}  // namespace wirelab::apps
