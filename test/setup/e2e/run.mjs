// The set-up commands in a real VS Code (code-server + headless Chromium, the harness of
// test/e2e): a throwaway extension around registerSetup, laid out like the .vsix (sdk/python,
// sdk/js with its bundles and the autotrace preload), on a workspace holding fake `openai`
// packages for Python and Node. Checks, through the files the runs write:
//   1. Set Up Tracing (JavaScript) → node_modules/spanscope, starter opened, "Run It" → its trace
//   2. Run File with Tracing on a Python file → the OpenAI client traced (sitecustomize)
//   3. Run File with Tracing on an ES module → the OpenAI client traced (loader hooks)
//   4. Set Up Tracing (Python) → .env, starter opened, "Run It" → its trace
//
//   node test/setup/e2e/run.mjs      (needs .vscode-e2e-cache: bash test/e2e/harness/install.sh .vscode-e2e-cache)
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { launchVSCode } from '../../e2e/harness/launch.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const cache = path.join(repo, '.vscode-e2e-cache');
const out = path.join(repo, 'test-output', 'setup-e2e');
if (!fs.existsSync(path.join(cache, 'installed.json'))) {
  console.warn(`SKIPPED: ${cache} is not installed (bash test/e2e/harness/install.sh ${cache})`);
  process.exit(0);
}
fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(out, { recursive: true });

// --- the extension, as the .vsix lays it out
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'spanscope-setup-e2e-'));
const ext = path.join(tmp, 'ext');
const dist = path.join(ext, 'sdk/js/dist');
fs.mkdirSync(dist, { recursive: true });
fs.symlinkSync(path.join(repo, 'sdk/python'), path.join(ext, 'sdk/python'), 'dir');
fs.copyFileSync(path.join(repo, 'sdk/js/package.json'), path.join(ext, 'sdk/js/package.json'));
const sdkBuild = { entryPoints: [path.join(repo, 'sdk/js/src/index.ts')], bundle: true, platform: 'node', target: 'node18', logLevel: 'warning' };
await esbuild.build({ ...sdkBuild, format: 'esm', outfile: path.join(dist, 'index.mjs') });
await esbuild.build({ ...sdkBuild, format: 'cjs', outfile: path.join(dist, 'index.cjs') });
execFileSync(process.execPath, [path.join(repo, 'sdk/js/build-autotrace.mjs'), dist]);
await esbuild.build({ entryPoints: [path.join(repo, 'test/setup/e2e/host-entry.ts')], bundle: true, platform: 'node', target: 'node20', format: 'cjs', external: ['vscode'], outfile: path.join(ext, 'host.js'), logLevel: 'warning' });
const contributes = JSON.parse(fs.readFileSync(path.join(repo, 'src/extension/setup/contributes.json'), 'utf8'));
fs.writeFileSync(path.join(ext, 'package.json'), JSON.stringify({
  name: 'spanscope-setup-e2e', publisher: 'spanscope-test', version: '0.0.0', engines: { vscode: '^1.90.0' },
  main: './host.js', activationEvents: ['onStartupFinished'], contributes,
}, null, 2));

// --- the workspace
const ws = path.join(tmp, 'workspace');
const write = (rel, text) => { fs.mkdirSync(path.dirname(path.join(ws, rel)), { recursive: true }); fs.writeFileSync(path.join(ws, rel), text); };
write('package.json', JSON.stringify({ name: 'e2e-workspace', private: true }));
write('openai/__init__.py', `class _C:
    def create(self, *, model, messages, **kw):
        return {"model": model, "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": "ok"}}],
                "usage": {"prompt_tokens": 11, "completion_tokens": 3, "total_tokens": 14}}
class OpenAI:
    def __init__(self, **kw):
        self.chat = type("Chat", (), {"completions": _C()})()
`);
write('py_agent.py', `from openai import OpenAI\nOpenAI().chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "from python"}])\nprint("python done")\n`);
write('node_modules/openai/package.json', JSON.stringify({ name: 'openai', version: '4.99.0', exports: { '.': { import: './index.mjs' } } }));
write('node_modules/openai/index.mjs', `export class OpenAI { #k; constructor(o = {}) { this.#k = o.apiKey; this.chat = { completions: { create: async (p) => ({ model: p.model,
  choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'ok' } }], usage: { prompt_tokens: 11, completion_tokens: 3, total_tokens: 14 } }) } }; } }
export default OpenAI;\n`);
write('esm_agent.mjs', `import OpenAI from 'openai';\nawait new OpenAI().chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'from node' }] });\nconsole.log('node done');\n`);

const traces = path.join(ws, 'traces.jsonl');
function spans() {
  if (!fs.existsSync(traces)) return [];
  const byId = new Map();
  for (const l of fs.readFileSync(traces, 'utf8').split('\n')) if (l) { const r = JSON.parse(l); byId.set(r.id, r); }
  return [...byId.values()].filter((r) => r.status !== 'running');
}
async function waitFor(what, pred, ms = 60_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = pred();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; traces.jsonl: ${fs.existsSync(traces) ? fs.readFileSync(traces, 'utf8').slice(0, 2000) : '(none)'}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
function check(cond, message) { if (!cond) throw new Error(message); }

const results = [];
const vsc = await launchVSCode({ extensions: [ext], workspace: ws, cacheDir: cache, keepData: !!process.env.VSCODE_E2E_KEEP });
const step = async (name, fn) => {
  const t0 = Date.now();
  try {
    await fn();
    results.push({ name, ok: true, ms: Date.now() - t0 });
    console.log(`ok   ${name} (${Date.now() - t0} ms)`);
  } catch (err) {
    results.push({ name, ok: false, error: String(err) });
    console.log(`FAIL ${name}: ${err instanceof Error ? err.message : err}`);
    await vsc.screenshot(path.join(out, `fail-${name.replace(/\W+/g, '-')}.png`)).catch(() => {});
  }
};
try {
  const { page } = vsc;
  await step('set up tracing (JavaScript) and run the starter', async () => {
    await vsc.runCommand('Spanscope: Set Up Tracing in This Workspace');
    const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'JavaScript / TypeScript' }).first();
    await row.click();
    await page.locator('.tabs-container .tab.active', { hasText: 'spanscope-starter.mjs' }).waitFor({ timeout: 30_000 });
    check(fs.existsSync(path.join(ws, 'node_modules/spanscope/dist/index.mjs')), 'node_modules/spanscope not copied');
    const toast = await vsc.waitForNotification('tracing set up');
    await vsc.screenshot(path.join(out, 'setup-notification.png'));
    await toast.locator('.monaco-button', { hasText: 'Run It' }).click();
    const tree = await waitFor('the starter trace', () => {
      const s = spans();
      const answer = s.find((x) => x.name === 'answer');
      const llm = s.find((x) => x.span_type === 'llm' && x.service === 'spanscope-starter');
      return answer && llm ? { answer, llm, s } : undefined;
    });
    check(tree.llm.trace_id === tree.answer.trace_id, 'starter llm span not in the answer trace');
    check(tree.llm.usage?.input_tokens === 120, 'starter llm span without usage');
  });
  await step('run a Python file with tracing (client wrapped automatically)', async () => {
    await vsc.openFile('py_agent.py');
    await vsc.runCommand('Spanscope: Run File with Tracing');
    const llm = await waitFor('the Python llm span', () => spans().find((x) => x.span_type === 'llm' && x.service === 'py_agent'));
    check(llm.model === 'gpt-4o-mini' && llm.provider === 'openai' && llm.usage?.input_tokens === 11 && llm.cost_usd > 0, `python llm span: ${JSON.stringify(llm)}`);
    check(llm.inputs?.messages?.[0]?.content === 'from python', 'python messages not recorded');
  });
  await step('run an ES module with tracing (client wrapped automatically)', async () => {
    await vsc.openFile('esm_agent.mjs');
    await vsc.runCommand('Spanscope: Run File with Tracing');
    const llm = await waitFor('the Node llm span', () => spans().find((x) => x.span_type === 'llm' && x.service === 'esm_agent'));
    check(llm.provider === 'openai' && llm.usage?.input_tokens === 11 && llm.inputs?.messages?.[0]?.content === 'from node', `node llm span: ${JSON.stringify(llm)}`);
    await vsc.screenshot(path.join(out, 'after-runs.png'));
  });
  await step('set up tracing (Python): .env, starter, and its run', async () => {
    await vsc.runCommand('Spanscope: Set Up Tracing in This Workspace');
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Python' }).first().click();
    await page.locator('.tabs-container .tab.active', { hasText: 'spanscope_starter.py' }).waitFor({ timeout: 30_000 });
    const env = fs.readFileSync(path.join(ws, '.env'), 'utf8');
    // the extension's folder as VS Code sees it (a link to ext/ in its extensions folder)
    const m = /^PYTHONPATH=(.+\/sdk\/python)\n$/.exec(env);
    check(m && fs.existsSync(path.join(m[1], 'spanscope', '__init__.py')), `.env: ${env}`);
    const toast = await vsc.waitForNotification('spanscope_starter.py created');
    await toast.locator('.monaco-button', { hasText: 'Run It' }).click();
    await waitFor('the Python starter trace', () => {
      const s = spans().filter((x) => x.service === 'spanscope_starter');
      const answer = s.find((x) => x.name === 'answer');
      return answer && s.some((x) => x.span_type === 'llm' && x.trace_id === answer.trace_id);
    });
  });
} finally {
  await vsc.close();
}
fs.writeFileSync(path.join(out, 'results.json'), JSON.stringify(results, null, 2));
const failed = results.filter((r) => !r.ok);
console.log(`${results.length - failed.length}/${results.length} set-up e2e steps passed (screenshots in ${path.relative(repo, out)})`);
if (!process.env.VSCODE_E2E_KEEP) fs.rmSync(tmp, { recursive: true, force: true });
process.exit(failed.length ? 1 : 0);
