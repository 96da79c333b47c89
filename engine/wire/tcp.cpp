#include "engine/wire/tcp.h"

#include <algorithm>

#include "engine/wire/checksum.h"
#include "engine/wire/ipv4.h"

namespace wirelab::wire {

namespace {

// Expected total length (kind + length + body) of a known option kind; 0 for variable/unknown.
std::size_t fixed_len(std::uint8_t kind) {
  switch (static_cast<TcpOptionKind>(kind)) {
    case TcpOptionKind::Mss: return 4;
    case TcpOptionKind::WindowScale: return 3;
    case TcpOptionKind::SackPermitted: return 2;
    case TcpOptionKind::Timestamps: return 10;
    default: return 0;
  }
}

Result<std::vector<TcpOption>> parse_options(ByteView o) {
  std::vector<TcpOption> out;
  std::size_t i = 0;
  while (i < o.size()) {
    std::uint8_t kind = o[i];
    if (kind == static_cast<std::uint8_t>(TcpOptionKind::End)) {
      out.push_back(TcpOption::end());
      break;  // the rest is padding
    }
    if (kind == static_cast<std::uint8_t>(TcpOptionKind::Nop)) {
      out.push_back(TcpOption::nop());
      ++i;
      continue;
    }
    if (i + 1 >= o.size()) return make_error(ErrorKind::Malformed, "TCP option without a length byte");
    std::size_t len = o[i + 1];
    if (len < 2) return make_error(ErrorKind::Malformed, "TCP option length smaller than 2");
    if (i + len > o.size()) return make_error(ErrorKind::Malformed, "TCP option overruns the header");
    ByteView body = o.subspan(i + 2, len - 2);
    std::size_t want = fixed_len(kind);
    bool is_sack = kind == static_cast<std::uint8_t>(TcpOptionKind::Sack);
    if (want != 0 && len == want) {
      TcpOption opt = TcpOption::make(static_cast<TcpOptionKind>(kind));
      if (opt.is(TcpOptionKind::Mss)) opt.mss = read_u16(body, 0);
      if (opt.is(TcpOptionKind::WindowScale)) opt.window_shift = body[0];
      if (opt.is(TcpOptionKind::Timestamps)) {
        opt.ts_val = read_u32(body, 0);
        opt.ts_ecr = read_u32(body, 4);
      }
      out.push_back(std::move(opt));
    } else if (is_sack && body.size() % 8 == 0 && !body.empty()) {
      std::vector<SackBlock> blocks;
      for (std::size_t b = 0; b < body.size(); b += 8) blocks.push_back({read_u32(body, b), read_u32(body, b + 4)});
      out.push_back(TcpOption::sack(std::move(blocks)));
    } else {
      out.push_back(TcpOption::unknown(kind, Bytes(body.begin(), body.end())));
    }
    i += len;
  }
  return out;
}

void emit_options(const std::vector<TcpOption>& options, MutableByteView out) {
  std::size_t i = 0;
  for (const TcpOption& opt : options) {
    std::size_t len = opt.wire_len();
    out[i] = opt.kind;
    if (len >= 2) out[i + 1] = static_cast<std::uint8_t>(len);
    MutableByteView body = out.subspan(i + std::min<std::size_t>(len, 2));
    if (opt.is_raw) {
      std::copy(opt.raw.begin(), opt.raw.end(), body.begin());
    } else if (opt.is(TcpOptionKind::Mss)) {
      write_u16(body, 0, opt.mss);
    } else if (opt.is(TcpOptionKind::WindowScale)) {
      body[0] = opt.window_shift;
    } else if (opt.is(TcpOptionKind::Timestamps)) {
      write_u32(body, 0, opt.ts_val);
      write_u32(body, 4, opt.ts_ecr);
    } else if (opt.is(TcpOptionKind::Sack)) {
      for (std::size_t b = 0; b < opt.sack_blocks.size(); ++b) {
        write_u32(body, b * 8, opt.sack_blocks[b].left);
        write_u32(body, b * 8 + 4, opt.sack_blocks[b].right);
      }
    }
    i += len;
  }
  for (; i < out.size(); ++i) out[i] = 0;  // EOL padding to the 32-bit boundary
}

void emit_segment(const TcpHeader& h, ByteView payload, MutableByteView out, Ipv4Address src, Ipv4Address dst) {
  std::size_t hl = h.header_len();
  write_u16(out, 0, h.src_port);
  write_u16(out, 2, h.dst_port);
  write_u32(out, 4, h.seq);
  write_u32(out, 8, h.ack);
  write_u16(out, 12, static_cast<std::uint16_t>(((hl / 4) << 12) | (h.flags & 0x0fff)));
  write_u16(out, 14, h.window);
  write_u16(out, 16, 0);
  write_u16(out, 18, h.urgent);
  emit_options(h.options, out.subspan(TcpHeader::kMinHeaderLen, hl - TcpHeader::kMinHeaderLen));
  std::copy(payload.begin(), payload.end(), out.begin() + hl);
  std::uint16_t c = TcpSegment::compute_checksum(ByteView(out.data(), hl + payload.size()), src, dst);
  write_u16(out, 16, c);
}

}  // namespace

std::size_t TcpOption::wire_len() const {
  if (kind == static_cast<std::uint8_t>(TcpOptionKind::End) || kind == static_cast<std::uint8_t>(TcpOptionKind::Nop))
    return is_raw ? 2 + raw.size() : 1;
  if (is_raw) return 2 + raw.size();
  if (kind == static_cast<std::uint8_t>(TcpOptionKind::Sack)) return 2 + 8 * sack_blocks.size();
  std::size_t f = fixed_len(kind);
  return f != 0 ? f : 2;
}

TcpOptionSummary summarize(const std::vector<TcpOption>& options) {
  TcpOptionSummary s;
  for (const TcpOption& o : options) {
    if (o.is(TcpOptionKind::Mss)) s.mss = o.mss;
    if (o.is(TcpOptionKind::WindowScale)) s.window_shift = o.window_shift;
    if (o.is(TcpOptionKind::SackPermitted)) s.sack_permitted = true;
    if (o.is(TcpOptionKind::Timestamps)) {
      s.ts_val = o.ts_val;
      s.ts_ecr = o.ts_ecr;
    }
    if (o.is(TcpOptionKind::Sack)) s.sack_blocks = o.sack_blocks;
  }
  return s;
}

std::size_t TcpHeader::options_len() const {
  std::size_t n = 0;
  for (const TcpOption& o : options) n += o.wire_len();
  return (n + 3) / 4 * 4;
}

std::string flags_to_string(std::uint16_t flags) {
  static const struct { std::uint16_t bit; const char* name; } kNames[] = {  // Wireshark's order
      {tcp_flags::kFin, "FIN"}, {tcp_flags::kSyn, "SYN"}, {tcp_flags::kRst, "RST"},
      {tcp_flags::kPsh, "PSH"}, {tcp_flags::kAck, "ACK"}, {tcp_flags::kUrg, "URG"},
      {tcp_flags::kEce, "ECE"}, {tcp_flags::kCwr, "CWR"}, {tcp_flags::kAe, "AE"}};
  std::string s;
  for (const auto& n : kNames) {
    if ((flags & n.bit) == 0) continue;
    if (!s.empty()) s += ',';
    s += n.name;
  }
  return s.empty() ? "<none>" : s;
}

std::uint16_t TcpSegment::compute_checksum(ByteView segment, Ipv4Address src, Ipv4Address dst) {
  ChecksumAccumulator acc;
  add_pseudo_header(acc, src, dst, static_cast<std::uint8_t>(IpProtocol::Tcp), static_cast<std::uint16_t>(segment.size()));
  acc.add(segment);
  return acc.finish();
}

Result<TcpSegment> TcpSegment::parse(ByteView d, Ipv4Address src, Ipv4Address dst, bool verify) {
  if (d.size() < kMinHeaderLen) return make_error(ErrorKind::Truncated, "TCP header shorter than 20 bytes");
  if (d.size() > 0xffff) return make_error(ErrorKind::Malformed, "TCP segment longer than 65535 bytes");
  std::uint16_t off_flags = read_u16(d, 12);
  std::size_t hl = (off_flags >> 12) * 4u;
  if (hl < kMinHeaderLen) return make_error(ErrorKind::Malformed, "bogus TCP data offset (< 5)");
  if (hl > d.size()) return make_error(ErrorKind::Truncated, "TCP data offset beyond the segment");
  if (verify && compute_checksum(d, src, dst) != 0) return make_error(ErrorKind::BadChecksum, "TCP checksum mismatch");
  auto opts = parse_options(d.subspan(kMinHeaderLen, hl - kMinHeaderLen));
  if (!opts) return opts.error();
  TcpSegment s;
  s.src_port = read_u16(d, 0);
  s.dst_port = read_u16(d, 2);
  s.seq = read_u32(d, 4);
  s.ack = read_u32(d, 8);
  s.flags = off_flags & 0x0fff;
  s.window = read_u16(d, 14);
  s.checksum = read_u16(d, 16);
  s.urgent = read_u16(d, 18);
  s.options = std::move(opts.value());
  s.payload = d.subspan(hl);
  return s;
}

void TcpSegment::emit(MutableByteView out, Ipv4Address src, Ipv4Address dst) const {
  emit_segment(*this, payload, out, src, dst);
}

Bytes TcpSegment::to_bytes(Ipv4Address src, Ipv4Address dst) const {
  Bytes b(buffer_len());
  emit(b, src, dst);
  return b;
}

TcpSegment TcpSegmentOut::view() const {
  TcpSegment s;
  static_cast<TcpHeader&>(s) = *this;
  s.payload = payload;
  return s;
}

Bytes TcpSegmentOut::encode(Ipv4Address src, Ipv4Address dst) const {
  Bytes b(header_len() + payload.size());
  emit_segment(*this, payload, b, src, dst);
  return b;
}

}  // namespace wirelab::wire
