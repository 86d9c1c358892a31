// The end-to-end suite: Spanscope's .vsix in a real VS Code (code-server + headless Chromium),
// on a workspace of native, OTLP and seed-format trace files. Installs what it needs itself.
//
//   npm run test:e2e            (screenshots and logs in test-output/e2e/)
//   VSCODE_E2E_KEEP=1 ...       keep VS Code's profile and logs after the run
//   E2E_ONLY='regex' ...        run only the tests whose names match
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchVSCode } from './harness/launch.mjs';
import { compareAndTokensSteps } from './steps/compare-and-tokens.mjs';
import { freePort, receiverSteps } from './steps/receiver.mjs';
import { lateTraceLines, makeWorkspace } from './workspace.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const out = path.join(root, 'test-output', 'e2e');
const cache = path.resolve(process.env.VSCODE_E2E_CACHE || path.join(root, '.vscode-e2e-cache'));
const shared = path.resolve(root, '..', 'shared', 'fixtures', 'seed-formats');
const timings = {};
const t = async (name, fn) => { const t0 = Date.now(); try { return await fn(); } finally { timings[name] = Date.now() - t0; } };

function run(cmd, args, env = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status ?? r.signal})`);
}

fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(out, { recursive: true });
await t('install', () => run('bash', [path.join(root, 'test/e2e/harness/install.sh'), cache]));
await t('package', () => run('npm', ['run', '--silent', 'package']));
const vsix = path.join(root, 'dist', 'spanscope.vsix');
const ws = path.join(out, 'workspace');
const { copied } = makeWorkspace(ws, shared);
if (copied.length === 0) console.warn(`\n*** ${shared} not found: seed-format fixtures SKIPPED (the project's own samples still run) ***\n`);

/** `traces` traces of `spans` spans, with inputs and outputs like an LLM app's: about 500 bytes a span. */
function writeBigTraceFile(file, traces, spans) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const fd = fs.openSync(file, 'w');
  let bytes = 0;
  const t0 = Date.now() * 1000 - traces * 10_000_000;
  const pad = 'lorem ipsum dolor sit amet '.repeat(3);
  for (let t = 0; t < traces; t++) {
    const tid = `00000000-0000-7000-8000-${String(t).padStart(12, '0')}`;
    const lines = [];
    for (let s = 0; s < spans; s++) {
      const id = s === 0 ? tid : `00000000-${String(s).padStart(4, '0')}-7000-9000-${String(t).padStart(12, '0')}`;
      const start = t0 + t * 10_000_000 + s * 1000;
      lines.push(JSON.stringify({ id, trace_id: tid, parent_id: s === 0 ? null : tid, name: s === 0 ? `load_${t}` : `step_${s}`,
        span_type: s === 0 ? 'chain' : 'llm', start_time: new Date(start / 1000).toISOString(), end_time: new Date((start + 900_000 - s * 1000) / 1000).toISOString(),
        status: 'ok', model: 'gpt-4o-mini', usage: { input_tokens: 100, output_tokens: 20 }, inputs: { prompt: pad }, outputs: { text: pad } }));
    }
    const chunk = lines.join('\n') + '\n';
    bytes += Buffer.byteLength(chunk);
    fs.writeSync(fd, chunk);
  }
  fs.closeSync(fd);
  return bytes;
}

function findFile(dir, name) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isFile() && e.name === name) return p;
    if (e.isDirectory()) { const f = findFile(p, name); if (f) return f; }
  }
  return undefined;
}

async function waitForLine(read, re, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const m = (read() || '').match(re);
    if (m) return m;
    if (Date.now() > deadline) throw new Error(`no log line matching ${re}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const HOST_HELD_LIMIT_MS = 500;
const results = [];
let shot = 0;
const receiverPort = await freePort();
const vsc = await t('launch', () => launchVSCode({
  cacheDir: cache, extensions: [vsix], workspace: ws, timeout: 60_000,
  settings: {
    'workbench.colorTheme': 'Default Dark Modern', 'spanscope.debounceMs': 100, 'git.openRepositoryInParentFolders': 'never',
    'spanscope.receiver.port': receiverPort,
    // side by side even in a narrow editor: the compare steps read both sides of the value diff
    'diffEditor.renderSideBySide': true, 'diffEditor.useInlineViewWhenSpaceIsLimited': false,
  },
}));
const { page } = vsc;
let current;
/** Screenshots are numbered in the order taken: one at the end of every test, more within some. */
const stepShot = (name) => (current ?? vsc).screenshot(path.join(out, `${String(++shot).padStart(2, '0')}-${name}.png`));
const snap = stepShot;

async function test(name, fn) {
  if (process.env.E2E_ONLY && !new RegExp(process.env.E2E_ONLY, 'i').test(name)) return;
  const t0 = Date.now();
  try {
    await fn();
    results.push({ name, ok: true, ms: Date.now() - t0 });
    console.log(`  ✓ ${name} (${Date.now() - t0} ms)`);
  } catch (err) {
    results.push({ name, ok: false, ms: Date.now() - t0, err });
    console.log(`  ✗ ${name} (${Date.now() - t0} ms)\n    ${String(err?.message ?? err).split('\n').slice(0, 6).join('\n    ')}`);
  } finally {
    await snap(name.replace(/[^\w]+/g, '-').toLowerCase()).catch(() => {});
  }
}

const tree = () => page.locator('.pane', { has: page.locator('.pane-header .title', { hasText: /^\s*Spanscope\s*$/i }) });
const row = (text) => tree().locator('.monaco-list-row', { hasText: text }).first();

try {
  console.log(`VS Code ${vsc.versions.vscode} (code-server ${vsc.versions.codeServer}) up in ${vsc.timings.workbenchMs} ms`);

  await test('the tree lists native, OTLP and seed-format files, not others', async () => {
    await vsc.view('Spanscope');
    // Widen the sidebar so the screenshots show the descriptions whole (drag its edge).
    const bar = await page.locator('.part.sidebar').boundingBox();
    if (bar) {
      await page.mouse.move(bar.x + bar.width + 1, bar.y + bar.height / 2);
      await page.mouse.down();
      await page.mouse.move(bar.x + bar.width + 180, bar.y + bar.height / 2, { steps: 5 });
      await page.mouse.up();
    }
    // Give the tree the sidebar's height: fold the folder's file list.
    const folder = page.locator('.pane-header', { has: page.locator('.title', { hasText: /^\s*workspace\s*$/i }) }).first();
    if ((await folder.getAttribute('aria-expanded')) === 'true') await folder.click();
    for (const name of ['traces.jsonl', 'collector-export.jsonl', 'checkout.jsonl', ...copied.map((c) => path.basename(c))]) {
      await row(name).waitFor({ timeout: 30_000 });
    }
    await row('handle_request').waitFor();
    const text = await tree().innerText();
    for (const absent of ['app.jsonl', 'vendored_trace']) if (text.includes(absent)) throw new Error(`${absent} should not be listed`);
    const desc = await row('handle_request').locator('.label-description').innerText();
    if (!/s · .*tok · \$.* · (\d+ min ago|just now)/.test(desc)) throw new Error(`trace description "${desc}"`);
  });

  let web;
  await test('opening a trace shows the waterfall', async () => {
    await row('handle_request').click();
    web = await vsc.webviewFrame('handle_request', { timeout: 30_000 });
    await web.locator('.waterfall canvas.wf-rows').waitFor({ timeout: 30_000 });
    await web.locator('.view-status', { hasText: 'Loading' }).waitFor({ state: 'hidden', timeout: 30_000 });
    await page.waitForTimeout(300);
  });

  await test('clicking a span\'s source in the trace view opens the editor at that line', async () => {
    // Rows in tree order: handle_request, search_products, plan, check_stock, answer.
    await web.locator('.wf-scroller').click({ position: { x: 60, y: 3 * 22 + 11 } });
    const link = web.locator('.source-link', { hasText: 'agent.py:13' });
    await link.waitFor({ timeout: 15_000 });
    await stepShot('span-selected-in-waterfall');
    await link.click();
    await page.locator('.tabs-container .tab.active', { hasText: 'agent.py' }).waitFor({ timeout: 15_000 });
    await page.locator('[id="status.editor.selection"]', { hasText: 'Ln 13,' }).waitFor({ timeout: 10_000 });
  });

  await test('spans nest under the trace with their type icons', async () => {
    await row('handle_request').locator('.monaco-tl-twistie').click();
    await row('search_products').waitFor();
    for (const [name, icon] of [['plan', 'sparkle'], ['check_stock', 'tools'], ['search_products', 'search']]) {
      const r = row(name);
      if ((await r.locator(`.codicon-${icon}`).count()) === 0) throw new Error(`${name} has no ${icon} icon`);
    }
    const errorIcon = await row('kettle_question').locator('.codicon-error').count();
    if (errorIcon === 0) throw new Error('failed trace has no error mark');
  });

  await test('reveal source opens the recorded file at its line (matched by path tail)', async () => {
    const r = row('plan');
    await r.hover();
    await r.locator('.action-label[aria-label="Reveal Source"]').click();
    await page.locator('.tabs-container .tab.active', { hasText: 'agent.py' }).waitFor({ timeout: 15_000 });
    await page.locator('[id="status.editor.selection"]', { hasText: 'Ln 9,' }).waitFor({ timeout: 10_000 });
  });

  await test('a recorded path two workspace files match asks which; one nothing matches says so', async () => {
    await row('source_cases').locator('.monaco-tl-twistie').click();
    const tie = row('tie_span');
    await tie.hover();
    await tie.locator('.action-label[aria-label="Reveal Source"]').click();
    const options = page.locator('.quick-input-widget .monaco-list-row');
    await options.first().waitFor();
    const labels = (await options.locator('.label-name').allInnerTexts()).map((t) => t.trim()).sort();
    if (labels.join() !== 'svc-a/worker.py,svc-b/worker.py') throw new Error(`quick pick offers ${labels.join(', ')}`);
    await stepShot('source-tie-quick-pick');
    await options.filter({ hasText: 'svc-b/worker.py' }).first().click();
    await page.locator('.tabs-container .tab.active', { hasText: 'worker.py' }).waitFor();
    await page.locator('[id="status.editor.selection"]', { hasText: 'Ln 3,' }).waitFor();
    const lost = row('lost_span');
    await lost.hover();
    await lost.locator('.action-label[aria-label="Reveal Source"]').click();
    await vsc.waitForNotification('missing_module.py');
    await stepShot('source-not-found');
  });

  await test('double click on a span jumps to its source', async () => {
    await row('answer').dblclick();
    await page.locator('[id="status.editor.selection"]', { hasText: 'Ln 17,' }).waitFor({ timeout: 10_000 });
  });

  await test('appending spans to a watched file makes them appear', async () => {
    fs.appendFileSync(path.join(ws, 'traces.jsonl'), lateTraceLines().map((l) => `${l}\n`).join(''));
    await row('late_request').waitFor({ timeout: 20_000 });
  });

  await test('the error filter hides traces without errors', async () => {
    await vsc.runCommand('Spanscope: Show Errors Only');
    await row('kettle_question').waitFor();
    await row('late_request').waitFor({ state: 'detached', timeout: 10_000 });
    await stepShot('errors-only');
    await vsc.runCommand('Spanscope: Show All Traces');
    await row('late_request').waitFor();
  });

  await test('Open Trace… lists traces newest first', async () => {
    await vsc.runCommand('Spanscope: Open Trace…');
    const first = page.locator('.quick-input-widget .monaco-list-row').first();
    await first.waitFor();
    const label = await first.innerText();
    if (!label.includes('late_request')) throw new Error(`first entry is "${label.split('\n')[0]}"`);
    await stepShot('open-trace-quick-pick');
    await page.keyboard.press('Escape');
  });
  await test('Compare Traces and Show Tokens and Cost agree on the numbers', async () => {
    const appendSpan = (traceId) => {
      // A child of the trace's root, inside its time, written as the SDKs write it.
      const file = path.join(ws, 'traces.jsonl');
      const root = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)).find((r) => r.id === traceId);
      if (!root) throw new Error(`no root span ${traceId} in traces.jsonl`);
      const at = (us) => new Date(Date.parse(root.start_time) + us / 1000).toISOString().replace('Z', '000Z');
      fs.appendFileSync(file, `${JSON.stringify({
        id: `${traceId.slice(0, 24)}live00000001`, trace_id: traceId, parent_id: traceId, name: 'late_followup', span_type: 'tool',
        start_time: at(50_000), end_time: at(90_000), status: 'ok', service: 'shop-assistant',
      })}\n`);
    };
    await compareAndTokensSteps(vsc, { screenshotDir: out, first: 'handle_request', second: 'kettle_question', appendSpan });
  });

  await test('the OTLP receiver takes an exporter\'s spans into the tree, and Stop closes its port', async () => {
    await receiverSteps(vsc, { port: receiverPort, row, snap: stepShot });
  });

  await test('Export Trace writes OTLP JSON through the save dialog', async () => {
    await vsc.runCommand('Spanscope: Export Trace…');
    const pick = (text) => page.locator('.quick-input-widget .monaco-list-row', { hasText: text }).first();
    await pick('handle_request').click();
    await pick('OTLP JSON').click();
    // code-server's save dialog is a quick input holding the proposed path: accept it.
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible' });
    await page.waitForTimeout(300);
    await page.keyboard.press('Enter');
    await vsc.waitForNotification('Exported 5 spans');
    const file = fs.readdirSync(ws).find((f) => f.endsWith('.otlp.json'));
    if (!file) throw new Error('no .otlp.json written in the workspace');
    const doc = JSON.parse(fs.readFileSync(path.join(ws, file), 'utf8'));
    const n = doc.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans)).length;
    if (n !== 5) throw new Error(`${file} holds ${n} spans, expected 5`);
  });
  // The goal is no task of ours over 50 ms on the host. On a 2-core machine running Chromium,
  // code-server and the parse worker at once, the event loop's delay also holds time the
  // thread simply was not scheduled (up to ~250 ms seen), so the suite prints the figures and
  // fails only above HOST_HELD_LIMIT_MS: well under the 1.3 s+ that reading this file on the
  // host's own thread would take.
  await test('a 50 MB file (100k spans) loads in the worker without holding the extension host', async () => {
    const file = path.join(ws, 'big', 'load.traces.jsonl');
    const since = Date.now();
    const bytes = writeBigTraceFile(file, 2000, 50);
    const logFile = findFile(vsc.userDataDir, 'Spanscope.log');
    await row('load.traces.jsonl').waitFor({ timeout: 180_000 });
    await row('load_1999').waitFor();
    const line = await waitForLine(() => logFile && fs.readFileSync(logFile, 'utf8'), /opened \S*load\.traces\.jsonl in (\d+) ms; extension host held at most (\d+) ms/);
    const [, took, held] = line.map(Number);
    await page.waitForTimeout(2500); // the host's lag monitor reports once a second
    // The monitor warns for every second in which the host's event loop was held over 50 ms:
    // reading, tree updates and message decoding all count.
    const warnings = fs.readFileSync(logFile, 'utf8').split('\n')
      .map((l) => l.match(/^(\S+ \S+) \[warning\] extension host event loop held for (\d+) ms/))
      .filter((m) => m && new Date(m[1].replace(' ', 'T')).getTime() >= since - 1000)
      .map((m) => Number(m[2]));
    console.log(`    ${(bytes / 1e6).toFixed(0)} MB opened in ${took} ms; host held at most ${held} ms during the read; ${warnings.length} second(s) over 50 ms until the tree showed it${warnings.length ? ` (${warnings.join(', ')} ms)` : ''}`);
    timings.bigFileOpen = took;
    timings.bigFileHostHeldMax = Math.max(held, ...warnings);
    const worst = Math.max(held, ...warnings);
    if (worst > HOST_HELD_LIMIT_MS) throw new Error(`extension host held for ${worst} ms while loading`);
  });
} finally {
  const log = findFile(vsc.userDataDir, 'Spanscope.log');
  if (log) fs.copyFileSync(log, path.join(out, 'spanscope-session-1.log'));
  await t('close', () => vsc.close());
}

// A second session on an empty folder: the welcome view, and the demo it offers.
const empty = path.join(out, 'empty-workspace');
fs.mkdirSync(empty, { recursive: true });
const vsc2 = await t('launch-empty', () => launchVSCode({
  cacheDir: cache, extensions: [vsix], workspace: empty, timeout: 60_000,
  settings: { 'workbench.colorTheme': 'Default Light Modern', 'git.openRepositoryInParentFolders': 'never' },
}));
current = vsc2;
try {
  const page2 = vsc2.page;
  await test('an empty workspace shows the welcome view; Open Demo opens a demo trace (light theme)', async () => {
    const pane = await vsc2.view('Spanscope');
    const button = pane.getByRole('button', { name: 'Open Demo' });
    await button.waitFor({ timeout: 30_000 });
    await stepShot('welcome-view');
    await button.click();
    const web = await vsc2.webviewFrame('answer_question', { timeout: 30_000 });
    await web.locator('.waterfall canvas.wf-rows').waitFor({ timeout: 30_000 });
    await pane.locator('.monaco-list-row', { hasText: 'demo.traces.jsonl' }).first().waitFor();
    await page2.waitForTimeout(500);
    await stepShot('demo-opened');
  });
} finally {
  const log = findFile(vsc2.userDataDir, 'Spanscope.log');
  if (log) fs.copyFileSync(log, path.join(out, 'spanscope-session-2.log'));
  await t('close-empty', () => vsc2.close());
}

const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
fs.writeFileSync(path.join(out, 'results.json'), JSON.stringify({ timings, vscode: vsc.timings, results: results.map(({ err, ...r }) => ({ ...r, error: err ? String(err.message ?? err) : undefined })) }, null, 2));
console.log(`timings (ms): ${Object.entries({ ...timings, workbench: vsc.timings.workbenchMs }).map(([k, v]) => `${k} ${v}`).join(', ')}`);
console.log(`screenshots in ${path.relative(root, out)}/`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
