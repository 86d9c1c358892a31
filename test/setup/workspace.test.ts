/**
 * "Set Up Tracing" on real folders: the JS SDK copied into node_modules, the .env entry, the
 * starter files; then each starter runs as a real process the way a terminal of the
 * workspace would run it, and writes its trace.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { prependPathList } from '../../src/extension/setup/env';
import type { BundledSdks } from '../../src/extension/setup/paths';
import { createStarter, STARTER_NAME } from '../../src/extension/setup/starter';
import { addToDotEnv, COPY_MARKER, installJsSdk } from '../../src/extension/setup/workspace';
import { fakeExtension, finished, run, tmpDir, write } from './helpers';

const hasPython = spawnSync('python3', ['--version']).status === 0;
if (!hasPython) console.warn('SKIPPED: python3 not found; the Python starter test needs it');

let sdks: BundledSdks;
beforeAll(async () => {
  sdks = (await fakeExtension()).sdks;
});

/** name → parent name, for the finished spans of one run */
function tree(spans: Record<string, any>[]): Record<string, string | null> {
  const byId = new Map(spans.map((s) => [s.id, s.name]));
  return Object.fromEntries(spans.map((s) => [s.name, s.parent_id ? byId.get(s.parent_id) ?? '?' : null]));
}

describe('JS SDK copy', () => {
  it('installs, finds it current, refreshes an older copy, keeps the user\'s own install', () => {
    const ws = tmpDir();
    const first = installJsSdk(sdks.js, ws);
    expect(first.kind).toBe('installed');
    expect(fs.existsSync(path.join(first.dir, 'dist/index.mjs'))).toBe(true);
    expect(fs.existsSync(path.join(first.dir, 'dist/index.cjs'))).toBe(true);
    expect(fs.readdirSync(path.join(first.dir, 'dist')).some((f) => f.endsWith('.map'))).toBe(false);
    expect(installJsSdk(sdks.js, ws).kind).toBe('current');
    fs.writeFileSync(path.join(first.dir, COPY_MARKER), '0.0.1\n');
    expect(installJsSdk(sdks.js, ws).kind).toBe('updated');
    expect(fs.readdirSync(path.join(ws, 'node_modules'))).toEqual(['spanscope']);

    const own = tmpDir();
    write(path.join(own, 'node_modules/spanscope/package.json'), '{"name":"spanscope","version":"9.9.9"}');
    expect(installJsSdk(sdks.js, own)).toMatchObject({ kind: 'kept', version: '9.9.9' });
    expect(fs.readdirSync(path.join(own, 'node_modules/spanscope'))).toEqual(['package.json']);
  });
});

describe('.env', () => {
  it('adds, then leaves alone, and keeps the user\'s lines', () => {
    const ws = tmpDir();
    write(path.join(ws, '.env'), 'OPENAI_API_KEY=sk-test\n');
    expect(addToDotEnv(ws, sdks.python, ':')).toBe('updated');
    expect(addToDotEnv(ws, sdks.python, ':')).toBe('unchanged');
    expect(fs.readFileSync(path.join(ws, '.env'), 'utf8')).toBe(`OPENAI_API_KEY=sk-test\nPYTHONPATH=${sdks.python}\n`);
    const fresh = tmpDir();
    expect(addToDotEnv(fresh, sdks.python, ':')).toBe('added');
  });
});

describe('starter files', () => {
  it('never overwrites an existing file', () => {
    const ws = tmpDir();
    write(path.join(ws, STARTER_NAME.python), 'print("mine")\n');
    expect(createStarter(ws, 'python')).toEqual({ file: path.join(ws, STARTER_NAME.python), created: false });
    expect(fs.readFileSync(path.join(ws, STARTER_NAME.python), 'utf8')).toBe('print("mine")\n');
    expect(createStarter(ws, 'javascript').created).toBe(true);
  });

  it('the JavaScript starter runs with the workspace copy of the SDK and writes its tree', () => {
    const ws = tmpDir();
    installJsSdk(sdks.js, ws);
    const { file } = createStarter(ws, 'javascript');
    const traces = path.join(ws, 'traces.jsonl');
    const r = run(process.execPath, [file], ws, { SPANSCOPE_FILE: traces });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/30 days/);
    const spans = finished(traces);
    expect(tree(spans)).toEqual({ answer: null, retrieve: 'answer', 'compose answer': 'answer', 'chat gpt-4o-mini': 'compose answer' });
    const llm = spans.find((s) => s.span_type === 'llm')!;
    expect(llm.usage).toMatchObject({ input_tokens: 120, output_tokens: 18 });
    expect(llm.cost_usd).toBeGreaterThan(0);
  });

  it.skipIf(!hasPython)('the Python starter runs with the bundled SDK on PYTHONPATH and writes its tree', () => {
    const ws = tmpDir();
    const { file } = createStarter(ws, 'python');
    const traces = path.join(ws, 'traces.jsonl');
    const r = run('python3', [file], ws, { SPANSCOPE_FILE: traces, PYTHONPATH: prependPathList([sdks.python], undefined, path.delimiter) });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/30 days/);
    const spans = finished(traces);
    expect(tree(spans)).toEqual({ answer: null, retrieve: 'answer', 'compose answer': 'answer', 'chat gpt-4o-mini': 'compose answer' });
    expect(spans.find((s) => s.name === 'answer')!.metadata).toMatchObject({ documents: 2 });
  });
});
