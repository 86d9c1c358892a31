// `npm start`: build, package the .vsix, write a demo workspace, and open a real VS Code on it
// with Spanscope installed: the desktop `code` CLI when there is one, otherwise code-server on
// 127.0.0.1 (installed into .vscode-e2e-cache/ on first use). Runs until Ctrl+C, appending a
// new trace to live/traces.jsonl now and then so the tree's live updates can be watched.
//
//   npm start                 PORT=8080 npm start        SPANSCOPE_NO_DESKTOP=1 npm start
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeDemoWorkspace } from './demo-workspace.mjs';
import { nativeTraceLines } from './trace-samples.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cache = path.resolve(process.env.VSCODE_E2E_CACHE || path.join(root, '.vscode-e2e-cache'));
const vsix = path.join(root, 'dist', 'spanscope.vsix');
const t0 = Date.now();
const step = (msg) => console.log(`[start ${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}`);

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  if (r.status !== 0) { console.error(`${cmd} ${args.join(' ')} failed`); process.exit(1); }
}

function desktopCode() {
  if (process.env.SPANSCOPE_NO_DESKTOP) return undefined;
  const r = spawnSync('code', ['--version'], { encoding: 'utf8' });
  // code-server also answers to `code` on some machines: it has no desktop window to open.
  if (r.status !== 0 || /code-server/i.test(r.stdout)) return undefined;
  return 'code';
}

step('building and packaging the extension');
run('npm', ['run', '--silent', 'package']);
step(`packaged ${path.relative(root, vsix)}`);

const { dir: ws, notes } = makeDemoWorkspace();
step(`demo workspace ${path.relative(root, ws)}/`);
for (const n of notes) console.log(`    ${n}`);

const live = path.join(ws, 'live', 'traces.jsonl');
fs.mkdirSync(path.dirname(live), { recursive: true });
fs.writeFileSync(live, '');
let n = 0;
function appendLiveTrace() {
  const lines = nativeTraceLines({ name: `live_request_${++n}`, startMs: Date.now() - 2500, sourceFile: path.join(ws, 'shop', 'app', 'agent.py'), failing: n % 3 === 0 });
  // The root first as a running span, then the finished spans: the tree shows it spinning.
  const root = JSON.parse(lines[lines.length - 1]);
  fs.appendFileSync(live, `${JSON.stringify({ ...root, status: 'running', end_time: undefined })}\n`);
  setTimeout(() => fs.appendFileSync(live, lines.map((l) => `${l}\n`).join('')), 3000);
}

const code = desktopCode();
if (code) {
  run(code, ['--install-extension', vsix, '--force']);
  run(code, [ws]);
  step(`opened ${ws} in VS Code; appending a trace to live/traces.jsonl every 20 s (Ctrl+C to stop)`);
  appendLiveTrace();
  setInterval(appendLiveTrace, 20_000);
} else {
  step('no desktop VS Code: using code-server (first run installs it, about a minute)');
  run('bash', [path.join(root, 'test/e2e/harness/install.sh'), cache], { env: { ...process.env, CODE_SERVER_VERSION: process.env.CODE_SERVER_VERSION || '4.100.3' } });
  const stamp = JSON.parse(fs.readFileSync(path.join(cache, 'installed.json'), 'utf8'));
  const node = path.resolve(cache, stamp.node);
  const entry = path.join(cache, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  const data = path.join(cache, 'start-profile');
  const userData = path.join(data, 'user-data');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  const settingsFile = path.join(userData, 'User', 'settings.json');
  if (!fs.existsSync(settingsFile)) {
    fs.writeFileSync(settingsFile, JSON.stringify({
      'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off', 'update.mode': 'none',
      'extensions.autoCheckUpdates': false, 'security.workspace.trust.enabled': false,
      'chat.disableAIFeatures': true, 'git.openRepositoryInParentFolders': 'never',
    }, null, 2));
  }
  const xdg = (name) => path.join(data, 'xdg', name);
  const env = { ...process.env, XDG_DATA_HOME: xdg('data'), XDG_CACHE_HOME: xdg('cache'), XDG_CONFIG_HOME: xdg('config') };
  const dirs = ['--config', path.join(data, 'config.yaml'), '--user-data-dir', userData, '--extensions-dir', path.join(data, 'extensions')];
  run(node, [entry, ...dirs, '--install-extension', vsix, '--force'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  step('Spanscope installed into code-server');
  const server = spawn(node, [entry, ...dirs, '--bind-addr', `127.0.0.1:${process.env.PORT || 0}`, '--auth', 'none',
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override', ws],
  { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const stop = () => { try { process.kill(-server.pid, 'SIGTERM'); } catch { /* gone */ } };
  process.on('SIGINT', () => { stop(); process.exit(0); });
  process.on('SIGTERM', () => { stop(); process.exit(0); });
  process.on('exit', stop);
  server.on('exit', (c) => { console.error(`code-server exited (${c}); log in ${path.join(data, 'code-server.log')}`); process.exit(1); });
  const log = fs.createWriteStream(path.join(data, 'code-server.log'));
  let out = '';
  const onData = (chunk) => {
    log.write(chunk);
    if (out === null) return;
    out += chunk;
    const m = out.match(/HTTP server listening on (http:\/\/[^\s/]+)/);
    if (!m) return;
    out = null;
    const url = `${m[1]}/?folder=${encodeURIComponent(ws)}`;
    step('VS Code (code-server) is running');
    console.log(`\n    Open ${url}\n\n    The Spanscope view is in the Explorer. A new trace is appended to live/traces.jsonl every 20 s.\n    Ctrl+C to stop.\n`);
    appendLiveTrace();
    setInterval(appendLiveTrace, 20_000);
  };
  server.stdout.on('data', onData);
  server.stderr.on('data', onData);
}
