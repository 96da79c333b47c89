// node --no-experimental-fetch smoke.js SITE_DIR [SCENARIO.json...]
// Loads the browser build (site/wirelab.js + wirelab.wasm) through the same JS API the page uses
// (site/wirelab_api.js), runs each scenario and asserts its checks pass. Exit 77 = no scenario yet.
'use strict';
const fs = require('fs');
const path = require('path');

const site = path.resolve(process.argv[2] || 'build/web/site');
const scenarioPaths = process.argv.slice(3).filter((p) => p && fs.existsSync(p));
const createWirelab = require(path.join(site, 'wirelab.js'));
const WirelabApi = require(path.join(site, 'wirelab_api.js'));

let failures = 0;
function check(cond, what) {
  console.log((cond ? 'ok   ' : 'FAIL ') + what);
  if (!cond) failures++;
  return cond;
}

function runOnce(lab, text) {
  const r = lab.load(text);
  if (!r.ok) {
    for (const e of r.errors) console.log('  error ' + (e.path || '/') + ': ' + e.reason);
    return null;
  }
  lab.run();
  const transcripts = {};
  for (const n of lab.nodes()) transcripts[n.name] = lab.transcript(n.name);
  return { checks: lab.checks(), transcripts, now: lab.now(), packets: lab.packets().length };
}

function runScenario(lab, scenarioPath) {
  console.log('== ' + path.relative(process.cwd(), scenarioPath));
  const text = fs.readFileSync(scenarioPath, 'utf8');
  const first = runOnce(lab, text);
  if (check(first !== null, 'loads ' + path.relative(process.cwd(), scenarioPath))) {
    console.log('  ran to t=' + first.now.toFixed(6) + ' s, ' + first.packets + ' frames captured');
    check(first.checks.length > 0, first.checks.length + ' checks');
    for (const c of first.checks)
      check(c.passed, (c.passed ? '✔ ' : '✘ ') + c.name + (c.detail ? ' (' + c.detail + ')' : ''));
    for (const [host, t] of Object.entries(first.transcripts)) {
      if (!t) continue;
      console.log('  --- ' + host);
      console.log(t.split('\n').slice(0, 12).map((l) => '  | ' + l).join('\n'));
    }
    let threw = false;
    try { lab.run('no-such-host', 'ping 10.0.0.1'); } catch (e) { threw = /no-such-host/.test(e.message); }
    check(threw, 'typing into an unknown host is an error, not a crash');
    const second = runOnce(lab, text);
    check(second !== null && JSON.stringify(second) === JSON.stringify(first),
          'a second run is identical (determinism)');
    const host = lab.nodes().find((n) => n.type === 'host');
    if (host) {
      const out = lab.run(host.name, 'help');
      check(out.trim().length > 0, 'typing `help` on ' + host.name + ' prints ' + out.length + ' characters');
    }
  }
}

(async () => {
  const lab = await WirelabApi.create(createWirelab, { print: () => {}, printErr: (t) => console.error(t) });
  check(true, 'wirelab.wasm instantiated');

  const bad = lab.load('{ this is not json');
  check(!bad.ok && bad.errors.length > 0, 'malformed JSON is refused with errors: ' +
        JSON.stringify(bad.errors).slice(0, 160));
  const wrong = lab.load('{"nodes": 42}');
  check(!wrong.ok && wrong.errors.length > 0, 'invalid scenario is refused with errors');

  if (scenarioPaths.length === 0) {
    console.log('SKIP: no scenario to run (scenarios/basics/ping-lan.json not written yet)');
    process.exit(failures ? 1 : 77);
  }
  for (const scenarioPath of scenarioPaths) runScenario(lab, scenarioPath);
  console.log(failures ? failures + ' web smoke check(s) FAILED' : 'web smoke: all passed');
  process.exit(failures ? 1 : 0);
})().catch((e) => {
  console.error('FAIL ' + (e && e.stack || e));
  process.exit(1);
});
