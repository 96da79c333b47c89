#include "engine/apps/tcp_server.h"

namespace wirelab::apps {

TcpServer::TcpServer(sim::SimContext& ctx, devices::Host& host, std::uint16_t port, Factory factory)
    : ctx_(ctx), host_(host), factory_(std::move(factory)) {
  auto l = host_.tcp().listen({{}, port});
  if (!l.ok()) return;
  listener_ = *l.value;
  host_.tcp().set_watcher(listener_, [this] { on_accept(); });
}

TcpServer::~TcpServer() {
  for (auto& [id, s] : sessions_) host_.tcp().abort(id);
  if (listener_) host_.tcp().close(listener_);
}

void TcpServer::on_accept() {
  while (true) {
    auto a = host_.tcp().accept(listener_);
    if (!a.ok()) return;
    const int id = *a.value;
    if (sessions_.size() >= kMaxSessions) {
      host_.tcp().abort(id);
      continue;
    }
    Session& s = sessions_[id];
    s.logic = factory_();
    host_.tcp().set_watcher(id, [this, id] { service(id); });
    SessionOutput out;
    s.logic->on_open(ctx_.now(), out);
    s.pending.insert(s.pending.end(), out.data.begin(), out.data.end());
    s.close_when_sent = out.close;
    service(id);
  }
}

void TcpServer::service(int id) {
  auto it = sessions_.find(id);
  if (it == sessions_.end()) return;
  Session& s = it->second;
  auto& tcp = host_.tcp();
  if (tcp.error(id)) return end(id);
  // Read everything that is there; the session answers as it goes. flush() may end the session,
  // so `s` is used only while it says the session is still alive.
  std::uint8_t buf[16384];
  while (!s.eof_seen && !s.close_when_sent) {
    auto r = tcp.receive(id, buf);
    if (!r.ok()) {
      if (r.error != net::SocketError::WouldBlock) return end(id);
      break;
    }
    SessionOutput out;
    if (*r.value == 0) {
      s.eof_seen = true;
      s.logic->on_eof(ctx_.now(), out);
    } else {
      s.logic->on_data(ByteView(buf, *r.value), ctx_.now(), out);
    }
    s.pending.insert(s.pending.end(), out.data.begin(), out.data.end());
    s.close_when_sent = s.close_when_sent || out.close;
    if (!flush(id, s)) return;
  }
  flush(id, s);
}

bool TcpServer::flush(int id, Session& s) {
  auto& tcp = host_.tcp();
  while (true) {
    if (s.pending.empty() && !s.close_when_sent) {
      SessionOutput out;
      if (!s.logic->produce(tcp.connection(id) ? tcp.connection(id)->writable_bytes() : 0, out)) return true;
      s.pending = std::move(out.data);
      s.close_when_sent = out.close;
      if (s.pending.empty()) return true;
    }
    if (!s.pending.empty()) {
      auto w = tcp.send(id, s.pending);
      if (!w.ok()) {
        if (w.error == net::SocketError::WouldBlock) return true;  // the watcher calls back when it drains
        end(id);
        return false;
      }
      s.pending.erase(s.pending.begin(), s.pending.begin() + static_cast<std::ptrdiff_t>(*w.value));
      if (!s.pending.empty()) return true;
    }
    if (s.pending.empty() && s.close_when_sent) {
      end(id);
      return false;
    }
  }
}

void TcpServer::end(int id) {
  host_.tcp().close(id);
  sessions_.erase(id);
}

}  // namespace wirelab::apps
