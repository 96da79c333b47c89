// The browser glue: a small C API over the Lab façade, called from JavaScript with ccall/cwrap
// (see site/wirelab_api.js). Plumbing only: one lab per page, strings returned to JS are owned by
// static std::strings here and stay valid until the next call of the same function.
// Nothing here may throw into JavaScript: every entry point catches and records wl_last_error().
#include <emscripten/emscripten.h>

#include <exception>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/api/lab.h"

namespace {

using nlohmann::json;

std::unique_ptr<wirelab::api::Lab> g_lab;
std::string g_last_error = "[]";

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

void set_error(const std::string& path, const std::string& reason) {
  g_last_error = dump(json::array({json{{"path", path}, {"reason", reason}}}));
}

// Keeps the returned text alive for JavaScript (until the next call with the same slot).
const char* keep(std::string& slot, std::string text) {
  slot = std::move(text);
  return slot.c_str();
}

bool have_lab() {
  if (g_lab) return true;
  set_error("", "no lab loaded");
  return false;
}

}  // namespace

extern "C" {

// Loads scenario JSON text. Returns 0 on success, else the number of errors (each with its JSON
// path), readable as a JSON array from wl_last_error(). The previous lab is kept on failure.
EMSCRIPTEN_KEEPALIVE int wl_load(const char* json_text) {
  try {
    std::vector<wirelab::api::LoadError> errors;
    auto lab = wirelab::api::Lab::load(json_text ? json_text : "", errors);
    if (!lab || !errors.empty()) {
      json arr = json::array();
      for (const auto& e : errors) arr.push_back({{"path", e.path}, {"reason", e.reason}});
      if (arr.empty()) arr.push_back({{"path", ""}, {"reason", "the scenario could not be loaded"}});
      g_last_error = dump(arr);
      return static_cast<int>(arr.size());
    }
    g_lab = std::move(lab);
    g_last_error = "[]";
    return 0;
  } catch (const std::exception& e) {
    set_error("", std::string("internal error: ") + e.what());
    return 1;
  }
}

// The errors of the last failing call, as a JSON array of {path, reason}; "[]" if none.
EMSCRIPTEN_KEEPALIVE const char* wl_last_error() { return g_last_error.c_str(); }

EMSCRIPTEN_KEEPALIVE void wl_unload() { g_lab.reset(); }

// Runs the timeline to its end and until the network is quiet. Returns virtual seconds, or -1.
EMSCRIPTEN_KEEPALIVE double wl_run_to_completion() {
  if (!have_lab()) return -1;
  try {
    return static_cast<double>(g_lab->run_to_completion()) / 1e9;
  } catch (const std::exception& e) {
    set_error("", std::string("internal error: ") + e.what());
    return -1;
  }
}

// Advances virtual time by `ms` milliseconds (for a UI that animates). Returns virtual seconds.
EMSCRIPTEN_KEEPALIVE double wl_run_for_ms(double ms) {
  if (!have_lab()) return -1;
  try {
    g_lab->run_for(static_cast<wirelab::SimDuration>(ms * 1e6));
    return static_cast<double>(g_lab->now()) / 1e9;
  } catch (const std::exception& e) {
    set_error("", std::string("internal error: ") + e.what());
    return -1;
  }
}

EMSCRIPTEN_KEEPALIVE double wl_now() { return g_lab ? static_cast<double>(g_lab->now()) / 1e9 : 0; }

// Types a line into a host's shell. 0 on success, 1 on error (see wl_last_error()).
EMSCRIPTEN_KEEPALIVE int wl_input(const char* host, const char* line) {
  if (!have_lab()) return 1;
  try {
    auto r = g_lab->input(host ? host : "", line ? line : "");
    if (!r.ok()) {
      set_error(host ? host : "", r.error().reason);
      return 1;
    }
    return 0;
  } catch (const std::exception& e) {
    set_error("", std::string("internal error: ") + e.what());
    return 1;
  }
}

EMSCRIPTEN_KEEPALIVE const char* wl_transcript(const char* host) {
  static std::string slot;
  if (!g_lab) return keep(slot, "");
  try {
    return keep(slot, g_lab->transcript(host ? host : ""));
  } catch (const std::exception& e) {
    return keep(slot, "");
  }
}

EMSCRIPTEN_KEEPALIVE const char* wl_take_output(const char* host) {
  static std::string slot;
  if (!g_lab) return keep(slot, "");
  try {
    return keep(slot, g_lab->take_output(host ? host : ""));
  } catch (const std::exception& e) {
    return keep(slot, "");
  }
}

// [{"name", "passed", "detail"}...]
EMSCRIPTEN_KEEPALIVE const char* wl_checks_json() {
  static std::string slot;
  json arr = json::array();
  try {
    if (g_lab)
      for (const auto& c : g_lab->checks())
        arr.push_back({{"name", c.name}, {"passed", c.passed}, {"detail", c.detail}});
  } catch (const std::exception& e) {
    set_error("", std::string("internal error: ") + e.what());
  }
  return keep(slot, dump(arr));
}

// [{"name", "type"}...]
EMSCRIPTEN_KEEPALIVE const char* wl_nodes_json() {
  static std::string slot;
  json arr = json::array();
  try {
    if (g_lab)
      for (const auto& n : g_lab->nodes()) arr.push_back({{"name", n.name}, {"type", n.type}});
  } catch (const std::exception& e) {
    set_error("", std::string("internal error: ") + e.what());
  }
  return keep(slot, dump(arr));
}

// {"title", "description", "instructions"} of the loaded scenario; {} if none.
EMSCRIPTEN_KEEPALIVE const char* wl_info_json() {
  static std::string slot;
  json j = json::object();
  if (g_lab)
    j = {{"title", g_lab->title()},
         {"description", g_lab->description()},
         {"instructions", g_lab->instructions()}};
  return keep(slot, dump(j));
}

// The capture so far, one entry per frame: {"no", "time" (s), "interface", "dir", "len"}.
// Placeholder until the dissectors land: then it gains source, destination, protocol, info.
EMSCRIPTEN_KEEPALIVE const char* wl_packet_list() {
  static std::string slot;
  json arr = json::array();
  if (g_lab) {
    const auto& log = g_lab->capture();
    std::size_t no = 0;
    for (const auto& f : log.frames()) {
      const auto& ifs = log.interfaces();
      arr.push_back({{"no", ++no},
                     {"time", static_cast<double>(f.time) / 1e9},
                     {"interface", f.interface < ifs.size() ? ifs[f.interface].name : ""},
                     {"dir", f.direction == wirelab::capture::Direction::AtoB ? "A>B" : "B>A"},
                     {"len", f.bytes.size()}});
    }
  }
  return keep(slot, dump(arr));
}

}  // extern "C"
