#include "engine/dissect/tcp_analysis.h"

#include <algorithm>
#include <array>

#include "engine/wire/ethernet.h"
#include "engine/wire/ipv4.h"
#include "engine/wire/tcp.h"

namespace wirelab::dissect {
namespace {

using namespace tcp_analysis;
namespace tf = wire::tcp_flags;

bool gt_seq(std::uint32_t a, std::uint32_t b) { return static_cast<std::int32_t>(a - b) > 0; }
bool lt_seq(std::uint32_t a, std::uint32_t b) { return static_cast<std::int32_t>(a - b) < 0; }
bool le_seq(std::uint32_t a, std::uint32_t b) { return static_cast<std::int32_t>(a - b) <= 0; }

struct Unacked {
  std::uint32_t frame, seq, nextseq;
  SimTime ts;
};

// One direction of a conversation (Wireshark's tcp_flow_t with its tcp_analyze_seq_info).
struct Flow {
  bool base_set = false;
  std::uint32_t base_seq = 0;
  int win_scale = -1;
  std::uint32_t window = 0;  // last window, scaled
  std::uint32_t nextseq = 0, nextseqframe = 0;
  SimTime nextseqtime = 0;
  std::uint32_t maxseqtobeacked = 0;
  std::uint32_t lastack = 0;
  SimTime lastacktime = 0;
  std::uint32_t lastnondupack = 0;
  int dupacknum = 0;
  std::vector<Unacked> segments;  // oldest first
  std::uint32_t lastsegmentflags = 0;
  bool valid_bif = true;
  std::uint32_t push_bytes_sent = 0;
  bool push_set_last = false;
  bool fin_sent = false;
  // Reassembly.
  std::string address;
  std::shared_ptr<Bytes> data = std::make_shared<Bytes>();
  std::map<std::uint32_t, Bytes> pending;  // offset -> bytes beyond a hole
  bool truncated = false;
  std::vector<std::uint32_t> data_frames;
};

struct Conversation {
  std::uint32_t stream = 0;
  std::uint32_t interface = 0;
  std::uint32_t addr0 = 0;  // the first frame's source: flows[0]
  std::uint16_t port0 = 0;
  std::array<Flow, 2> flows;
  SimTime first_time = 0, last_time = 0;
  SimTime mru_syn = 0;
  bool have_mru_syn = false;
  SimTime first_rtt = 0;
  int closing_initiator = -1;
  std::vector<TcpStreamSummary::Chunk> chunks;
};

using ConvKey = std::tuple<std::uint32_t, std::uint32_t, std::uint16_t, std::uint32_t, std::uint16_t>;
using StreamKey = std::tuple<std::uint32_t, std::uint32_t, std::uint16_t, std::uint32_t, std::uint16_t, std::size_t>;

struct Parsed {
  std::uint32_t src = 0, dst = 0;
  wire::TcpSegment seg;
};

std::optional<Parsed> parse_frame(ByteView frame) {
  auto eth = wire::EthernetFrame::parse(frame);
  if (!eth || eth->ethertype != 0x0800) return std::nullopt;
  auto ip = wire::Ipv4Packet::parse(eth->payload, false);
  if (!ip || ip->protocol != 6 || ip->is_fragment()) return std::nullopt;
  auto tcp = wire::TcpSegment::parse(ip->payload, ip->src, ip->dst, false);
  if (!tcp) return std::nullopt;
  return Parsed{ip->src.value, ip->dst.value, std::move(*tcp)};
}

std::string endpoint(std::uint32_t a, std::uint16_t port) {
  return std::to_string(a >> 24) + "." + std::to_string((a >> 16) & 255) + "." + std::to_string((a >> 8) & 255) +
         "." + std::to_string(a & 255) + ":" + std::to_string(port);
}

}  // namespace

struct TcpAnalyzer::Impl {
  StreamNumbering numbering;
  std::size_t analysed = 0;
  std::vector<std::unique_ptr<TcpFrameInfo>> infos;
  std::map<ConvKey, std::vector<std::unique_ptr<Conversation>>> convs;
  std::map<StreamKey, std::uint32_t> stream_ids;
  std::vector<const Conversation*> streams;     // by first appearance in the capture
  std::map<std::uint32_t, std::uint32_t> per_interface;  // streams seen per interface

  void analyse(std::uint32_t num, const capture::CapturedFrame& f);
  void reassemble(Conversation& c, int dir, const wire::TcpSegment& s, std::uint32_t num);
};

TcpAnalyzer::TcpAnalyzer(StreamNumbering numbering) : impl_(std::make_unique<Impl>()) {
  impl_->numbering = numbering;
}
TcpAnalyzer::~TcpAnalyzer() = default;
TcpAnalyzer::TcpAnalyzer(TcpAnalyzer&&) noexcept = default;
TcpAnalyzer& TcpAnalyzer::operator=(TcpAnalyzer&&) noexcept = default;

std::size_t TcpAnalyzer::analysed() const { return impl_->analysed; }
std::uint32_t TcpAnalyzer::stream_count() const { return static_cast<std::uint32_t>(impl_->streams.size()); }

const TcpFrameInfo* TcpAnalyzer::info(std::size_t index) const {
  return index < impl_->infos.size() ? impl_->infos[index].get() : nullptr;
}

void TcpAnalyzer::advance(const capture::CaptureLog& log, std::size_t upto) {
  const auto& frames = log.frames();
  upto = std::min(upto, frames.size());
  while (impl_->analysed < upto) {
    std::size_t i = impl_->analysed++;
    impl_->infos.emplace_back();
    impl_->analyse(static_cast<std::uint32_t>(i + 1), frames[i]);
  }
}

void TcpAnalyzer::Impl::analyse(std::uint32_t num, const capture::CapturedFrame& frame) {
  auto parsed = parse_frame(frame.bytes);
  if (!parsed) return;
  const wire::TcpSegment& s = parsed->seg;
  const SimTime now = frame.time;
  bool a_first = std::make_pair(parsed->src, s.src_port) <= std::make_pair(parsed->dst, s.dst_port);
  ConvKey key = a_first ? ConvKey{frame.interface, parsed->src, s.src_port, parsed->dst, s.dst_port}
                        : ConvKey{frame.interface, parsed->dst, s.dst_port, parsed->src, s.src_port};
  auto& gens = convs[key];
  auto info = std::make_unique<TcpFrameInfo>();
  TcpFrameInfo& ta = *info;
  auto new_conversation = [&]() {
    auto c = std::make_unique<Conversation>();
    c->interface = frame.interface;
    c->addr0 = parsed->src;
    c->port0 = s.src_port;
    c->first_time = c->last_time = now;
    c->flows[0].address = endpoint(parsed->src, s.src_port);
    c->flows[1].address = endpoint(parsed->dst, s.dst_port);
    StreamKey sk{numbering == StreamNumbering::PerInterface ? frame.interface : 0u, std::get<1>(key),
                 std::get<2>(key), std::get<3>(key), std::get<4>(key), gens.size()};
    std::uint32_t next = static_cast<std::uint32_t>(streams.size());
    if (numbering == StreamNumbering::PerInterface) next = per_interface[frame.interface];
    auto [it, fresh] = stream_ids.emplace(sk, next);
    if (fresh) {
      streams.push_back(c.get());
      ++per_interface[frame.interface];
    }
    c->stream = it->second;
    gens.push_back(std::move(c));
  };
  if (gens.empty()) new_conversation();
  Conversation* c = gens.back().get();
  int dir = (c->addr0 == parsed->src && c->port0 == s.src_port) ? 0 : 1;
  // A new SYN with another ISN on a known 4-tuple starts a new conversation.
  if ((s.flags & (tf::kSyn | tf::kAck)) == tf::kSyn && c->flows[dir].base_set && s.seq != c->flows[dir].base_seq) {
    new_conversation();
    c = gens.back().get();
    dir = 0;
    ta.flags |= kReusedPorts;
    ta.has_analysis = true;
  }
  Flow& fwd = c->flows[dir];
  Flow& rev = c->flows[1 - dir];
  ta.stream = c->stream;
  ta.time_relative = now - c->first_time;
  ta.time_delta = now - c->last_time;
  c->last_time = now;

  // Window scaling (learnt from the SYNs; verify_tcp_window_scaling).
  if (s.syn()) {
    auto sum = wire::summarize(s.options);
    if (sum.window_shift) fwd.win_scale = std::min<int>(*sum.window_shift, 14);
    if (fwd.win_scale == -1) {
      fwd.win_scale = -2;
      rev.win_scale = -2;
    } else if (s.ack_flag() && rev.win_scale == -2) {
      fwd.win_scale = -2;
    }
  }
  ta.window_scale = fwd.win_scale;
  std::uint32_t window = s.window;
  if (!s.syn() && fwd.win_scale >= 0) window <<= fwd.win_scale;

  if (s.syn() && !s.ack_flag()) {
    c->mru_syn = now;
    c->have_mru_syn = true;
  }
  if ((s.flags & (tf::kSyn | tf::kAck)) == tf::kAck && c->have_mru_syn && c->first_rtt == 0)
    c->first_rtt = now - c->mru_syn;

  if (s.fin()) {
    if (c->closing_initiator < 0) c->closing_initiator = dir;
    ta.fin_role = c->closing_initiator == dir ? 1 : 2;
  }

  // tcp_analyze_sequence_number, step by step.
  const std::uint32_t seq = s.seq, ack = s.ack, seglen = static_cast<std::uint32_t>(s.payload.size());
  const std::uint16_t flags = s.flags;
  auto mark = [&](std::uint32_t f) {
    ta.has_analysis = true;
    ta.flags |= f;
  };
  if (!fwd.base_set) {
    fwd.base_seq = s.syn() ? seq : seq - 1;
    fwd.base_set = true;
  }
  if (!rev.base_set && (flags & tf::kAck)) {
    rev.base_seq = ack - 1;
    rev.base_set = true;
  }
  if (flags & tf::kAck) rev.valid_bif = true;
  const bool sfr = (flags & (tf::kSyn | tf::kFin | tf::kRst)) != 0;
  bool skip_to_finished = false;
  if (seglen == 1 && seq == fwd.nextseq && rev.window == 0) {
    mark(kZeroWindowProbe);
    skip_to_finished = true;
  }
  if (!skip_to_finished) {
    if (window == 0 && !sfr) mark(kZeroWindow);
    if (fwd.nextseq && gt_seq(seq, fwd.nextseq) && !(flags & tf::kRst)) {
      mark(kLostPacket);
      fwd.valid_bif = false;
    }
    if (seglen <= 1 && seq == fwd.nextseq - 1 && !sfr) mark(kKeepAlive);
    if (seglen == 0 && window && window != fwd.window && seq == fwd.nextseq && ack == fwd.lastack && !sfr)
      mark(kWindowUpdate);
    if (seglen > 0 && rev.win_scale != -1 && seq + seglen == rev.lastack + rev.window && !sfr) mark(kWindowFull);
    bool same = seglen == 0 && window == fwd.window && seq == fwd.nextseq && ack == fwd.lastack && !sfr;
    if (same && window && (rev.lastsegmentflags & kKeepAlive)) {
      mark(kKeepAliveAck);
      skip_to_finished = true;
    } else if (same && window == 0 && (rev.lastsegmentflags & kZeroWindowProbe)) {
      mark(kZeroWindowProbeAck);
      skip_to_finished = true;
    } else if (same && window) {
      fwd.dupacknum = fwd.dupacknum == -1 ? 1 : fwd.dupacknum + 1;
      mark(kDuplicateAck);
      ta.dupack_num = static_cast<std::uint32_t>(fwd.dupacknum);
      ta.dupack_frame = fwd.lastnondupack;
    }
  }
  // finished_fwd:
  if (ack != fwd.lastack) {
    fwd.lastnondupack = num;
    fwd.dupacknum = 0;
  }
  if (rev.maxseqtobeacked && gt_seq(ack, rev.maxseqtobeacked) && (flags & tf::kAck)) {
    ta.has_analysis = true;
    if (rev.maxseqtobeacked > rev.nextseq) {
      rev.maxseqtobeacked = rev.nextseq;
      ta.flags |= kAckLostPacket;
    } else {
      if (rev.dupacknum == 0) ta.flags |= kAckLostPacket;
      rev.dupacknum = -1;
    }
  }
  if (seglen > 0 || (flags & (tf::kSyn | tf::kFin))) {
    bool not_advanced = fwd.nextseq && lt_seq(seq, fwd.nextseq);
    if (!(ta.flags & kKeepAlive)) {
      if (seglen > 1 && fwd.nextseq - 1 == seq) not_advanced = false;
      if (seglen > 0 && rev.lastack && le_seq(seq + seglen, rev.lastack)) {
        mark(kSpuriousRetransmission);
      } else if (not_advanced && rev.dupacknum >= 2 && rev.lastack == seq && now - rev.lastacktime < 20000000) {
        mark(kFastRetransmission);
      } else {
        SimTime thres = c->first_rtt != 0 ? c->first_rtt : 3000000;
        std::uint32_t end = seq + seglen + ((flags & (tf::kSyn | tf::kFin)) ? 1 : 0);
        if (not_advanced && now - fwd.nextseqtime < thres && fwd.nextseq != end) {
          mark(kOutOfOrder);
        } else if (not_advanced) {
          mark(kRetransmission);
          ta.rto = now - fwd.nextseqtime;
          ta.rto_frame = fwd.nextseqframe;
          if (!fwd.segments.empty()) {
            ta.rto = now - fwd.segments.front().ts;
            ta.rto_frame = fwd.segments.front().frame;
          }
        }
      }
    }
  }
  // finished_checking_retransmission_type:
  std::uint32_t nextseq = seq + seglen;
  if ((seglen || (flags & (tf::kSyn | tf::kFin))) && fwd.segments.size() < TcpAnalyzer::kMaxUnacked) {
    if (flags & (tf::kSyn | tf::kFin)) nextseq += 1;
    fwd.segments.push_back({num, seq, nextseq, now});
  }
  const bool zwp = (ta.flags & kZeroWindowProbe) != 0;
  if ((gt_seq(nextseq, fwd.nextseq) || !fwd.nextseq) && !zwp) {
    fwd.nextseq = nextseq;
    fwd.nextseqframe = num;
    fwd.nextseqtime = now;
  }
  if ((seq == fwd.maxseqtobeacked || !fwd.maxseqtobeacked) && !zwp) fwd.maxseqtobeacked = fwd.nextseq;
  fwd.window = window;
  fwd.lastack = ack;
  fwd.lastacktime = now;
  fwd.lastsegmentflags = ta.flags;

  // Segments this ACKs (newest first, as Wireshark's list).
  for (std::size_t k = rev.segments.size(); k-- > 0;) {
    Unacked& u = rev.segments[k];
    if (ack == u.nextseq) {
      ta.has_analysis = true;
      ta.acks_frame = u.frame;
      ta.ack_rtt = now - u.ts;
    } else if (gt_seq(ack, u.seq) && le_seq(ack, u.nextseq)) {
      u.seq = ack;
      continue;
    } else if (gt_seq(u.nextseq, ack)) {
      continue;
    }
    rev.segments.erase(rev.segments.begin() + static_cast<std::ptrdiff_t>(k));
  }
  // Bytes in flight (payload based, Wireshark's default; SACK blocks not subtracted).
  if (seglen != 0 && !fwd.segments.empty() && fwd.valid_bif) {
    std::uint32_t first = fwd.segments.back().seq - fwd.base_seq, last = fwd.segments.back().nextseq - fwd.base_seq;
    for (const Unacked& u : fwd.segments) {
      last = std::max(last, u.nextseq - fwd.base_seq);
      first = std::min(first, u.seq - fwd.base_seq);
    }
    std::uint32_t in_flight = last - first;
    ta.has_analysis = true;
    if (in_flight > 0 && in_flight < 2000000000) {
      ta.bytes_in_flight = in_flight - ((flags & (tf::kSyn | tf::kFin)) ? 1 : 0);
    }
    bool psh = (flags & tf::kPsh) != 0;
    if (psh && !fwd.push_set_last) {
      fwd.push_bytes_sent += seglen;
    } else if (psh || fwd.push_set_last) {
      fwd.push_bytes_sent = seglen;
    } else {
      fwd.push_bytes_sent += seglen;
    }
    fwd.push_set_last = psh;
    ta.has_push_bytes = true;
    ta.push_bytes_sent = fwd.push_bytes_sent;
  }
  ta.seq_base = fwd.base_seq;
  ta.ack_base = rev.base_seq;
  if (ta.has_analysis) ta.initial_rtt = c->first_rtt;

  reassemble(*c, dir, s, num);
  ta.first_data_of_direction = seglen > 0 && !fwd.data_frames.empty() && fwd.data_frames.front() == num;
  if (s.fin()) {
    ta.until_fin = std::make_shared<const Bytes>(*fwd.data);
    ta.until_fin_frames = fwd.data_frames;
  }
  infos.back() = std::move(info);
}

void TcpAnalyzer::Impl::reassemble(Conversation& c, int dir, const wire::TcpSegment& s, std::uint32_t num) {
  Flow& f = c.flows[dir];
  if (s.payload.empty() || f.truncated) return;
  Bytes& data = *f.data;
  std::uint32_t first_byte = f.base_seq + 1;
  std::int64_t off = static_cast<std::int32_t>(s.seq - first_byte);
  ByteView p = s.payload;
  if (off < 0) {
    if (static_cast<std::int64_t>(p.size()) <= -off) return;
    p = p.subspan(static_cast<std::size_t>(-off));
    off = 0;
  }
  auto append_from = [&](std::size_t at, ByteView bytes) {
    if (at + bytes.size() <= data.size()) return false;
    std::size_t skip = data.size() - at;
    std::size_t n = bytes.size() - skip;
    if (data.size() + n > TcpAnalyzer::kMaxStreamBytes) {
      f.truncated = true;
      return false;
    }
    c.chunks.push_back({dir == 0, data.size(), n});
    data.insert(data.end(), bytes.begin() + static_cast<std::ptrdiff_t>(skip), bytes.end());
    return true;
  };
  auto at = static_cast<std::size_t>(off);
  if (at > data.size()) {
    if (f.pending.size() < 64) f.pending.emplace(static_cast<std::uint32_t>(at), Bytes(p.begin(), p.end()));
    if (f.data_frames.empty() || f.data_frames.back() != num) f.data_frames.push_back(num);
    return;
  }
  if (append_from(at, p) && (f.data_frames.empty() || f.data_frames.back() != num)) f.data_frames.push_back(num);
  while (!f.pending.empty() && f.pending.begin()->first <= data.size()) {
    auto node = f.pending.extract(f.pending.begin());
    append_from(node.key(), node.mapped());
  }
}

std::optional<TcpStreamSummary> TcpAnalyzer::stream(std::uint32_t n) const {
  if (n >= impl_->streams.size()) return std::nullopt;
  const Conversation& c = *impl_->streams[n];
  TcpStreamSummary out;
  out.stream = n;
  out.interface = c.interface;
  out.client = {c.flows[0].address, *c.flows[0].data, c.flows[0].truncated || !c.flows[0].pending.empty()};
  out.server = {c.flows[1].address, *c.flows[1].data, c.flows[1].truncated || !c.flows[1].pending.empty()};
  out.chunks = c.chunks;
  return out;
}

std::string format_follow_ascii(const TcpStreamSummary& s) {
  const std::string rule(67, '=');
  std::string out = "\n" + rule + "\nFollow: tcp,ascii\nFilter: tcp.stream eq " + std::to_string(s.stream) +
                    "\nNode 0: " + s.client.address + "\nNode 1: " + s.server.address + "\n";
  for (const auto& ch : s.chunks) {
    const Bytes& d = ch.from_client ? s.client.data : s.server.data;
    if (!ch.from_client) out += '\t';
    out += std::to_string(ch.length) + "\n";
    for (std::size_t i = ch.offset; i < ch.offset + ch.length && i < d.size(); ++i) {
      unsigned char b = d[i];
      out += (b >= 0x20 && b < 0x7f) || b == '\n' || b == '\r' || b == '\t' ? static_cast<char>(b) : '.';
    }
    out += "\n";
  }
  return out + rule + "\n";
}

}  // namespace wirelab::dissect
