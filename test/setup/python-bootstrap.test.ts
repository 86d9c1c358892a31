/**
 * "Run File with Tracing" for Python: a real python3 with the environment the command builds
 * (bootstrap + bundled SDK on PYTHONPATH) runs a user script that imports fake `openai` /
 * `anthropic` packages shaped like the real ones; the clients are traced with no code change.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { pythonRunEnv } from '../../src/extension/setup/env';
import type { BundledSdks } from '../../src/extension/setup/paths';
import { fakeExtension, finished, run, tmpDir, write } from './helpers';

const hasPython = spawnSync('python3', ['--version']).status === 0;
if (!hasPython) console.warn('SKIPPED: python3 not found; the Python bootstrap tests need it');

const FAKE_OPENAI = `
class _Completions:
    def __init__(self):
        self._calls = 0
    def create(self, *, model, messages, **kw):
        self._calls += 1
        return {"id": "chatcmpl-1", "object": "chat.completion", "model": model,
                "choices": [{"index": 0, "finish_reason": "stop",
                             "message": {"role": "assistant", "content": "Paris."}}],
                "usage": {"prompt_tokens": 1000, "completion_tokens": 200, "total_tokens": 1200}}

class _AsyncCompletions(_Completions):
    async def create(self, **kw):
        return _Completions.create(self, **kw)

class _Chat:
    def __init__(self, completions):
        self.completions = completions

class OpenAI:
    def __init__(self, api_key=None):
        self.api_key = api_key
        self.chat = _Chat(_Completions())

class AsyncOpenAI:
    def __init__(self, api_key=None):
        self.chat = _Chat(_AsyncCompletions())
`;

const FAKE_ANTHROPIC = `
class _Messages:
    def create(self, *, model, messages, max_tokens, **kw):
        return {"id": "msg_1", "type": "message", "role": "assistant", "model": model,
                "content": [{"type": "text", "text": "Bonjour."}], "stop_reason": "end_turn",
                "usage": {"input_tokens": 300, "output_tokens": 40}}

class Anthropic:
    def __init__(self, api_key=None):
        self.messages = _Messages()
`;

describe.skipIf(!hasPython)('Python bootstrap (sitecustomize)', () => {
  let sdks: BundledSdks;
  beforeAll(async () => {
    sdks = (await fakeExtension()).sdks;
  });

  function runPython(dir: string, script: string, extraPath: string[] = []) {
    const file = path.join(dir, script);
    const traces = path.join(dir, 'traces.jsonl');
    const env = pythonRunEnv({ sdks, file, tracesFile: traces, base: { PYTHONPATH: [path.join(dir, 'libs'), ...extraPath].join(path.delimiter) }, sep: path.delimiter });
    const r = run('python3', [file], dir, env);
    return { r, spans: finished(traces) };
  }

  it('traces OpenAI and AsyncOpenAI instances, nested under the program\'s own span', () => {
    const dir = tmpDir();
    write(path.join(dir, 'libs/openai/__init__.py'), FAKE_OPENAI);
    write(path.join(dir, 'app.py'), `
import asyncio
from openai import OpenAI, AsyncOpenAI
from spanscope import span

client = OpenAI(api_key="k")
with span("answer", "agent"):
    r = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "Capital of France?"}])
print(r["choices"][0]["message"]["content"])

async def main():
    return await AsyncOpenAI().chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "again"}])
print(asyncio.run(main())["model"])
`);
    const { r, spans } = runPython(dir, 'app.py');
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('Paris.\ngpt-4o\n');
    const llm = spans.filter((s) => s.span_type === 'llm');
    expect(llm).toHaveLength(2);
    const [sync, asyncCall] = llm;
    const agent = spans.find((s) => s.name === 'answer')!;
    expect(sync.parent_id).toBe(agent.id);
    expect(sync.model).toBe('gpt-4o-mini');
    expect(sync.provider).toBe('openai');
    expect(sync.inputs.messages).toEqual([{ role: 'user', content: 'Capital of France?' }]);
    expect(sync.outputs.messages[0]).toMatchObject({ role: 'assistant', content: 'Paris.' });
    expect(sync.usage).toMatchObject({ input_tokens: 1000, output_tokens: 200 });
    // gpt-4o-mini: $0.15 / $0.60 per million tokens
    expect(sync.cost_usd).toBeCloseTo(1000 * 0.15e-6 + 200 * 0.6e-6, 12);
    expect(sync.service).toBe('app');
    expect(sync.source.file).toBe(path.join(dir, 'app.py'));
    expect(asyncCall.model).toBe('gpt-4o');
    expect(asyncCall.usage.input_tokens).toBe(1000);
  });

  it('traces Anthropic instances', () => {
    const dir = tmpDir();
    write(path.join(dir, 'libs/anthropic/__init__.py'), FAKE_ANTHROPIC);
    write(path.join(dir, 'app.py'), `
import anthropic
msg = anthropic.Anthropic().messages.create(model="claude-3-5-haiku-latest", max_tokens=64,
                                            messages=[{"role": "user", "content": "Say hello in French"}])
print(msg["content"][0]["text"])
`);
    const { r, spans } = runPython(dir, 'app.py');
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('Bonjour.\n');
    expect(spans).toHaveLength(1);
    const s = spans[0]!;
    expect(s).toMatchObject({ span_type: 'llm', model: 'claude-3-5-haiku-latest', provider: 'anthropic' });
    expect(s.inputs.messages).toEqual([{ role: 'user', content: 'Say hello in French' }]);
    expect(s.usage).toMatchObject({ input_tokens: 300, output_tokens: 40 });
    // claude-3-5-haiku: $0.80 / $4 per million tokens
    expect(s.cost_usd).toBeCloseTo(300 * 0.8e-6 + 40 * 4e-6, 12);
  });

  it('still runs the sitecustomize it shadows, and a program without LLM clients writes nothing', () => {
    const dir = tmpDir();
    write(path.join(dir, 'site-extra/sitecustomize.py'), 'import builtins\nbuiltins.CUSTOMIZED = "yes"\n');
    write(path.join(dir, 'app.py'), 'import builtins\nprint(builtins.CUSTOMIZED)\n');
    const { r, spans } = runPython(dir, 'app.py', [path.join(dir, 'site-extra')]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('yes\n');
    expect(spans).toEqual([]);
  });

  it('the bootstrap folder on the path twice, once through a link, runs once and does not loop', () => {
    const dir = tmpDir();
    fs.symlinkSync(sdks.pythonBootstrap, path.join(dir, 'boot-link'), 'dir');
    write(path.join(dir, 'libs/openai/__init__.py'), FAKE_OPENAI);
    write(path.join(dir, 'app.py'), 'import openai\nopenai.OpenAI().chat.completions.create(model="gpt-4o", messages=[])\nprint("ran")\n');
    const { r, spans } = runPython(dir, 'app.py', [path.join(dir, 'boot-link')]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('ran\n');
    expect(spans.map((s) => s.span_type)).toEqual(['llm']);
  });

  it('a failing user sitecustomize is reported and the program still runs, traced', () => {
    const dir = tmpDir();
    write(path.join(dir, 'site-extra/sitecustomize.py'), 'raise RuntimeError("broken customization")\n');
    write(path.join(dir, 'libs/openai/__init__.py'), FAKE_OPENAI);
    write(path.join(dir, 'app.py'), 'import openai\nopenai.OpenAI().chat.completions.create(model="gpt-4o", messages=[])\nprint("ran")\n');
    const { r, spans } = runPython(dir, 'app.py', [path.join(dir, 'site-extra')]);
    expect(r.stdout).toBe('ran\n');
    expect(r.stderr).toMatch(/sitecustomize.*broken customization/);
    expect(spans.map((s) => s.span_type)).toEqual(['llm']);
  });
});
