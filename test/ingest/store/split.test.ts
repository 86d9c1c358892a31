import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NativeTraceWriter } from '../../../bench/gen-native-jsonl';
import { LocalRepository } from '../../../src/ingest/store/localRepository';
import { rec, tmpDir } from './helpers';

const root = path.resolve(__dirname, '../../..');
let out: string;
let dir: string;
let workerPath: string;

beforeAll(async () => {
  // The worker bundle as scripts/build.mjs makes dist/worker.js, in a folder of this test's own.
  out = tmpDir();
  dir = tmpDir();
  workerPath = path.join(out, 'worker.js');
  await esbuild.build({
    entryPoints: [path.join(root, 'src/ingest/parseWorker.ts')],
    outfile: workerPath,
    bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'error', absWorkingDir: root,
  });
});

afterAll(() => {
  fs.rmSync(out, { recursive: true, force: true });
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Everything a repository shows of a file: summaries, warnings, every tree, every full span. */
async function everything(repo: LocalRepository, file: string): Promise<unknown> {
  const summary = await repo.open(file);
  const trees = [];
  const full = [];
  for (const t of summary.traces) {
    const tree = await repo.getTrace(t.traceId);
    trees.push(tree);
    for (const row of tree!.rows) full.push(await repo.getSpan(t.traceId, row.span.id));
  }
  return { summary, trees, full };
}

async function compare(file: string): Promise<{ split: unknown; seq: unknown }> {
  const split = new LocalRepository({ quietMs: 60_000, splitWorker: workerPath, splitMinBytes: 0 });
  const seq = new LocalRepository({ quietMs: 60_000 });
  try {
    return { split: await everything(split, file), seq: await everything(seq, file) };
  } finally {
    await split.dispose();
    await seq.dispose();
  }
}

describe('a file read in two halves at once (second half on a worker thread)', () => {
  it('gives what one pass gives: records replaced across the halves, bad lines, other formats, a partial last line', async () => {
    const lines: string[] = [];
    // first half: running records, finished ones that a later running record must not replace
    for (let i = 0; i < 40; i++) lines.push(rec(`r${i}`, 'T1', { running: true, parent: null }));
    for (let i = 0; i < 20; i++) lines.push(rec(`f${i}`, 'T2', { extra: { model: `first-${i}` } }));
    lines.push('{"not json', JSON.stringify([1, 2]));
    const w = new NativeTraceWriter(5);
    while (lines.length < 400) lines.push(...w.trace(30));
    // second half: the running ones finish; the finished ones get a running record, then a
    // finished one without a model (kept from the first record, the running one skipped)
    for (let i = 0; i < 40; i++) lines.push(rec(`r${i}`, 'T1', { parent: null }));
    for (let i = 0; i < 20; i++) {
      lines.push(rec(`f${i}`, 'T2', { running: true, extra: { model: `running-${i}` } }));
      lines.push(rec(`f${i}`, 'T2', { extra: { model: undefined, usage: { input_tokens: i, output_tokens: 1 } } }));
    }
    // a span with two records both in the second half, one in neither
    lines.push(rec('late', 'T3', { running: true }), rec('late', 'T3'));
    // a LangSmith run, an OTLP-looking record, bad lines, blank lines
    lines.push(JSON.stringify({ id: 'ls1', trace_id: 'T4', name: 'ls', run_type: 'llm', start_time: '2026-11-21T14:00:00.000000Z',
      end_time: '2026-11-21T14:00:01.000000Z', extra: { metadata: { ls_model_name: 'gpt-4o' } }, outputs: { llm_output: { token_usage: { prompt_tokens: 9, completion_tokens: 2 } } } }));
    lines.push('', '{"id": 1}', 'nope');
    while (lines.length < 800) lines.push(...w.trace(30));
    const file = path.join(dir, 'halves.jsonl');
    fs.writeFileSync(file, `${lines.join('\n')}\n${rec('tail', 'T5').slice(0, 40)}`);

    const { split, seq } = await compare(file);
    expect(split).toEqual(seq);
    const s = (split as { summary: { warnings: { line?: number }[]; spanCount: number } }).summary;
    expect(s.spanCount).toBeGreaterThan(500);
    // warnings from both halves, numbered in the whole file
    const warned = s.warnings.map((x) => x.line);
    expect(warned).toContain(lines.indexOf('{"not json') + 1);
    expect(warned).toContain(lines.indexOf('nope') + 1);
  });

  it('splits at a line start wherever the middle falls, and leaves a file of another format to one pass', async () => {
    const w = new NativeTraceWriter(9);
    const lines: string[] = [];
    while (lines.length < 300) lines.push(...w.trace(20));
    for (const pad of [0, 1, 7, 500]) {
      const file = path.join(dir, `pad-${pad}.jsonl`);
      fs.writeFileSync(file, `${' '.repeat(pad)}${lines.join('\n')}\n`);
      const { split, seq } = await compare(file);
      expect(split).toEqual(seq);
    }
    const otlp = path.join(dir, 'trace-lite.jsonl');
    fs.writeFileSync(otlp, `${lines.slice(0, 3).map((l) => JSON.stringify({ wrapped: JSON.parse(l) })).join('\n')}\n${lines.join('\n')}\n`);
    const { split, seq } = await compare(otlp);
    expect(split).toEqual(seq);
  });

  it('falls back to one pass when the worker cannot start', async () => {
    const w = new NativeTraceWriter(2);
    const lines: string[] = [];
    while (lines.length < 200) lines.push(...w.trace(20));
    const file = path.join(dir, 'noworker.jsonl');
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    const broken = new LocalRepository({ splitWorker: path.join(dir, 'missing-worker.js'), splitMinBytes: 0 });
    const seq = new LocalRepository();
    try {
      expect(await broken.open(file)).toEqual(await seq.open(file));
    } finally {
      await broken.dispose();
      await seq.dispose();
    }
  });
});
