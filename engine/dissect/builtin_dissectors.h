// The built-in protocols. Each registers its fields and its dissectors into a registry; the
// list in builtin_dissectors.cpp is the only place that names them all (adding a protocol =
// one file with a register function + one line there).
#pragma once
#include "engine/dissect/dissector_registry.h"

namespace wirelab::dissect {

void register_frame(DissectorRegistry& r);     // "frame": the entry point, frame.*
void register_ethernet(DissectorRegistry& r);  // wtap_encap 1 -> eth, eth.type table
void register_arp(DissectorRegistry& r);       // eth.type 0x0806
void register_ipv4(DissectorRegistry& r);      // eth.type 0x0800, "ip", ip.proto table
void register_icmp(DissectorRegistry& r);      // ip.proto 1
void register_udp(DissectorRegistry& r);       // ip.proto 17, udp.port table
void register_tcp(DissectorRegistry& r);       // ip.proto 6, tcp.port and tcp.port.fin tables
void register_echo(DissectorRegistry& r);      // tcp/udp 7 (RFC 862)
void register_discard(DissectorRegistry& r);   // tcp/udp 9 (RFC 863)
void register_daytime(DissectorRegistry& r);   // tcp/udp 13 (RFC 867)
void register_chargen(DissectorRegistry& r);   // tcp/udp 19 (RFC 864)
void register_time(DissectorRegistry& r);      // tcp/udp 37 (RFC 868)
void register_finger(DissectorRegistry& r);    // tcp 79 (RFC 1288), response read until the FIN
void register_data(DissectorRegistry& r);      // "data": whatever nobody claims
void register_expert_fields(DissectorRegistry& r);  // _ws.malformed, _ws.expert...

}  // namespace wirelab::dissect
