/**
 * The "Run File with Tracing" preload (dist/register.cjs) on programs that never mention
 * Spanscope: `require('openai')` and `import OpenAI from 'openai'` (and Anthropic's package)
 * give clients whose calls are traced. The packages are stand-ins installed in a temp
 * node_modules with the real packages' entry layout (CJS + ESM exports, default and named).
 */
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { describe, it, expect, beforeAll } from 'vitest';
import { SDK_ROOT, tmpDir, checkFile, readRecords } from './helpers';

const register = path.join(SDK_ROOT, 'dist/register.cjs');
let app: string;

const OPENAI_BODY = `
class Completions { async create(p) { return { model: p.model + '-2024', choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'hi from ' + p.model } }], usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 } }; } }
class OpenAI { #key; constructor(o = {}) { this.#key = o.apiKey; this.chat = { completions: new Completions() }; } get apiKey() { return this.#key; } }
class AzureOpenAI extends OpenAI {}
`;
const ANTHROPIC_BODY = `
class Messages { async create(p) { return { model: p.model, stop_reason: 'end_turn', content: [{ type: 'text', text: 'hello' }], usage: { input_tokens: 3, output_tokens: 1 } }; } }
class Anthropic { constructor() { this.messages = new Messages(); } }
`;

function pkg(dir: string, name: string, body: string, names: string[], dflt: string): void {
  const root = path.join(dir, 'node_modules', name);
  fs.mkdirSync(root, { recursive: true });
  fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name, version: '9.9.9', exports: { '.': { import: './index.mjs', require: './index.js' } }, main: './index.js' }));
  fs.writeFileSync(path.join(root, 'index.js'), `${body}\nmodule.exports = ${dflt}; ${names.map((n) => `module.exports.${n} = ${n};`).join(' ')} module.exports.default = ${dflt}; module.exports.VERSION = '9.9.9';\n`);
  fs.writeFileSync(path.join(root, 'index.mjs'), `${body}\nexport { ${names.join(', ')} }; export default ${dflt}; export const VERSION = '9.9.9';\n`);
}

beforeAll(() => {
  if (!fs.existsSync(register)) execFileSync(process.execPath, [path.join(SDK_ROOT, 'build.mjs')]);
  app = tmpDir('spanscope-app-');
  pkg(app, 'openai', OPENAI_BODY, ['OpenAI', 'AzureOpenAI'], 'OpenAI');
  pkg(app, '@anthropic-ai/sdk', ANTHROPIC_BODY, ['Anthropic'], 'Anthropic');
}, 120_000);

function runApp(file: string, source: string): { records: ReturnType<typeof readRecords>; out: string } {
  fs.writeFileSync(path.join(app, file), source);
  const traces = path.join(app, `${file}.jsonl`);
  const r = spawnSync(process.execPath, ['--require', register, file], { cwd: app, encoding: 'utf8', env: { ...process.env, SPANSCOPE_FILE: traces, SPANSCOPE_SERVICE: file } });
  expect(r.status, r.stderr).toBe(0);
  expect(checkFile(traces)).toEqual([]);
  return { records: readRecords(traces), out: r.stdout };
}

describe('two copies of the SDK in one process', () => {
  it('the ESM and CommonJS builds share one tracer: spans from both nest in one tree', () => {
    const dist = path.join(SDK_ROOT, 'dist');
    const { records } = runApp('mixed.mjs', `
      import { createRequire } from 'node:module';
      import * as esm from ${JSON.stringify(path.join(dist, 'index.mjs'))};
      const cjs = createRequire(import.meta.url)(${JSON.stringify(path.join(dist, 'index.cjs'))});
      await esm.span('outer (esm)', async () => {
        await cjs.span('inner (cjs)', async () => {
          esm.span('leaf (esm)', () => undefined);
        });
      });
    `);
    const by = (n: string) => records.find((r) => r.name === n)!;
    expect(by('inner (cjs)').parent_id).toBe(by('outer (esm)').id);
    expect(by('leaf (esm)').parent_id).toBe(by('inner (cjs)').id);
    expect(records).toHaveLength(3);
  });
});

describe('register.cjs preload', () => {
  it('CommonJS: require("openai") and require("@anthropic-ai/sdk") give traced clients', () => {
    const { records, out } = runApp('app.cjs', `
      const OpenAI = require('openai');
      const { Anthropic } = require('@anthropic-ai/sdk');
      (async () => {
        const client = new OpenAI({ apiKey: 'k' });
        const r = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
        const a = await new Anthropic().messages.create({ model: 'claude-haiku-4-5', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] });
        console.log(r.choices[0].message.content, client instanceof OpenAI, client.apiKey, OpenAI.VERSION, a.content[0].text);
      })();
    `);
    expect(out.trim()).toBe('hi from gpt-4o-mini true k 9.9.9 hello');
    expect(records.map((r) => [r.name, r.model, r.service])).toEqual([
      ['chat gpt-4o-mini', 'gpt-4o-mini-2024', 'app.cjs'], ['chat claude-haiku-4-5', 'claude-haiku-4-5', 'app.cjs']]);
    expect(records[0].cost_usd).toBeGreaterThan(0);
  });

  it('ES modules: default and named imports give traced clients; other exports pass through', () => {
    const { records, out } = runApp('app.mjs', `
      import OpenAI, { AzureOpenAI, VERSION } from 'openai';
      import Anthropic from '@anthropic-ai/sdk';
      const r = await new OpenAI().chat.completions.create({ model: 'gpt-4o', messages: [] });
      await new AzureOpenAI().chat.completions.create({ model: 'gpt-4.1', messages: [] });
      await new Anthropic().messages.create({ model: 'claude-sonnet-4-5', messages: [] });
      console.log(r.choices[0].message.content, VERSION);
    `);
    expect(out.trim()).toBe('hi from gpt-4o 9.9.9');
    expect(records.map((r) => r.name)).toEqual(['chat gpt-4o', 'chat gpt-4.1', 'chat claude-sonnet-4-5']);
    expect(records[0].source?.file).toBe(path.join(app, 'app.mjs'));
  });
});
