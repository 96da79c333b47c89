#include "engine/dissect/capture_dissector.h"

#include "engine/dissect/display_filter.h"
#include "engine/dissect/packet_context.h"

namespace wirelab::dissect {

CaptureDissector::CaptureDissector(const capture::CaptureLog& log, const DissectorRegistry& registry,
                                   StreamNumbering tcp_streams)
    : log_(log), registry_(registry), tcp_streams_(tcp_streams), tcp_(tcp_streams) {}

PacketDissection CaptureDissector::dissect_one(const capture::CaptureLog& log, std::size_t index,
                                               const DissectorRegistry& registry) {
  TcpAnalyzer tcp;
  tcp.advance(log, index + 1);
  return dissect_with(log, index, registry, tcp.info(index));
}

PacketDissection CaptureDissector::dissect_with(const capture::CaptureLog& log, std::size_t index,
                                                const DissectorRegistry& registry, const TcpFrameInfo* tcp) {
  const auto& frames = log.frames();
  const capture::CapturedFrame& f = frames[index];
  FrameMeta meta;
  meta.number = static_cast<std::uint32_t>(index + 1);
  meta.time_relative = f.time - frames.front().time;
  meta.time_delta = index == 0 ? 0 : f.time - frames[index - 1].time;
  meta.epoch_ns = log.epoch_ns + f.time;
  meta.interface_id = f.interface;
  if (f.interface < log.interfaces().size()) {
    meta.interface_name = log.interfaces()[f.interface].name;
    meta.interface_description = log.interfaces()[f.interface].description;
  } else {
    meta.interface_name = "if" + std::to_string(f.interface);
  }
  PacketDissection d;
  d.summary.number = meta.number;
  d.summary.time = meta.time_relative;
  d.summary.length = static_cast<std::uint32_t>(f.bytes.size());
  PacketContext ctx(registry, d, std::move(meta));
  ctx.tcp_analysis = tcp;
  ctx.call_named("frame", Tvb{f.bytes, 0}, d.tree);
  return d;
}

PacketDissection& CaptureDissector::plain(std::size_t index) {
  if (cache_.size() < size()) {
    cache_.resize(size());
    annotated_.resize(size());
  }
  auto& slot = cache_[index];
  if (!slot) {
    tcp_.advance(log_, index + 1);
    slot = std::make_unique<PacketDissection>(dissect_with(log_, index, registry_, tcp_.info(index)));
  }
  return *slot;
}

const PacketDissection& CaptureDissector::frame(std::size_t index) {
  PacketDissection& d = plain(index);
  if (!annotated_[index]) {
    annotated_[index] = true;
    annotate_echo_reply(index, d);
  }
  return d;
}

// "(request in N)": the latest earlier echo request with the same id/seq between the same hosts.
void CaptureDissector::annotate_echo_reply(std::size_t index, PacketDissection& d) {
  const ProtoNode* type = d.find("icmp.type");
  if (!type || type->value.number != 0) return;
  const ProtoNode* id = d.find("icmp.ident");
  const ProtoNode* seq = d.find("icmp.seq");
  const ProtoNode* src = d.find("ip.src");
  const ProtoNode* dst = d.find("ip.dst");
  if (!id || !seq || !src || !dst) return;
  constexpr std::size_t kLookBack = 256;  // bounded work per frame
  for (std::size_t k = index, steps = 0; k-- > 0 && steps < kLookBack; ++steps) {
    const PacketDissection& req = plain(k);
    const ProtoNode* rt = req.find("icmp.type");
    if (!rt || rt->value.number != 8) continue;
    const ProtoNode* rid = req.find("icmp.ident");
    const ProtoNode* rseq = req.find("icmp.seq");
    const ProtoNode* rsrc = req.find("ip.src");
    const ProtoNode* rdst = req.find("ip.dst");
    if (rid && rseq && rsrc && rdst && rid->value.number == id->value.number &&
        rseq->value.number == seq->value.number && rsrc->value.number == dst->value.number &&
        rdst->value.number == src->value.number) {
      d.summary.info += " (request in " + std::to_string(k + 1) + ")";
      for (auto& layer : d.tree)
        if (layer.filter == "icmp")
          layer.add(make_generated("icmp.resp_to", "Response To: " + std::to_string(k + 1),
                                   FieldValue::uint(k + 1), layer.offset, 0));
      return;
    }
  }
}

std::vector<std::size_t> CaptureDissector::matching(const DisplayFilter* filter) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < size(); ++i)
    if (!filter || filter->matches(frame(i))) out.push_back(i);
  return out;
}

void CaptureDissector::reset() {
  cache_.clear();
  annotated_.clear();
  tcp_ = TcpAnalyzer(tcp_streams_);
}

std::uint32_t CaptureDissector::tcp_stream_count() {
  tcp_.advance(log_, size());
  return tcp_.stream_count();
}

std::optional<TcpStreamSummary> CaptureDissector::tcp_stream(std::uint32_t stream) {
  tcp_.advance(log_, size());
  return tcp_.stream(stream);
}

std::string CaptureDissector::follow_tcp_stream(std::uint32_t stream) {
  auto s = tcp_stream(stream);
  return s ? format_follow_ascii(*s) : std::string();
}

}  // namespace wirelab::dissect
