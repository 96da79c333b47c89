// The "trivial" Internet services, each as a StreamSession (TCP) and a datagram handler (UDP):
// Echo (RFC 862, port 7), Discard (RFC 863, 9), Chargen (RFC 864, 19), Daytime (RFC 867, 13),
// Time (RFC 868, 37). Time comes from the lab's virtual clock plus the scenario's start date.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "engine/apps/stream_session.h"
#include "engine/base/rng.h"

namespace wirelab::apps {

// "Sun Nov 22 02:00:00 2026" (ctime(3) without the newline), as BSD inetd's daytime sends it.
std::string ctime_text(std::int64_t unix_ns);
// RFC 868: seconds since 1900-01-01 00:00 UTC, modulo 2^32.
std::uint32_t rfc868_time(std::int64_t unix_ns);
// RFC 864's pattern: 72 printable characters starting at `line` (mod 95), then CR LF.
std::string chargen_line(std::size_t line);

std::unique_ptr<StreamSession> make_echo_session();
std::unique_ptr<StreamSession> make_discard_session();
std::unique_ptr<StreamSession> make_chargen_session();
std::unique_ptr<StreamSession> make_daytime_session(std::int64_t epoch_ns);
std::unique_ptr<StreamSession> make_time_session(std::int64_t epoch_ns);

// Datagram replies (nullopt = no reply).
std::optional<Bytes> echo_datagram(ByteView in);
std::optional<Bytes> daytime_datagram(std::int64_t unix_ns);
std::optional<Bytes> time_datagram(std::int64_t unix_ns);
std::optional<Bytes> chargen_datagram(Rng& rng);  // 0..512 characters, RFC 864

}  // namespace wirelab::apps
