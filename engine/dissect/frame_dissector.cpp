// "frame": the top layer Wireshark adds to every packet (interface, times, lengths,
// frame.protocols), then hands the bytes to the link-layer table ("wtap_encap" 1 = Ethernet).
#include <cstdio>

#include "engine/dissect/builtin_dissectors.h"
#include "engine/dissect/packet_context.h"

namespace wirelab::dissect {
namespace {

std::string seconds9(std::int64_t ns) { return FieldValue::rel_time(ns).to_display(); }

// "Nov 14, 2023 22:13:20.000000000 UTC" (days-from-civil inverse, H. Hinnant's algorithm).
std::string arrival_time(std::int64_t epoch_ns) {
  std::int64_t secs = epoch_ns / 1000000000, ns = epoch_ns % 1000000000;
  if (ns < 0) { ns += 1000000000; --secs; }
  std::int64_t days = secs / 86400, sod = secs % 86400;
  if (sod < 0) { sod += 86400; --days; }
  std::int64_t z = days + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
  std::int64_t doe = z - era * 146097, yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
  std::int64_t d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9, y = yoe + era * 400 + (m <= 2);
  static const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char buf[80];
  std::snprintf(buf, sizeof buf, "%s %2lld, %lld %02lld:%02lld:%02lld.%09lld UTC", kMonths[m - 1],
                static_cast<long long>(d), static_cast<long long>(y), static_cast<long long>(sod / 3600),
                static_cast<long long>(sod / 60 % 60), static_cast<long long>(sod % 60), static_cast<long long>(ns));
  return buf;
}

std::string bytes_bits(std::size_t n) {
  return std::to_string(n) + " bytes (" + std::to_string(n * 8) + " bits)";
}

// "74 bytes on wire (592 bits)"
std::string on_wire(std::size_t n, const char* what) {
  return std::to_string(n) + " bytes " + what + " (" + std::to_string(n * 8) + " bits)";
}

std::size_t dissect_frame(Tvb tvb, PacketContext& ctx, std::vector<ProtoNode>& level) {
  const FrameMeta& m = ctx.meta();
  std::size_t len = tvb.size();
  ProtoNode f = make_field("frame",
                           "Frame " + std::to_string(m.number) + ": " + on_wire(len, "on wire") + ", " +
                               on_wire(len, "captured") + " on interface " + m.interface_name + ", id " +
                               std::to_string(m.interface_id),
                           FieldValue::protocol(), 0, len);
  ProtoNode& id = f.add(make_field("frame.interface_id",
                                   "Interface id: " + std::to_string(m.interface_id) + " (" + m.interface_name + ")",
                                   FieldValue::uint(m.interface_id), 0, 0));
  id.add(make_field("frame.interface_name", "Interface name: " + m.interface_name,
                    FieldValue::string(m.interface_name), 0, 0));
  if (!m.interface_description.empty())
    id.add(make_field("frame.interface_description", "Interface description: " + m.interface_description,
                      FieldValue::string(m.interface_description), 0, 0));
  f.add(make_field("frame.encap_type", "Encapsulation type: Ethernet (1)", FieldValue::sint(1), 0, 0));
  f.add(make_field("frame.time", "Arrival Time: " + arrival_time(m.epoch_ns), FieldValue::rel_time(m.epoch_ns), 0, 0));
  f.add(make_field("frame.time_epoch", "Epoch Time: " + seconds9(m.epoch_ns) + " seconds",
                   FieldValue::rel_time(m.epoch_ns), 0, 0));
  f.add(make_generated("frame.time_delta",
                       "Time delta from previous captured frame: " + seconds9(m.time_delta) + " seconds",
                       FieldValue::rel_time(m.time_delta), 0, 0));
  f.add(make_generated("frame.time_relative",
                       "Time since reference or first frame: " + seconds9(m.time_relative) + " seconds",
                       FieldValue::rel_time(m.time_relative), 0, 0));
  f.add(make_field("frame.number", "Frame Number: " + std::to_string(m.number), FieldValue::uint(m.number), 0, 0));
  f.add(make_field("frame.len", "Frame Length: " + bytes_bits(len), FieldValue::uint(len), 0, 0));
  f.add(make_field("frame.cap_len", "Capture Length: " + bytes_bits(len), FieldValue::uint(len), 0, 0));
  level.push_back(std::move(f));
  std::size_t frame_index = level.size() - 1;

  ctx.set_protocol("Frame");
  if (!ctx.try_table("wtap_encap", 1, tvb, level)) ctx.call_data(tvb, level);

  // frame.protocols is known only once every layer has run.
  const std::string& protos = ctx.out().protocols;
  level[frame_index].add(make_generated("frame.protocols", "Protocols in frame: " + protos,
                                        FieldValue::string(protos), 0, 0));
  return len;
}

}  // namespace

void register_frame(DissectorRegistry& r) {
  r.add_protocol({"frame", "Frame", "Frame"},
                 {{"frame.interface_id", "Interface id", FieldType::UInt},
                  {"frame.interface_name", "Interface name", FieldType::String},
                  {"frame.interface_description", "Interface description", FieldType::String},
                  {"frame.encap_type", "Encapsulation type", FieldType::Int},
                  {"frame.time", "Arrival Time", FieldType::RelTime},
                  {"frame.time_epoch", "Epoch Time", FieldType::RelTime},
                  {"frame.time_delta", "Time delta from previous captured frame", FieldType::RelTime},
                  {"frame.time_relative", "Time since reference or first frame", FieldType::RelTime},
                  {"frame.number", "Frame Number", FieldType::UInt},
                  {"frame.len", "Frame length on the wire", FieldType::UInt},
                  {"frame.cap_len", "Frame length stored into the capture file", FieldType::UInt},
                  {"frame.protocols", "Protocols in frame", FieldType::String}});
  r.add_named("frame", dissect_frame);
}

}  // namespace wirelab::dissect
