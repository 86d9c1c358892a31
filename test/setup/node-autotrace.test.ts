/**
 * "Run File with Tracing" for Node: a real node with NODE_OPTIONS from the command's
 * environment (`--require <bundled>/autotrace.cjs`) runs CommonJS and ES module programs that
 * import fake `openai` / `@anthropic-ai/sdk` packages from a temp node_modules, shaped like
 * the real ones (class as module.exports with statics, or an exports object; private fields).
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeRunEnv } from '../../src/extension/setup/env';
import type { BundledSdks } from '../../src/extension/setup/paths';
import { fakeExtension, finished, run, tmpDir, write } from './helpers';

const COMPLETIONS = `
class Completions {
  #calls = 0;
  async create(p) {
    this.#calls++;
    return { id: 'chatcmpl-1', object: 'chat.completion', model: p.model,
      choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'Paris.' } }],
      usage: { prompt_tokens: 1000, completion_tokens: 200, total_tokens: 1200 } };
  }
}
class OpenAI {
  #apiKey;
  constructor(o = {}) { this.#apiKey = o.apiKey; this.chat = { completions: new Completions() }; }
  get apiKey() { return this.#apiKey; }
}
class AzureOpenAI extends OpenAI {}
`;

/** openai v4's shape: the class is module.exports, with itself as `.OpenAI` and `.default`; plus an ESM entry. */
function fakeOpenAI(nm: string): void {
  const dir = path.join(nm, 'openai');
  write(path.join(dir, 'package.json'), JSON.stringify({
    name: 'openai', version: '4.99.0', main: 'index.js',
    exports: { '.': { import: './index.mjs', require: './index.js' } },
  }));
  write(path.join(dir, 'client.js'), `${COMPLETIONS}\nmodule.exports = { OpenAI, AzureOpenAI };\n`);
  write(path.join(dir, 'index.js'), `const { OpenAI, AzureOpenAI } = require('./client.js');
module.exports = OpenAI; OpenAI.OpenAI = OpenAI; OpenAI.default = OpenAI; OpenAI.AzureOpenAI = AzureOpenAI;
OpenAI.APIError = class APIError extends Error {};\n`);
  write(path.join(dir, 'index.mjs'), `import c from './client.js';
export const OpenAI = c.OpenAI; export const AzureOpenAI = c.AzureOpenAI; export class APIError extends Error {}
export default c.OpenAI;\n`);
}

/** @anthropic-ai/sdk as TypeScript compiles it: an exports object with getters and __esModule. */
function fakeAnthropic(nm: string): void {
  const dir = path.join(nm, '@anthropic-ai/sdk');
  write(path.join(dir, 'package.json'), JSON.stringify({ name: '@anthropic-ai/sdk', version: '0.99.0', main: 'index.js' }));
  write(path.join(dir, 'index.js'), `"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
class Messages { #n = 0; async create(p) { this.#n++; return { id: 'msg_1', type: 'message', role: 'assistant', model: p.model,
  content: [{ type: 'text', text: 'Bonjour.' }], stop_reason: 'end_turn', usage: { input_tokens: 300, output_tokens: 40 } }; } }
class Anthropic { #key; constructor(o = {}) { this.#key = o.apiKey; this.messages = new Messages(); } }
Object.defineProperty(exports, "Anthropic", { enumerable: true, get: function () { return Anthropic; } });
exports.default = Anthropic;\n`);
}

describe('Node autotrace preload (NODE_OPTIONS=--require autotrace.cjs)', () => {
  let sdks: BundledSdks;
  beforeAll(async () => {
    sdks = (await fakeExtension()).sdks;
  });

  function project(): string {
    const dir = tmpDir();
    fakeOpenAI(path.join(dir, 'node_modules'));
    fakeAnthropic(path.join(dir, 'node_modules'));
    return dir;
  }

  function runNode(dir: string, script: string, baseOptions?: string) {
    const file = path.join(dir, script);
    const traces = path.join(dir, 'traces.jsonl');
    const env = nodeRunEnv({ sdks, file, tracesFile: traces, base: { NODE_OPTIONS: baseOptions }, sep: path.delimiter });
    const r = run(process.execPath, [file], dir, env);
    return { r, spans: finished(traces) };
  }

  function expectOpenAISpan(s: Record<string, any>, content: string): void {
    expect(s).toMatchObject({ span_type: 'llm', model: 'gpt-4o-mini', provider: 'openai', status: 'ok' });
    expect(s.inputs.messages).toEqual([{ role: 'user', content }]);
    expect(s.outputs.messages[0]).toMatchObject({ role: 'assistant', content: 'Paris.' });
    expect(s.usage).toMatchObject({ input_tokens: 1000, output_tokens: 200 });
    expect(s.cost_usd).toBeCloseTo(1000 * 0.15e-6 + 200 * 0.6e-6, 12);
  }

  it('CommonJS: require("openai") clients are traced; statics, instanceof and private fields still work', () => {
    const dir = project();
    write(path.join(dir, 'app.cjs'), `
const OpenAI = require('openai');
const { AzureOpenAI } = require('openai');
const client = new OpenAI({ apiKey: 'k1' });
(async () => {
  const r = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'cjs' }] });
  const az = new AzureOpenAI({ apiKey: 'k2' });
  await az.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'azure' }] });
  console.log(r.choices[0].message.content, client instanceof OpenAI, client.apiKey, typeof OpenAI.APIError, OpenAI.name,
    require('openai') === OpenAI, OpenAI.default === OpenAI);
})();
`);
    const { r, spans } = runNode(dir, 'app.cjs', '--max-old-space-size=512');
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('Paris. true k1 function OpenAI true true');
    expect(spans).toHaveLength(2);
    expectOpenAISpan(spans[0]!, 'cjs');
    expectOpenAISpan(spans[1]!, 'azure');
    expect(spans[0]!.service).toBe('app');
  });

  it('CommonJS: an exports object with getters (@anthropic-ai/sdk) is traced', () => {
    const dir = project();
    write(path.join(dir, 'app.cjs'), `
const sdk = require('@anthropic-ai/sdk');
const Anthropic = sdk.default;
(async () => {
  const m = await new Anthropic({ apiKey: 'k' }).messages.create({ model: 'claude-3-5-haiku-latest', max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] });
  const m2 = await new sdk.Anthropic().messages.create({ model: 'claude-3-5-haiku-latest', max_tokens: 64, messages: [{ role: 'user', content: 'again' }] });
  console.log(m.content[0].text, m2.content[0].text, sdk.__esModule);
})();
`);
    const { r, spans } = runNode(dir, 'app.cjs');
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('Bonjour. Bonjour. true');
    expect(spans).toHaveLength(2);
    expect(spans[0]).toMatchObject({ span_type: 'llm', provider: 'anthropic', model: 'claude-3-5-haiku-latest', usage: { input_tokens: 300, output_tokens: 40 } });
    expect(spans[0]!.cost_usd).toBeCloseTo(300 * 0.8e-6 + 40 * 4e-6, 12);
    expect(spans[1]!.inputs.messages).toEqual([{ role: 'user', content: 'again' }]);
  });

  it('ES modules: default and named imports are traced, and the same class', () => {
    const dir = project();
    write(path.join(dir, 'app.mjs'), `
import OpenAI, { OpenAI as Named, APIError } from 'openai';
// A CommonJS-only package: its default import is module.exports (Node's rule), so the class is named.
import { Anthropic } from '@anthropic-ai/sdk';
const client = new OpenAI({ apiKey: 'k' });
const r = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'esm' }] });
await new Anthropic().messages.create({ model: 'claude-3-5-haiku-latest', max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] });
console.log(r.choices[0].message.content, OpenAI === Named, client instanceof Named, typeof APIError, client.apiKey);
`);
    const { r, spans } = runNode(dir, 'app.mjs');
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('Paris. true true function k');
    expect(spans.map((s) => s.provider)).toEqual(['openai', 'anthropic']);
    expectOpenAISpan(spans[0]!, 'esm');
  });

  it('LLM spans nest under the program\'s own spans when it has spanscope installed (CJS and ESM)', () => {
    const dir = project();
    // The workspace copy "Set Up Tracing" makes: the same bundles as the extension's.
    fs.cpSync(sdks.js, path.join(dir, 'node_modules/spanscope'), { recursive: true });
    const call = `await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'nested' }] })`;
    write(path.join(dir, 'app.mjs'), `
import OpenAI from 'openai';
import { span } from 'spanscope';
const client = new OpenAI();
await span('answer', { spanType: 'agent' }, async () => { ${call}; });
`);
    write(path.join(dir, 'app.cjs'), `
const OpenAI = require('openai');
const { span } = require('spanscope');
const client = new OpenAI();
span('answer', { spanType: 'agent' }, async () => { ${call}; });
`);
    for (const script of ['app.mjs', 'app.cjs']) {
      fs.rmSync(path.join(dir, 'traces.jsonl'), { force: true });
      const { r, spans } = runNode(dir, script);
      expect(r.stderr, script).toBe('');
      const agent = spans.find((s) => s.name === 'answer');
      const llm = spans.find((s) => s.span_type === 'llm');
      expect(agent, script).toBeDefined();
      expect(llm?.parent_id, script).toBe(agent!.id);
      expect(llm?.trace_id, script).toBe(agent!.trace_id);
    }
  });

  it('ES modules: a CommonJS-only package whose module.exports is the class (default import, statics)', () => {
    const dir = tmpDir();
    const pkg = path.join(dir, 'node_modules/openai');
    write(path.join(pkg, 'package.json'), JSON.stringify({ name: 'openai', version: '4.0.0', main: 'index.js' }));
    write(path.join(pkg, 'index.js'), `${COMPLETIONS}\nmodule.exports = OpenAI; OpenAI.OpenAI = OpenAI; OpenAI.AzureOpenAI = AzureOpenAI;\n`);
    write(path.join(dir, 'app.mjs'), `
import OpenAI from 'openai';
await new OpenAI({ apiKey: 'k' }).chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'default' }] });
await new OpenAI.AzureOpenAI().chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'static' }] });
console.log(OpenAI.name);
`);
    const { r, spans } = runNode(dir, 'app.mjs');
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('OpenAI\n');
    expect(spans.map((s) => s.inputs.messages[0].content)).toEqual(['default', 'static']);
    expectOpenAISpan(spans[0]!, 'default');
  });

  it('a default export that is not a client class (a factory) stays callable, untraced', () => {
    const dir = tmpDir();
    const pkg = path.join(dir, 'node_modules/openai');
    write(path.join(pkg, 'package.json'), JSON.stringify({ name: 'openai', version: '9.0.0', main: 'index.js' }));
    write(path.join(pkg, 'index.js'), `${COMPLETIONS}\nexports.OpenAI = OpenAI;\nexports.default = function makeClient(o) { return new OpenAI(o); };\n`);
    write(path.join(dir, 'app.cjs'), `
const openai = require('openai');
const client = openai.default({ apiKey: 'k' });
client.chat.completions.create({ model: 'gpt-4o-mini', messages: [] }).then(() => console.log('ok', typeof openai.default));
`);
    const { r, spans } = runNode(dir, 'app.cjs');
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('ok function\n');
    // the factory builds the class from inside the package, not through the traced export
    expect(spans).toEqual([]);
  });

  it('a program without LLM clients runs unchanged and writes nothing', () => {
    const dir = project();
    write(path.join(dir, 'app.mjs'), `import fs from 'node:fs'; console.log(typeof fs.readFileSync);\n`);
    const { r, spans } = runNode(dir, 'app.mjs');
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('function\n');
    expect(spans).toEqual([]);
    expect(fs.existsSync(path.join(dir, 'traces.jsonl'))).toBe(false);
  });
});
