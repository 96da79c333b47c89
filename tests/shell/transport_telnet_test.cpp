// telnet as a raw TCP client: connection messages, line relay with CRLF, the foreign close,
// refusal of option negotiation, the escape prompt.
#include <catch2/catch.hpp>

#include "tests/shell/transport_fixture.h"

using namespace wirelab;

TEST_CASE("telnet to a closed port: Unable to connect", "[transport-cmd][telnet]") {
  test::TwoShells t;
  const auto& r = t.type(t.sh1, "telnet 10.0.0.2 25");
  CHECK(r.output == "Trying 10.0.0.2...\ntelnet: Unable to connect to remote host: Connection refused\n");
  CHECK(r.exit_code == 1);
  // The default port is 23 (telnet).
  CHECK(t.type(t.sh1, "telnet 10.0.0.2").output ==
        "Trying 10.0.0.2...\ntelnet: Unable to connect to remote host: Connection refused\n");
}

TEST_CASE("telnet: a server that sends a line and closes", "[transport-cmd][telnet]") {
  test::TwoShells t;
  test::ScriptedServer server(t.net.pc2, 13, nullptr, "Sun Nov 22 02:00:00 2026\r\n");
  const auto& r = t.type(t.sh1, "telnet 10.0.0.2 daytime");
  CHECK(r.output ==
        "Trying 10.0.0.2...\n"
        "Connected to 10.0.0.2.\n"
        "Escape character is '^]'.\n"
        "Sun Nov 22 02:00:00 2026\n"
        "Connection closed by foreign host.\n");
  CHECK(r.exit_code == 1);
}

TEST_CASE("telnet: typed lines go out with CRLF, replies come back", "[transport-cmd][telnet]") {
  test::TwoShells t;
  // An SMTP-ish server: greets, answers each line, closes after QUIT.
  test::ScriptedServer smtp(
      t.net.pc2, 25,
      [](const std::string& received, bool, bool& close) -> std::string {
        if (received.empty()) return "220 pc2 ESMTP\r\n";
        if (received.size() >= 6 && received.compare(received.size() - 6, 6, "QUIT\r\n") == 0) {
          close = true;
          return "221 Bye\r\n";
        }
        return "250 OK\r\n";
      });
  const auto& r = t.type(t.sh1, "telnet 10.0.0.2 25");
  t.type(t.sh1, "HELO pc1", true);
  CHECK(smtp.received == "HELO pc1\r\n");
  t.type(t.sh1, "QUIT", true);
  CHECK(smtp.received == "HELO pc1\r\nQUIT\r\n");
  CHECK(r.output ==
        "Trying 10.0.0.2...\n"
        "Connected to 10.0.0.2.\n"
        "Escape character is '^]'.\n"
        "220 pc2 ESMTP\n"
        "HELO pc1\n"
        "250 OK\n"
        "QUIT\n"
        "221 Bye\n"
        "Connection closed by foreign host.\n");
}

TEST_CASE("telnet refuses option negotiation: DO -> WONT, WILL -> DONT", "[transport-cmd][telnet]") {
  test::TwoShells t;
  // IAC DO ECHO(1), IAC WILL SGA(3), IAC SB TTYPE ... IAC SE, IAC IAC (a data byte 255), text.
  const std::string greeting = "\xff\xfd\x01\xff\xfb\x03\xff\xfa\x18\x01\xff\xf0login: ";
  test::ScriptedServer server(t.net.pc2, 23, [&](const std::string& received, bool, bool&) {
    return received.empty() ? greeting : std::string();  // greets, then listens and stays open
  });
  const auto& r = t.type(t.sh1, "telnet 10.0.0.2");
  CHECK(server.received == "\xff\xfc\x01\xff\xfe\x03");
  CHECK(r.output == "Trying 10.0.0.2...\nConnected to 10.0.0.2.\nEscape character is '^]'.\nlogin: ");
  // The escape character opens the telnet> prompt; quit closes.
  t.type(t.sh1, "^]", true);
  t.type(t.sh1, "quit", true);
  CHECK(r.finished);
  CHECK(r.exit_code == 0);
  CHECK(t.sh1.transcript().find("login: ^]\ntelnet> quit\nConnection closed.\npc1$ ") != std::string::npos);
}

TEST_CASE("telnet: usage and name errors", "[transport-cmd][telnet]") {
  test::TwoShells t;
  const auto& u = t.type(t.sh1, "telnet");
  CHECK_THAT(u.output, Catch::Matchers::StartsWith("Usage: telnet [-4] [-6] [-8]"));
  CHECK(u.exit_code == 1);
  CHECK(t.type(t.sh1, "telnet 10.0.0.2 nosuchservice").output ==
        "telnet: could not resolve 10.0.0.2/nosuchservice: Servname not supported for ai_socktype\n");
}
