#include "engine/wire/dhcp.h"

#include <algorithm>

namespace wirelab::wire {

const char* to_string(DhcpMessageType t) {
  switch (t) {
    case DhcpMessageType::Discover: return "DHCPDISCOVER";
    case DhcpMessageType::Offer: return "DHCPOFFER";
    case DhcpMessageType::Request: return "DHCPREQUEST";
    case DhcpMessageType::Decline: return "DHCPDECLINE";
    case DhcpMessageType::Ack: return "DHCPACK";
    case DhcpMessageType::Nak: return "DHCPNAK";
    case DhcpMessageType::Release: return "DHCPRELEASE";
    case DhcpMessageType::Inform: return "DHCPINFORM";
  }
  return "DHCP?";
}

namespace {

// Appends the options of one field to `out`, concatenating repeated codes (RFC 3396).
// `need_end`: the options field must close with the end option; the overloaded sname/file
// fields may simply run to their end (some servers pad them with zeros).
std::optional<Error> parse_options(ByteView b, bool need_end, std::vector<DhcpOption>& out, const char* field) {
  std::size_t i = 0;
  while (i < b.size()) {
    std::uint8_t code = b[i];
    if (code == dhcp_option::kPad) { ++i; continue; }
    if (code == dhcp_option::kEnd) return std::nullopt;
    if (i + 1 >= b.size())
      return make_error(ErrorKind::Truncated, std::string("DHCP option without a length in ") + field);
    std::size_t len = b[i + 1];
    if (i + 2 + len > b.size())
      return make_error(ErrorKind::Malformed, std::string("DHCP option ") + std::to_string(code) +
                                                  " overruns the " + field + " field");
    auto data = b.subspan(i + 2, len);
    auto it = std::find_if(out.begin(), out.end(), [&](const DhcpOption& o) { return o.code == code; });
    if (it == out.end()) out.push_back(DhcpOption{code, Bytes(data.begin(), data.end())});
    else it->data.insert(it->data.end(), data.begin(), data.end());
    i += 2 + len;
  }
  if (need_end) return make_error(ErrorKind::Malformed, std::string("DHCP ") + field + " field has no end option");
  return std::nullopt;
}

std::size_t options_len(const std::vector<DhcpOption>& options) {
  std::size_t n = 0;
  for (const auto& o : options) {
    if (o.code == dhcp_option::kPad || o.code == dhcp_option::kEnd) continue;
    std::size_t chunks = o.data.empty() ? 1 : (o.data.size() + 254) / 255;
    n += 2 * chunks + o.data.size();
  }
  return n + 1;  // end
}

}  // namespace

Result<DhcpMessage> DhcpMessage::parse(ByteView b) {
  if (b.size() < kOptionsOffset)
    return make_error(ErrorKind::Truncated, "DHCP message shorter than 240 bytes");
  if (read_u32(b, kFixedLen) != kMagicCookie)
    return make_error(ErrorKind::Malformed, "DHCP magic cookie is not 99.130.83.99");
  DhcpMessage m;
  m.op = b[0];
  m.htype = b[1];
  m.hlen = b[2];
  m.hops = b[3];
  m.xid = read_u32(b, 4);
  m.secs = read_u16(b, 8);
  m.flags = read_u16(b, 10);
  m.ciaddr = {read_u32(b, 12)};
  m.yiaddr = {read_u32(b, 16)};
  m.siaddr = {read_u32(b, 20)};
  m.giaddr = {read_u32(b, 24)};
  std::copy_n(b.begin() + 28, 16, m.chaddr.begin());
  std::copy_n(b.begin() + 44, 64, m.sname.begin());
  std::copy_n(b.begin() + 108, 128, m.file.begin());
  if (auto e = parse_options(b.subspan(kOptionsOffset), true, m.options, "options")) return *e;
  // RFC 2132 §9.3: 1 = 'file' holds options, 2 = 'sname', 3 = both; 'file' is read first.
  auto it = std::find_if(m.options.begin(), m.options.end(),
                         [](const DhcpOption& o) { return o.code == dhcp_option::kOverload; });
  if (it != m.options.end()) {
    if (it->data.size() != 1 || it->data[0] < 1 || it->data[0] > 3)
      return make_error(ErrorKind::Malformed, "DHCP option overload value is not 1, 2 or 3");
    std::uint8_t overload = it->data[0];
    m.options.erase(it);
    if (overload & 1) {
      if (auto e = parse_options(ByteView(m.file.data(), m.file.size()), false, m.options, "file")) return *e;
      m.file.fill(0);
    }
    if (overload & 2) {
      if (auto e = parse_options(ByteView(m.sname.data(), m.sname.size()), false, m.options, "sname")) return *e;
      m.sname.fill(0);
    }
  }
  return m;
}

std::size_t DhcpMessage::buffer_len() const {
  return std::max(kMinLen, kOptionsOffset + options_len(options));
}

void DhcpMessage::emit(MutableByteView out) const {
  std::size_t len = buffer_len();
  std::fill(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(len), std::uint8_t{0});
  out[0] = op;
  out[1] = htype;
  out[2] = hlen;
  out[3] = hops;
  write_u32(out, 4, xid);
  write_u16(out, 8, secs);
  write_u16(out, 10, flags);
  write_u32(out, 12, ciaddr.value);
  write_u32(out, 16, yiaddr.value);
  write_u32(out, 20, siaddr.value);
  write_u32(out, 24, giaddr.value);
  std::copy(chaddr.begin(), chaddr.end(), out.begin() + 28);
  std::copy(sname.begin(), sname.end(), out.begin() + 44);
  std::copy(file.begin(), file.end(), out.begin() + 108);
  write_u32(out, kFixedLen, kMagicCookie);
  std::size_t at = kOptionsOffset;
  for (const auto& o : options) {
    if (o.code == dhcp_option::kPad || o.code == dhcp_option::kEnd) continue;
    std::size_t done = 0;
    do {  // RFC 3396: a long option is split into consecutive instances
      std::size_t n = std::min<std::size_t>(255, o.data.size() - done);
      out[at++] = o.code;
      out[at++] = static_cast<std::uint8_t>(n);
      std::copy_n(o.data.begin() + static_cast<std::ptrdiff_t>(done), n, out.begin() + static_cast<std::ptrdiff_t>(at));
      at += n;
      done += n;
    } while (done < o.data.size());
  }
  out[at] = dhcp_option::kEnd;  // the rest is already zero (pad)
}

Bytes DhcpMessage::to_bytes() const {
  Bytes b(buffer_len());
  emit(b);
  return b;
}

void DhcpMessage::set_client_mac(const MacAddress& m) {
  chaddr.fill(0);
  std::copy(m.octets.begin(), m.octets.end(), chaddr.begin());
  htype = 1;
  hlen = 6;
}

const DhcpOption* DhcpMessage::find(std::uint8_t code) const {
  for (const auto& o : options)
    if (o.code == code) return &o;
  return nullptr;
}

void DhcpMessage::set_option(std::uint8_t code, Bytes data) {
  for (auto& o : options)
    if (o.code == code) { o.data = std::move(data); return; }
  options.push_back(DhcpOption{code, std::move(data)});
}

void DhcpMessage::remove_option(std::uint8_t code) {
  options.erase(std::remove_if(options.begin(), options.end(), [&](const DhcpOption& o) { return o.code == code; }),
                options.end());
}

std::optional<DhcpMessageType> DhcpMessage::message_type() const {
  const auto* o = find(dhcp_option::kMessageType);
  if (!o || o->data.size() != 1) return std::nullopt;
  return static_cast<DhcpMessageType>(o->data[0]);
}

std::optional<Ipv4Address> DhcpMessage::address_option(std::uint8_t code) const {
  const auto* o = find(code);
  if (!o || o->data.size() != 4) return std::nullopt;
  return Ipv4Address{read_u32(o->data, 0)};
}

std::vector<Ipv4Address> DhcpMessage::address_list_option(std::uint8_t code) const {
  std::vector<Ipv4Address> list;
  const auto* o = find(code);
  if (!o || o->data.size() % 4 != 0) return list;
  for (std::size_t i = 0; i < o->data.size(); i += 4) list.push_back(Ipv4Address{read_u32(o->data, i)});
  return list;
}

std::optional<std::uint32_t> DhcpMessage::u32_option(std::uint8_t code) const {
  const auto* o = find(code);
  if (!o || o->data.size() != 4) return std::nullopt;
  return read_u32(o->data, 0);
}

std::optional<std::string> DhcpMessage::string_option(std::uint8_t code) const {
  const auto* o = find(code);
  if (!o) return std::nullopt;
  std::string s(o->data.begin(), o->data.end());
  while (!s.empty() && s.back() == '\0') s.pop_back();  // some clients NUL-terminate
  return s;
}

Bytes DhcpMessage::parameter_request_list() const {
  const auto* o = find(dhcp_option::kParameterRequestList);
  return o ? o->data : Bytes{};
}

std::optional<Bytes> DhcpMessage::client_id() const {
  const auto* o = find(dhcp_option::kClientId);
  if (!o) return std::nullopt;
  return o->data;
}

void DhcpMessage::set_address_option(std::uint8_t code, Ipv4Address a) {
  Bytes d;
  append_u32(d, a.value);
  set_option(code, std::move(d));
}

void DhcpMessage::set_address_list_option(std::uint8_t code, const std::vector<Ipv4Address>& list) {
  Bytes d;
  for (auto a : list) append_u32(d, a.value);
  set_option(code, std::move(d));
}

void DhcpMessage::set_u32_option(std::uint8_t code, std::uint32_t v) {
  Bytes d;
  append_u32(d, v);
  set_option(code, std::move(d));
}

void DhcpMessage::set_string_option(std::uint8_t code, const std::string& s) {
  set_option(code, Bytes(s.begin(), s.end()));
}

}  // namespace wirelab::wire
