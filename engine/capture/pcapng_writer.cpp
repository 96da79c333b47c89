#include "engine/capture/pcapng_writer.h"

#include "engine/capture/pcap_writer.h"

namespace wirelab::capture {
namespace {

void pad4(Bytes& out) {
  while (out.size() % 4) out.push_back(0);
}

// Appends one option (code, length, value padded to 32 bits).
void put_option(Bytes& body, std::uint16_t code, ByteView value) {
  append_le16(body, code);
  append_le16(body, static_cast<std::uint16_t>(value.size()));
  append(body, value);
  pad4(body);
}
void put_string_option(Bytes& body, std::uint16_t code, const std::string& s) {
  // An option holds at most 65535 bytes; longer strings are cut (names are short in practice).
  std::size_t n = s.size() < 0xfff0 ? s.size() : 0xfff0;
  put_option(body, code, ByteView(reinterpret_cast<const std::uint8_t*>(s.data()), n));
}
void end_options(Bytes& body) { append_le32(body, 0); }  // opt_endofopt

// Wraps a block body (already 32-bit aligned) with its type and both length fields.
void put_block(Bytes& out, std::uint32_t type, const Bytes& body) {
  auto total = static_cast<std::uint32_t>(body.size() + 12);
  append_le32(out, type);
  append_le32(out, total);
  append(out, body);
  append_le32(out, total);
}

}  // namespace

Bytes write_pcapng(const CaptureLog& log, const std::vector<std::size_t>* only_frames,
                   const std::string& tls_keylog) {
  Bytes out;
  Bytes body;
  // Section Header Block.
  append_le32(body, kPcapngByteOrderMagic);
  append_le16(body, 1);
  append_le16(body, 0);
  append_le32(body, 0xffffffffu);  // section length: unknown
  append_le32(body, 0xffffffffu);
  put_string_option(body, 4, "Wirelab");  // shb_userappl
  end_options(body);
  put_block(out, kPcapngSectionHeader, body);

  // Interface Description Blocks: one per interface, and placeholders for any frame that
  // names an interface the log does not describe (so every EPB refers to a valid IDB).
  const auto& frames = log.frames();
  std::size_t n_ifaces = log.interfaces().size();
  for (const auto& f : frames) n_ifaces = f.interface + 1u > n_ifaces ? f.interface + 1u : n_ifaces;
  for (std::size_t i = 0; i < n_ifaces; ++i) {
    body.clear();
    append_le16(body, static_cast<std::uint16_t>(kLinktypeEthernet));
    append_le16(body, 0);
    append_le32(body, kPcapSnaplen);
    if (i < log.interfaces().size()) {
      const auto& iface = log.interfaces()[i];
      if (!iface.name.empty()) put_string_option(body, 2, iface.name);
      if (!iface.description.empty()) put_string_option(body, 3, iface.description);
    } else {
      put_string_option(body, 2, "if" + std::to_string(i));
    }
    const std::uint8_t tsresol = 9;
    put_option(body, 9, ByteView(&tsresol, 1));
    end_options(body);
    put_block(out, kPcapngInterfaceDescription, body);
  }

  if (!tls_keylog.empty()) {
    body.clear();
    append_le32(body, kSecretsTypeTlsKeyLog);
    append_le32(body, static_cast<std::uint32_t>(tls_keylog.size()));
    body.insert(body.end(), tls_keylog.begin(), tls_keylog.end());
    pad4(body);
    put_block(out, kPcapngDecryptionSecrets, body);
  }

  std::size_t n = only_frames ? only_frames->size() : frames.size();
  for (std::size_t k = 0; k < n; ++k) {
    std::size_t i = only_frames ? (*only_frames)[k] : k;
    if (i >= frames.size()) continue;
    const CapturedFrame& f = frames[i];
    std::int64_t t = log.epoch_ns + f.time;
    std::uint64_t ts = t < 0 ? 0 : static_cast<std::uint64_t>(t);
    std::size_t caplen = f.bytes.size() < kPcapSnaplen ? f.bytes.size() : kPcapSnaplen;
    body.clear();
    append_le32(body, f.interface);
    append_le32(body, static_cast<std::uint32_t>(ts >> 32));
    append_le32(body, static_cast<std::uint32_t>(ts));
    append_le32(body, static_cast<std::uint32_t>(caplen));
    append_le32(body, static_cast<std::uint32_t>(f.bytes.size()));
    body.insert(body.end(), f.bytes.begin(), f.bytes.begin() + static_cast<std::ptrdiff_t>(caplen));
    pad4(body);
    end_options(body);
    put_block(out, kPcapngEnhancedPacket, body);
  }
  return out;
}

}  // namespace wirelab::capture
