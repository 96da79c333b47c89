// The Wirelab JavaScript API: a thin wrapper over the C functions that web/wirelab_web.cpp
// exports from wirelab.wasm. The page (app.js), browser tests and node tests all use this, so they
// exercise the same path. Works as a browser script (global WirelabApi) and as a node module.
//
//   const lab = WirelabApi.wrap(await createWirelab());
//   lab.load(jsonText)        -> {ok: true, errors: []} or {ok: false, errors: [{path, reason}]}
//   lab.run()                 -> runs the scenario's timeline until the network is quiet
//   lab.run(host, line)       -> types `line` into `host`'s shell, runs until quiet, returns the
//                                terminal text that appeared
//   lab.checks()              -> [{name, passed, detail}]
//   lab.transcript(host)      -> everything host's terminal has shown
//   lab.nodes(), lab.info(), lab.packets(), lab.now()
(function (root, factory) {
  if (typeof module === 'object' && module.exports) module.exports = factory();
  else root.WirelabApi = factory();
})(typeof self !== 'undefined' ? self : this, function () {
  'use strict';

  function wrap(Module) {
    const c = {
      load: Module.cwrap('wl_load', 'number', ['string']),
      lastError: Module.cwrap('wl_last_error', 'string', []),
      unload: Module.cwrap('wl_unload', null, []),
      runToCompletion: Module.cwrap('wl_run_to_completion', 'number', []),
      runForMs: Module.cwrap('wl_run_for_ms', 'number', ['number']),
      now: Module.cwrap('wl_now', 'number', []),
      input: Module.cwrap('wl_input', 'number', ['string', 'string']),
      transcript: Module.cwrap('wl_transcript', 'string', ['string']),
      takeOutput: Module.cwrap('wl_take_output', 'string', ['string']),
      checks: Module.cwrap('wl_checks_json', 'string', []),
      nodes: Module.cwrap('wl_nodes_json', 'string', []),
      info: Module.cwrap('wl_info_json', 'string', []),
      packets: Module.cwrap('wl_packet_list', 'string', []),
    };
    let loaded = false;

    function fail(what) {
      let errors = [];
      try { errors = JSON.parse(c.lastError()); } catch (e) { /* keep [] */ }
      const msg = errors.map((e) => (e.path ? e.path + ': ' : '') + e.reason).join('; ');
      throw new Error(what + ': ' + (msg || 'unknown error'));
    }
    function requireLab() {
      if (!loaded) throw new Error('no scenario loaded: call load(json) first');
    }

    return {
      module: Module,
      load(json) {
        const text = typeof json === 'string' ? json : JSON.stringify(json);
        if (c.load(text) !== 0) return { ok: false, errors: JSON.parse(c.lastError()) };
        loaded = true;
        return { ok: true, errors: [] };
      },
      unload() { c.unload(); loaded = false; },
      get loaded() { return loaded; },
      run(host, line) {
        requireLab();
        if (host === undefined) {
          if (c.runToCompletion() < 0) fail('run');
          return '';
        }
        c.takeOutput(host);  // drop what was already shown: return only this command's text
        if (c.input(host, String(line)) !== 0) fail('input on ' + host);
        if (c.runToCompletion() < 0) fail('run');
        return c.takeOutput(host);
      },
      runFor(ms) { requireLab(); const t = c.runForMs(ms); if (t < 0) fail('run'); return t; },
      now() { return c.now(); },
      input(host, line) { requireLab(); if (c.input(host, String(line)) !== 0) fail('input on ' + host); },
      checks() { return JSON.parse(c.checks()); },
      transcript(host) { return c.transcript(host); },
      takeOutput(host) { return c.takeOutput(host); },
      nodes() { return JSON.parse(c.nodes()); },
      info() { return JSON.parse(c.info()); },
      packets() { return JSON.parse(c.packets()); },
    };
  }

  // createWirelab is the factory from wirelab.js (-sMODULARIZE -sEXPORT_NAME=createWirelab).
  async function create(createWirelab, options) {
    return wrap(await createWirelab(options || {}));
  }

  return { wrap, create };
});
