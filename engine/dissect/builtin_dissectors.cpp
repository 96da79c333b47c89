#include "engine/dissect/builtin_dissectors.h"

namespace wirelab::dissect {

void register_expert_fields(DissectorRegistry& r) {
  r.add_protocol({"_ws.malformed", "Malformed", "Malformed Packet"}, {});
  r.add_protocol({"_ws.expert", "Expert", "Expert Info"},
                 {{"_ws.expert.message", "Message", FieldType::String},
                  {"_ws.expert.severity", "Severity level", FieldType::UInt},
                  {"_ws.expert.group", "Group", FieldType::String}});
}

const DissectorRegistry& DissectorRegistry::builtin() {
  static const DissectorRegistry registry = [] {
    using RegisterFn = void (*)(DissectorRegistry&);
    static constexpr RegisterFn kProtocols[] = {
        register_expert_fields, register_frame, register_ethernet, register_arp, register_ipv4,
        register_icmp, register_udp, register_tcp,
        register_echo, register_discard, register_daytime, register_chargen, register_time, register_finger,
        register_data,
    };
    DissectorRegistry r;
    for (RegisterFn fn : kProtocols) fn(r);
    return r;
  }();
  return registry;
}

}  // namespace wirelab::dissect
