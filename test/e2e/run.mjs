// The end-to-end suite: Spanscope's .vsix in a real VS Code (code-server + headless Chromium),
// on a workspace of native, OTLP and seed-format trace files. Installs what it needs itself.
//
//   npm run test:e2e            (screenshots and logs in test-output/e2e/)
//   VSCODE_E2E_KEEP=1 ...       keep VS Code's profile and logs after the run
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchVSCode } from './harness/launch.mjs';
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

const results = [];
let shot = 0;
const vsc = await t('launch', () => launchVSCode({
  cacheDir: cache, extensions: [vsix], workspace: ws, timeout: 60_000,
  settings: { 'workbench.colorTheme': 'Default Dark Modern', 'spanscope.debounceMs': 100, 'git.openRepositoryInParentFolders': 'never' },
}));
const { page } = vsc;
let current;
const snap = (name) => (current ?? vsc).screenshot(path.join(out, `${String(++shot).padStart(2, '0')}-${name}.png`));

async function test(name, fn) {
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
    await vsc.screenshot(path.join(out, `${String(++shot).padStart(2, '0')}-span-selected-in-waterfall.png`));
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
    await vsc.runCommand('Spanscope: Show All Traces');
    await row('late_request').waitFor();
  });

  await test('Open Trace… lists traces newest first', async () => {
    await vsc.runCommand('Spanscope: Open Trace…');
    const first = page.locator('.quick-input-widget .monaco-list-row').first();
    await first.waitFor();
    const label = await first.innerText();
    if (!label.includes('late_request')) throw new Error(`first entry is "${label.split('\n')[0]}"`);
    await page.keyboard.press('Escape');
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
} finally {
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
    await vsc2.screenshot(path.join(out, `${String(++shot).padStart(2, '0')}-welcome-view.png`));
    await button.click();
    const web = await vsc2.webviewFrame('answer_question', { timeout: 30_000 });
    await web.locator('.waterfall canvas.wf-rows').waitFor({ timeout: 30_000 });
    await pane.locator('.monaco-list-row', { hasText: 'demo.traces.jsonl' }).first().waitFor();
    await page2.waitForTimeout(500);
    await vsc2.screenshot(path.join(out, `${String(++shot).padStart(2, '0')}-demo-opened.png`));
  });
} finally {
  await t('close-empty', () => vsc2.close());
}

const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
fs.writeFileSync(path.join(out, 'results.json'), JSON.stringify({ timings, vscode: vsc.timings, results: results.map(({ err, ...r }) => ({ ...r, error: err ? String(err.message ?? err) : undefined })) }, null, 2));
console.log(`timings (ms): ${Object.entries({ ...timings, workbench: vsc.timings.workbenchMs }).map(([k, v]) => `${k} ${v}`).join(', ')}`);
console.log(`screenshots in ${path.relative(root, out)}/`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
