// The "trivial" text services, as Wireshark shows them: Echo (RFC 862, port 7), Discard
// (RFC 863, port 9; Wireshark 4.2's dissector, tshark 4.0 shows Data), Daytime (RFC 867, 13),
// Character Generator (RFC 864, 19) and Time (RFC 868, 37), over TCP and UDP. A request is what
// goes to the well-known port; the reply comes from it.
#include <cstdio>

#include "engine/dissect/builtin_dissectors.h"
#include "engine/dissect/label_format.h"
#include "engine/dissect/packet_context.h"

namespace wirelab::dissect {
namespace {

std::string as_text(ByteView b) { return std::string(b.begin(), b.end()); }

std::size_t dissect_echo(Tvb tvb, PacketContext& ctx, std::vector<ProtoNode>& level) {
  ctx.add_layer("echo");
  ctx.set_protocol("ECHO");
  bool request = ctx.ports.dst == 7;
  ctx.set_info(request ? "Request" : "Response");
  ProtoNode n = make_field("echo", "Echo", FieldValue::protocol(), tvb.offset, tvb.size());
  n.add(make_field("echo.data", "Echo data: " + to_hex(tvb.data, 0), FieldValue::bytes_of(tvb.data), tvb.offset, tvb.size()));
  n.add(make_hidden(request ? "echo.request" : "echo.response", FieldValue::boolean(true), tvb.offset, tvb.size()));
  level.push_back(std::move(n));
  return tvb.size();
}

std::size_t dissect_discard(Tvb tvb, PacketContext& ctx, std::vector<ProtoNode>& level) {
  ctx.add_layer("discard");
  ctx.set_protocol("DISCARD");
  ctx.set_info("Discard");
  ProtoNode n = make_field("discard", "Discard Protocol", FieldValue::protocol(), tvb.offset, tvb.size());
  n.add(make_field("discard.data", "Data: " + hex_preview(tvb.data), FieldValue::bytes_of(tvb.data), tvb.offset, tvb.size()));
  n.add(make_generated("discard.len", "Reported Length: " + std::to_string(tvb.size()), FieldValue::uint(tvb.size()),
                       tvb.offset, 0));
  level.push_back(std::move(n));
  return tvb.size();
}

std::size_t dissect_daytime(Tvb tvb, PacketContext& ctx, std::vector<ProtoNode>& level) {
  ctx.add_layer("daytime");
  ctx.set_protocol("DAYTIME");
  bool response = ctx.ports.src == 13;
  ctx.set_info(std::string("DAYTIME ") + (response ? "Response" : "Request"));
  ProtoNode n = make_field("daytime", "Daytime Protocol", FieldValue::protocol(), tvb.offset, tvb.size());
  n.add(make_field("daytime.response_request", std::string("Type: ") + (response ? "Response" : "Request"),
                   FieldValue::boolean(response), tvb.offset, 0));
  if (response)
    n.add(make_field("daytime.string", "Daytime: " + format_text_escaped(tvb.data), FieldValue::string(as_text(tvb.data)),
                     tvb.offset, tvb.size()));
  level.push_back(std::move(n));
  return tvb.size();
}

std::size_t dissect_chargen(Tvb tvb, PacketContext& ctx, std::vector<ProtoNode>& level) {
  ctx.add_layer("chargen");
  ctx.set_protocol("Chargen");
  ctx.set_info("Chargen");
  ProtoNode n = make_field("chargen", "Character Generator Protocol", FieldValue::protocol(), tvb.offset, tvb.size());
  // Wireshark 4.0 stores the string "Data" as the value and shows the text in the label.
  n.add(make_field("chargen.data", "Data (" + std::to_string(tvb.size()) + "): " + format_text_escaped(tvb.data),
                   FieldValue::string("Data"), tvb.offset, tvb.size()));
  level.push_back(std::move(n));
  return tvb.size();
}

// "Nov 21, 2023 16:42:40 UTC" for seconds since 1900 (RFC 868).
std::string time_text(std::uint32_t since_1900) {
  std::int64_t t = static_cast<std::int64_t>(since_1900) - 2208988800LL;
  std::int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
  std::int64_t secs = t - days * 86400;
  // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
  std::int64_t z = days + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
  std::int64_t doe = z - era * 146097, yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  std::int64_t y = yoe + era * 400, doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
  std::int64_t d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9;
  if (m <= 2) ++y;
  static const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s %2d, %lld %02d:%02d:%02d UTC", kMonths[m - 1], static_cast<int>(d),
                static_cast<long long>(y), static_cast<int>(secs / 3600), static_cast<int>(secs / 60 % 60),
                static_cast<int>(secs % 60));
  return buf;
}

std::size_t dissect_time(Tvb tvb, PacketContext& ctx, std::vector<ProtoNode>& level) {
  ctx.add_layer("time");
  ctx.set_protocol("TIME");
  bool response = ctx.ports.src == 37;
  ctx.set_info(std::string("TIME ") + (response ? "Response" : "Request"));
  ProtoNode n = make_field("time", "Time Protocol", FieldValue::protocol(), tvb.offset, tvb.size());
  n.add(make_field("time.response", std::string("Type: ") + (response ? "Response" : "Request"),
                   FieldValue::boolean(response), tvb.offset, 0));
  if (response && tvb.size() >= 4) {
    std::uint32_t v = read_u32(tvb.data, 0);
    n.add(make_field("time.time", time_text(v), FieldValue::uint(v), tvb.offset, 4));
  }
  level.push_back(std::move(n));
  return tvb.size();
}

void both(DissectorRegistry& r, std::uint32_t port, DissectFn fn) {
  r.add_dissector("tcp.port", port, fn);
  r.add_dissector("udp.port", port, fn);
}

}  // namespace

void register_echo(DissectorRegistry& r) {
  r.add_protocol({"echo", "ECHO", "Echo"}, {{"echo.data", "Echo data", FieldType::Bytes},
                                           {"echo.request", "Echo request", FieldType::Bool},
                                           {"echo.response", "Echo response", FieldType::Bool}});
  both(r, 7, dissect_echo);
}

void register_discard(DissectorRegistry& r) {
  r.add_protocol({"discard", "DISCARD", "Discard Protocol"},
                 {{"discard.data", "Data", FieldType::Bytes}, {"discard.len", "Reported Length", FieldType::UInt}});
  both(r, 9, dissect_discard);
}

void register_daytime(DissectorRegistry& r) {
  r.add_protocol({"daytime", "DAYTIME", "Daytime Protocol"},
                 {{"daytime.string", "Daytime", FieldType::String},
                  {"daytime.response_request", "Type", FieldType::Bool}});
  both(r, 13, dissect_daytime);
}

void register_chargen(DissectorRegistry& r) {
  r.add_protocol({"chargen", "Chargen", "Character Generator Protocol"}, {{"chargen.data", "Data", FieldType::String}});
  both(r, 19, dissect_chargen);
}

void register_time(DissectorRegistry& r) {
  r.add_protocol({"time", "TIME", "Time Protocol"},
                 {{"time.time", "Time", FieldType::UInt}, {"time.response", "Type", FieldType::Bool}});
  both(r, 37, dissect_time);
}

}  // namespace wirelab::dissect
