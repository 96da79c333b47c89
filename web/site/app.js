// The minimal page until the ImGui UI lands: pick a scenario, Run it, read each host's terminal
// and the checks. Also publishes window.wirelab (see wirelab_api.js) for browser tests; wait for
// window.wirelabReady (a promise) before using it.
'use strict';
(function () {
  const $ = (id) => document.getElementById(id);
  let lab = null;
  let scenarioText = null;

  function status(text) { $('status').textContent = text; }

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function renderChecks() {
    const list = $('checks');
    list.replaceChildren();
    const checks = lab.checks();
    $('checks-box').hidden = checks.length === 0;
    for (const c of checks) {
      const li = el('li', c.passed ? 'pass' : 'fail');
      li.append(el('span', 'mark', c.passed ? '✔ ' : '✘ '), el('span', 'name', c.name));
      if (c.detail) li.append(el('span', 'detail', c.detail));
      list.append(li);
    }
  }

  function renderHosts() {
    const box = $('hosts');
    box.replaceChildren();
    for (const n of lab.nodes()) {
      const text = lab.transcript(n.name);
      if (n.type !== 'host' && !text) continue;
      const card = el('div', 'host');
      const pre = el('pre', '', text);
      const line = el('input');
      line.placeholder = 'type a command for ' + n.name + ' and press Enter';
      line.setAttribute('aria-label', 'command line of ' + n.name);
      line.addEventListener('keydown', (ev) => {
        if (ev.key !== 'Enter' || !line.value.trim()) return;
        try { lab.run(n.name, line.value); } catch (e) { status(e.message); }
        line.value = '';
        refresh();
        const again = document.querySelector('input[data-host="' + n.name + '"]');
        if (again) again.focus();
      });
      line.dataset.host = n.name;
      card.append(el('h3', '', n.name + ' (' + n.type + ')'), pre, line);
      box.append(card);
      pre.scrollTop = pre.scrollHeight;
    }
  }

  function refresh() {
    renderChecks();
    renderHosts();
  }

  function showErrors(errors) {
    const list = $('errors');
    list.replaceChildren();
    for (const e of errors) list.append(el('li', 'fail', (e.path || '(scenario)') + ': ' + e.reason));
    $('errors-box').hidden = errors.length === 0;
  }

  function loadScenario(text) {
    showErrors([]);
    const r = lab.load(text);
    if (!r.ok) {
      showErrors(r.errors);
      status('The scenario has errors.');
      return false;
    }
    const info = lab.info();
    $('title').textContent = info.title || '';
    $('description').textContent = info.description || '';
    $('instructions').textContent = info.instructions || '';
    $('instructions').hidden = !info.instructions;
    $('about').hidden = false;
    refresh();
    return true;
  }

  async function pick() {
    const path = $('scenario').value;
    if (!path) return;
    status('Loading ' + path + '…');
    const resp = await fetch('scenarios/' + path);
    if (!resp.ok) { status('Could not fetch ' + path + ' (' + resp.status + ')'); return; }
    scenarioText = await resp.text();
    if (loadScenario(scenarioText)) status('Ready. Press Run.');
  }

  function run() {
    if (!scenarioText) return;
    if (!loadScenario(scenarioText)) return;  // start from a fresh lab each time
    const t0 = performance.now();
    try {
      lab.run();
    } catch (e) {
      status(e.message);
      return;
    }
    refresh();
    const checks = lab.checks();
    const passed = checks.filter((c) => c.passed).length;
    status('Ran to t=' + lab.now().toFixed(3) + ' s in ' + Math.round(performance.now() - t0) +
           ' ms; ' + passed + '/' + checks.length + ' checks pass.');
  }

  async function start() {
    lab = await WirelabApi.create(createWirelab);
    window.wirelab = lab;
    let index = [];
    try {
      index = await (await fetch('scenarios/index.json')).json();
    } catch (e) { status('No scenario index: ' + e.message); }
    const sel = $('scenario');
    sel.replaceChildren();
    const groups = new Map();
    for (const s of index) {
      if (!groups.has(s.category)) {
        const g = el('optgroup');
        g.label = s.category || 'scenarios';
        groups.set(s.category, g);
        sel.append(g);
      }
      const o = el('option', '', s.title);
      o.value = s.path;
      if (s.description) o.title = s.description;
      groups.get(s.category).append(o);
    }
    sel.disabled = index.length === 0;
    $('run').disabled = index.length === 0;
    sel.addEventListener('change', pick);
    $('run').addEventListener('click', run);
    const wanted = new URLSearchParams(location.search).get('scenario');
    if (wanted && index.some((s) => s.path === wanted)) sel.value = wanted;
    if (index.length) await pick(); else status('No scenarios found.');
    return lab;
  }

  window.wirelabReady = start().catch((e) => { status('Failed to start: ' + e.message); throw e; });
})();
