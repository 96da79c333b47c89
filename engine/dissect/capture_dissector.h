// CaptureDissector: dissects the frames of a CaptureLog on demand and caches the results. It
// is the home of capture-wide analyses that need more than one frame (ICMP echo request/reply
// matching now; TCP stream reassembly and request/response matching later). Reads only the
// log (bytes, time, interface), never the stack, so a pcap file dissects the same way.
#pragma once
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/capture/capture_log.h"
#include "engine/dissect/dissector_registry.h"
#include "engine/dissect/packet_dissection.h"
#include "engine/dissect/tcp_analysis.h"

namespace wirelab::dissect {

class DisplayFilter;

class CaptureDissector {
 public:
  explicit CaptureDissector(const capture::CaptureLog& log,
                            const DissectorRegistry& registry = DissectorRegistry::builtin(),
                            StreamNumbering tcp_streams = StreamNumbering::Shared);

  std::size_t size() const { return log_.frames().size(); }
  // Frame `index` (0-based; its number is index + 1). Dissected on first use, then cached.
  // Precondition: index < size().
  const PacketDissection& frame(std::size_t index);
  // Indices of the frames the filter accepts (a null filter accepts all).
  std::vector<std::size_t> matching(const DisplayFilter* filter);
  // Drop the cache and the TCP state (after the log was cleared).
  void reset();

  // TCP streams (tcp.stream) seen in the whole log so far, and one stream's reassembled bytes
  // per direction ("Follow TCP Stream"); nullopt for an unknown index.
  std::uint32_t tcp_stream_count();
  std::optional<TcpStreamSummary> tcp_stream(std::uint32_t stream);
  // `tshark -q -z follow,tcp,ascii,N` output; empty for an unknown stream.
  std::string follow_tcp_stream(std::uint32_t stream);

  // Dissects one frame (tests, tools); TCP analysis runs over the frames before it.
  static PacketDissection dissect_one(const capture::CaptureLog& log, std::size_t index,
                                      const DissectorRegistry& registry = DissectorRegistry::builtin());

 private:
  static PacketDissection dissect_with(const capture::CaptureLog& log, std::size_t index,
                                       const DissectorRegistry& registry, const TcpFrameInfo* tcp);
  PacketDissection& plain(std::size_t index);  // dissected and cached, without analyses
  void annotate_echo_reply(std::size_t index, PacketDissection& d);

  const capture::CaptureLog& log_;
  const DissectorRegistry& registry_;
  std::vector<std::unique_ptr<PacketDissection>> cache_;
  std::vector<bool> annotated_;
  StreamNumbering tcp_streams_;
  TcpAnalyzer tcp_;
};

}  // namespace wirelab::dissect
