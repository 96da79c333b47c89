#include "engine/dissect/capture_file_reader.h"

#include <algorithm>

namespace wirelab::dissect {
namespace {

constexpr std::uint32_t kMaxFrame = 262144;

struct Reader {
  ByteView b;
  bool big_endian = false;
  std::uint16_t u16(std::size_t at) const {
    return big_endian ? read_u16(b, at) : static_cast<std::uint16_t>(b[at] | (b[at + 1] << 8));
  }
  std::uint32_t u32(std::size_t at) const {
    return big_endian ? read_u32(b, at)
                      : (std::uint32_t{b[at]} | std::uint32_t{b[at + 1]} << 8 | std::uint32_t{b[at + 2]} << 16 |
                         std::uint32_t{b[at + 3]} << 24);
  }
};

Error bad(std::string reason) { return make_error(ErrorKind::Malformed, std::move(reason)); }

struct RawFrame {
  std::uint64_t ts_ns;
  std::uint32_t iface;
  ByteView bytes;
};

capture::CaptureLog build(std::vector<capture::CaptureInterface> ifaces, const std::vector<RawFrame>& frames) {
  std::size_t total = 0;
  for (const auto& f : frames) total += f.bytes.size();
  capture::CaptureLog log(total + 1);
  for (auto& i : ifaces) log.add_interface(std::move(i));
  std::int64_t epoch = frames.empty() ? 0 : static_cast<std::int64_t>(frames.front().ts_ns);
  log.epoch_ns = epoch;
  for (const auto& f : frames)
    log.record(static_cast<std::int64_t>(f.ts_ns) - epoch, f.iface, capture::Direction::AtoB, f.bytes);
  return log;
}

Result<capture::CaptureLog> read_pcap(ByteView file) {
  if (file.size() < 24) return bad("pcap file shorter than its 24-byte header");
  Reader r{file};
  std::uint32_t magic_le = r.u32(0);
  bool nanos;
  if (magic_le == 0xa1b2c3d4 || magic_le == 0xa1b23c4d) {
    nanos = magic_le == 0xa1b23c4d;
  } else {
    r.big_endian = true;
    nanos = r.u32(0) == 0xa1b23c4d;
  }
  if (r.u32(20) != 1) return make_error(ErrorKind::Unsupported, "pcap link type " + std::to_string(r.u32(20)) + " is not Ethernet (1)");
  std::vector<RawFrame> frames;
  std::size_t at = 24;
  while (at < file.size()) {
    if (file.size() - at < 16) return bad("pcap record header truncated at offset " + std::to_string(at));
    std::uint64_t sec = r.u32(at), frac = r.u32(at + 4);
    std::uint32_t caplen = r.u32(at + 8);
    if (caplen > kMaxFrame) return bad("pcap record at offset " + std::to_string(at) + " claims " + std::to_string(caplen) + " bytes");
    if (file.size() - at - 16 < caplen) return bad("pcap record at offset " + std::to_string(at) + " truncated");
    frames.push_back({sec * 1000000000u + (nanos ? frac : frac * 1000u), 0, file.subspan(at + 16, caplen)});
    at += 16 + caplen;
  }
  return build({{"eth0", "", 1500}}, frames);
}

// Timestamp units -> nanoseconds for if_tsresol (RFC: high bit = power of 2, else power of 10).
std::uint64_t to_ns(std::uint64_t ts, std::uint8_t tsresol) {
  if (tsresol & 0x80) {
    unsigned p = tsresol & 0x7f;
    if (p >= 64) return 0;
    std::uint64_t whole = ts >> p, frac = ts & ((std::uint64_t{1} << p) - 1);
    // frac * 1e9 may overflow for large p: scale down first.
    unsigned shift = p > 30 ? p - 30 : 0;
    return whole * 1000000000u + (((frac >> shift) * 1000000000u) >> (p - shift));
  }
  unsigned p = tsresol;
  if (p <= 9) {
    std::uint64_t mul = 1;
    for (unsigned i = p; i < 9; ++i) mul *= 10;
    return ts * mul;
  }
  for (unsigned i = 9; i < p && i < 30; ++i) ts /= 10;
  return ts;
}

Result<capture::CaptureLog> read_pcapng(ByteView file) {
  Reader r{file};
  std::vector<capture::CaptureInterface> ifaces;
  std::vector<std::uint8_t> tsresol;
  std::vector<RawFrame> frames;
  std::size_t at = 0;
  bool saw_shb = false;
  std::size_t base = 0;  // interface ids restart in each section
  while (at < file.size()) {
    if (file.size() - at < 12) return bad("pcapng block header truncated at offset " + std::to_string(at));
    std::uint32_t type = r.u32(at);  // the SHB type is a palindrome: readable before the byte order is known
    if (type == 0x0A0D0D0A) {
      std::uint32_t bom = read_u32(file, at + 8);
      if (bom == 0x1A2B3C4D) r.big_endian = true;
      else if (bom == 0x4D3C2B1A) r.big_endian = false;
      else return bad("pcapng section header with a bad byte-order magic");
      saw_shb = true;
      base = ifaces.size();
    } else if (!saw_shb) {
      return bad("pcapng file does not start with a section header block");
    }
    std::uint32_t len = r.u32(at + 4);
    if (len < 12 || len % 4 || len > file.size() - at)
      return bad("pcapng block at offset " + std::to_string(at) + " has a bad length " + std::to_string(len));
    ByteView body = file.subspan(at + 8, len - 12);
    Reader br{body, r.big_endian};
    if (type == 1) {  // Interface Description Block
      if (body.size() < 8) return bad("pcapng interface description block too short");
      if (br.u16(0) != 1)
        return make_error(ErrorKind::Unsupported, "pcapng interface link type " + std::to_string(br.u16(0)) + " is not Ethernet (1)");
      capture::CaptureInterface iface{"if" + std::to_string(ifaces.size()), "", 1500};
      std::uint8_t res = 6;
      std::size_t o = 8;
      while (o + 4 <= body.size()) {
        std::uint16_t code = br.u16(o), olen = br.u16(o + 2);
        if (code == 0) break;
        if (o + 4 + olen > body.size()) return bad("pcapng option overruns its block");
        ByteView v = body.subspan(o + 4, olen);
        if (code == 2) iface.name.assign(v.begin(), v.end());
        if (code == 3) iface.description.assign(v.begin(), v.end());
        if (code == 9 && olen >= 1) res = v[0];
        o += 4 + ((olen + 3u) & ~3u);
      }
      ifaces.push_back(std::move(iface));
      tsresol.push_back(res);
    } else if (type == 6) {  // Enhanced Packet Block
      if (body.size() < 20) return bad("pcapng enhanced packet block too short");
      std::size_t iface = base + br.u32(0);
      std::uint32_t caplen = br.u32(12);
      if (iface >= ifaces.size()) return bad("pcapng packet names an undefined interface " + std::to_string(iface - base));
      if (caplen > kMaxFrame || caplen > body.size() - 20) return bad("pcapng packet at offset " + std::to_string(at) + " truncated");
      std::uint64_t ts = (std::uint64_t{br.u32(4)} << 32) | br.u32(8);
      frames.push_back({to_ns(ts, tsresol[iface]), static_cast<std::uint32_t>(iface), body.subspan(20, caplen)});
    } else if (type == 3) {  // Simple Packet Block: interface 0, no timestamp
      if (body.size() < 4 || base >= ifaces.size()) return bad("pcapng simple packet block without an interface");
      std::uint32_t caplen = std::min<std::uint32_t>(br.u32(0), static_cast<std::uint32_t>(body.size() - 4));
      frames.push_back({frames.empty() ? 0 : frames.back().ts_ns, static_cast<std::uint32_t>(base), body.subspan(4, caplen)});
    }
    at += len;
  }
  return build(std::move(ifaces), frames);
}

}  // namespace

Result<capture::CaptureLog> read_pcap_or_pcapng(ByteView file) {
  if (file.size() < 4) return make_error(ErrorKind::Truncated, "file too short to be a capture");
  std::uint32_t be = read_u32(file, 0);
  std::uint32_t le = (be >> 24) | ((be >> 8) & 0xff00) | ((be << 8) & 0xff0000) | (be << 24);
  if (be == 0x0A0D0D0A) return read_pcapng(file);
  for (std::uint32_t m : {0xa1b2c3d4u, 0xa1b23c4du})
    if (be == m || le == m) return read_pcap(file);
  return make_error(ErrorKind::Unsupported, "not a pcap or pcapng file (unknown magic number)");
}

}  // namespace wirelab::dissect
