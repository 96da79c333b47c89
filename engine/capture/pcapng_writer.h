// pcapng files (draft-ietf-opsawg-pcapng): one Section Header Block, one Interface Description
// Block per capture interface (if_name, if_description, if_tsresol = 9 i.e. nanoseconds), an
// optional Decryption Secrets Block carrying a TLS key log (secrets type 'TLSK', §4.7) placed
// before the first packet so Wireshark can decrypt TLS, then one Enhanced Packet Block per frame.
// Little-endian throughout.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "engine/base/bytes.h"
#include "engine/capture/capture_log.h"

namespace wirelab::capture {

inline constexpr std::uint32_t kPcapngSectionHeader = 0x0A0D0D0A;
inline constexpr std::uint32_t kPcapngInterfaceDescription = 0x00000001;
inline constexpr std::uint32_t kPcapngSimplePacket = 0x00000003;
inline constexpr std::uint32_t kPcapngEnhancedPacket = 0x00000006;
inline constexpr std::uint32_t kPcapngDecryptionSecrets = 0x0000000A;
inline constexpr std::uint32_t kPcapngByteOrderMagic = 0x1A2B3C4D;
inline constexpr std::uint32_t kSecretsTypeTlsKeyLog = 0x544c534b;  // "TLSK"

// The whole file. only_frames selects a subset as in write_pcap; tls_keylog (NSS key log
// format lines) is embedded in a Decryption Secrets Block when non-empty.
Bytes write_pcapng(const CaptureLog& log, const std::vector<std::size_t>* only_frames = nullptr,
                   const std::string& tls_keylog = "");

}  // namespace wirelab::capture
