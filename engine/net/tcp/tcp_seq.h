// Sequence-number arithmetic modulo 2^32 (RFC 9293 §3.4, RFC 1982 serial arithmetic): every
// comparison of sequence or acknowledgment numbers in the TCP engine goes through these.
#pragma once
#include <cstdint>

namespace wirelab::net::tcp {

constexpr std::int32_t seq_diff(std::uint32_t a, std::uint32_t b) { return static_cast<std::int32_t>(a - b); }
constexpr bool seq_lt(std::uint32_t a, std::uint32_t b) { return seq_diff(a, b) < 0; }
constexpr bool seq_leq(std::uint32_t a, std::uint32_t b) { return seq_diff(a, b) <= 0; }
constexpr bool seq_gt(std::uint32_t a, std::uint32_t b) { return seq_diff(a, b) > 0; }
constexpr bool seq_geq(std::uint32_t a, std::uint32_t b) { return seq_diff(a, b) >= 0; }
// lo <= x < hi, modulo 2^32
constexpr bool seq_in(std::uint32_t x, std::uint32_t lo, std::uint32_t hi) { return seq_leq(lo, x) && seq_lt(x, hi); }
constexpr std::uint32_t seq_max(std::uint32_t a, std::uint32_t b) { return seq_gt(a, b) ? a : b; }
constexpr std::uint32_t seq_min(std::uint32_t a, std::uint32_t b) { return seq_lt(a, b) ? a : b; }

}  // namespace wirelab::net::tcp
