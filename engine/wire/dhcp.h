// BOOTP/DHCP messages: the fixed RFC 2131 §2 format (Figure 1, Table 1) followed by the RFC 2131
// §3 magic cookie 99.130.83.99 and RFC 2132 options. Every option is kept as code + raw bytes
// (unknown codes survive a round trip); typed accessors/builders cover the options a lab uses:
// 1 subnet mask, 3 routers, 6 DNS servers, 12 host name, 15 domain name, 50 requested IP,
// 51 lease time, 53 message type, 54 server identifier, 55 parameter request list, 58 T1,
// 59 T2, 61 client identifier; 82 relay agent information (RFC 3046) stays raw.
//
// Parse normalises: options repeated in the packet are concatenated (RFC 3396); option 52
// (RFC 2132 §9.3, overload) is understood: the options carried in 'file' then 'sname' join the
// list, those fields are cleared and option 52 itself is dropped, so emit writes every option
// into the options field. Emit splits an option longer than 255 bytes (RFC 3396), ends with the
// end option and pads to the 300-byte BOOTP minimum (RFC 1542 §2.1) as real clients do.
// Malformed input (truncated, bad cookie, an option overrunning its field, no end option)
// yields a Result error, never a crash.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/base/bytes.h"
#include "engine/base/result.h"
#include "engine/wire/ipv4_address.h"
#include "engine/wire/mac_address.h"

namespace wirelab::wire {

// RFC 2132 §9.6 (option 53). Unknown values are kept as the raw number.
enum class DhcpMessageType : std::uint8_t {
  Discover = 1, Offer = 2, Request = 3, Decline = 4, Ack = 5, Nak = 6, Release = 7, Inform = 8
};
const char* to_string(DhcpMessageType t);  // "DHCPDISCOVER", ...

namespace dhcp_option {
constexpr std::uint8_t kPad = 0, kSubnetMask = 1, kRouters = 3, kDnsServers = 6, kHostName = 12,
                       kDomainName = 15, kRequestedIp = 50, kLeaseTime = 51, kOverload = 52,
                       kMessageType = 53, kServerId = 54, kParameterRequestList = 55,
                       kMessage = 56, kMaxMessageSize = 57, kRenewalTime = 58,
                       kRebindingTime = 59, kClientId = 61, kRelayAgentInfo = 82, kEnd = 255;
}  // namespace dhcp_option

struct DhcpOption {
  std::uint8_t code = 0;
  Bytes data;
  bool operator==(const DhcpOption&) const = default;
};

struct DhcpMessage {
  static constexpr std::size_t kFixedLen = 236;      // op .. file
  static constexpr std::size_t kOptionsOffset = 240; // after the magic cookie
  static constexpr std::size_t kMinLen = 300;        // BOOTP minimum (RFC 951, RFC 1542 §2.1)
  static constexpr std::uint32_t kMagicCookie = 0x63825363;  // 99.130.83.99
  static constexpr std::uint16_t kServerPort = 67, kClientPort = 68;
  static constexpr std::uint8_t kBootRequest = 1, kBootReply = 2;
  static constexpr std::uint16_t kBroadcastFlag = 0x8000;

  std::uint8_t op = kBootRequest;
  std::uint8_t htype = 1;  // Ethernet
  std::uint8_t hlen = 6;
  std::uint8_t hops = 0;
  std::uint32_t xid = 0;
  std::uint16_t secs = 0;
  std::uint16_t flags = 0;
  Ipv4Address ciaddr, yiaddr, siaddr, giaddr;
  std::array<std::uint8_t, 16> chaddr{};
  std::array<std::uint8_t, 64> sname{};
  std::array<std::uint8_t, 128> file{};
  std::vector<DhcpOption> options;  // without pad and end

  static Result<DhcpMessage> parse(ByteView b);
  std::size_t buffer_len() const;
  void emit(MutableByteView out) const;  // out.size() >= buffer_len()
  Bytes to_bytes() const;

  bool broadcast() const { return flags & kBroadcastFlag; }
  void set_broadcast(bool on) {
    flags = static_cast<std::uint16_t>(on ? (flags | kBroadcastFlag) : (flags & ~kBroadcastFlag));
  }
  MacAddress client_mac() const { return MacAddress::from(ByteView(chaddr.data(), 6)); }
  void set_client_mac(const MacAddress& m);

  // Raw options.
  const DhcpOption* find(std::uint8_t code) const;
  void set_option(std::uint8_t code, Bytes data);  // replaces or appends
  void remove_option(std::uint8_t code);

  // Typed accessors: nullopt/empty when absent or of the wrong length.
  std::optional<DhcpMessageType> message_type() const;
  std::optional<Ipv4Address> address_option(std::uint8_t code) const;  // 1, 50, 54
  std::vector<Ipv4Address> address_list_option(std::uint8_t code) const;  // 3, 6
  std::optional<std::uint32_t> u32_option(std::uint8_t code) const;   // 51, 58, 59
  std::optional<std::string> string_option(std::uint8_t code) const;  // 12, 15
  std::optional<Ipv4Address> subnet_mask() const { return address_option(dhcp_option::kSubnetMask); }
  std::optional<Ipv4Address> requested_ip() const { return address_option(dhcp_option::kRequestedIp); }
  std::optional<Ipv4Address> server_id() const { return address_option(dhcp_option::kServerId); }
  std::vector<Ipv4Address> routers() const { return address_list_option(dhcp_option::kRouters); }
  std::vector<Ipv4Address> dns_servers() const { return address_list_option(dhcp_option::kDnsServers); }
  std::optional<std::string> host_name() const { return string_option(dhcp_option::kHostName); }
  std::optional<std::string> domain_name() const { return string_option(dhcp_option::kDomainName); }
  std::optional<std::uint32_t> lease_time() const { return u32_option(dhcp_option::kLeaseTime); }
  std::optional<std::uint32_t> renewal_time() const { return u32_option(dhcp_option::kRenewalTime); }
  std::optional<std::uint32_t> rebinding_time() const { return u32_option(dhcp_option::kRebindingTime); }
  Bytes parameter_request_list() const;
  std::optional<Bytes> client_id() const;

  // Typed builders.
  void set_message_type(DhcpMessageType t) { set_option(dhcp_option::kMessageType, {static_cast<std::uint8_t>(t)}); }
  void set_address_option(std::uint8_t code, Ipv4Address a);
  void set_address_list_option(std::uint8_t code, const std::vector<Ipv4Address>& list);
  void set_u32_option(std::uint8_t code, std::uint32_t v);
  void set_string_option(std::uint8_t code, const std::string& s);
};

}  // namespace wirelab::wire
