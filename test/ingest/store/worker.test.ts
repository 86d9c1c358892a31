import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalRepository } from '../../../src/ingest/store/localRepository';
import type { LoadProgress } from '../../../src/ingest/store/localRepository';
import { WorkerRepository } from '../../../src/ingest/worker-client';
import { collect, rec, tmpDir, waitFor } from './helpers';

const root = path.resolve(__dirname, '../../..');
let out: string;
let dir: string;

beforeAll(async () => {
  // The worker bundle as scripts/build.mjs makes dist/worker.js, built into a folder of
  // this test's own so parallel builds of dist/ never race with it.
  out = tmpDir();
  dir = tmpDir();
  await esbuild.build({
    entryPoints: [path.join(root, 'src/ingest/parseWorker.ts')],
    outfile: path.join(out, 'worker.js'),
    bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'error', absWorkingDir: root,
  });
  fs.copyFileSync(path.join(root, 'node_modules/sql.js/dist/sql-wasm.wasm'), path.join(out, 'sql-wasm.wasm'));
});

afterAll(() => {
  fs.rmSync(out, { recursive: true, force: true });
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('WorkerRepository (a real worker thread running the bundled worker)', () => {
  it('behaves as LocalRepository: open, append, refresh, events, trees, full spans, errors', async () => {
    const file = path.join(dir, 'w.jsonl');
    fs.writeFileSync(file, `${rec('a1', 'a1', { running: true })}\n${rec('a2', 'a1')}\n{"bad\n`);
    const worker = new WorkerRepository({ workerPath: path.join(out, 'worker.js'), quietMs: 60_000 });
    const local = new LocalRepository({ quietMs: 60_000 });
    try {
      const [w, l] = [await worker.open(file), await local.open(file)];
      expect(w).toEqual(l);
      expect(w.spanCount).toBe(2);
      expect(w.warnings).toEqual([{ file, line: 3, message: expect.stringMatching(/JSON/) }]);
      const events = collect((fn) => worker.onDidChange(fn));
      fs.appendFileSync(file, `${rec('a1', 'a1')}\n${rec('b1', 'b1')}\n`);
      const [w2, l2] = [await worker.refresh(file), await local.refresh(file)];
      expect(w2).toEqual(l2);
      expect(w2!.spanCount).toBe(3);
      await waitFor(() => events.length === 1);
      expect(events[0]).toEqual({ file, traceIds: expect.arrayContaining(['a1', 'b1']), reset: false });
      expect(await worker.getTrace('a1')).toEqual(await local.getTrace('a1'));
      const full = await worker.getSpan('a1', 'a2');
      expect(full!.inputs).toEqual({ messages: [{ role: 'user', content: 'question for a2' }] });
      expect(full).toEqual(await local.getSpan('a1', 'a2'));
      expect(await worker.listFiles()).toEqual(await local.listFiles());
      // The watcher's refresh: read, announce, and send no summary back.
      fs.appendFileSync(file, `${rec('c1', 'c1')}\n`);
      expect(await worker.refresh(file, { summary: false })).toBeUndefined();
      expect(await local.refresh(file, { summary: false })).toBeUndefined();
      await waitFor(() => events.length === 2);
      expect(events[1]).toEqual({ file, traceIds: ['c1'], reset: false });
      expect((await worker.listFiles())[0].spanCount).toBe(4);
      expect(await worker.listFiles()).toEqual(await local.listFiles());
      await expect(worker.open(path.join(dir, 'missing.jsonl'))).rejects.toThrow(/missing\.jsonl: no such file/);
      await worker.close(file);
      expect(await worker.listFiles()).toEqual([]);
      expect(await worker.getTrace('a1')).toBeUndefined();
    } finally {
      await worker.dispose();
      await local.dispose();
    }
    await expect(worker.listFiles()).rejects.toThrow(/disposed/);
  });

  it('takes a price table at start and from setPricing, announcing every trace', async () => {
    const file = path.join(dir, 'priced.jsonl');
    // rec() writes gpt-4o-mini spans with tokens and no cost
    fs.writeFileSync(file, `${rec('p1', 'p1')}\n${rec('p2', 'p1')}\n${rec('q1', 'q1')}\n${rec('q2', 'q1', { extra: { cost_usd: 0.25 } })}\n`);
    const free = { date: '2026-11-21', models: {} };
    const dear = { date: '2026-11-21', models: { 'gpt-4o-mini': { input: 1000, output: 1000 } } };
    const worker = new WorkerRepository({ workerPath: path.join(out, 'worker.js'), pricing: free });
    const local = new LocalRepository({ pricing: free });
    try {
      const cost = (s: { traces: { traceId: string; costUsd: number }[] }, id: string) => s.traces.find((t) => t.traceId === id)!.costUsd;
      const w = await worker.open(file);
      expect(w).toEqual(await local.open(file));
      expect(cost(w, 'p1')).toBe(0);
      expect(cost(w, 'q1')).toBe(0.25);
      const events = collect((fn) => worker.onDidChange(fn));
      await worker.setPricing(dear);
      await local.setPricing(dear);
      await waitFor(() => events.length === 1);
      expect(new Set(events[0].traceIds)).toEqual(new Set(['p1', 'q1']));
      const w2 = (await worker.listFiles())[0];
      expect(w2).toEqual((await local.listFiles())[0]);
      expect(cost(w2, 'p1')).toBeCloseTo(15 * 1000 / 1e6, 12);
      expect(cost(w2, 'q1')).toBe(0.25);
      expect((await worker.getTrace('p1'))!.summary.costUsd).toBeCloseTo(cost(w2, 'p1'), 12);
    } finally {
      await worker.dispose();
      await local.dispose();
    }
  });

  it('sends big results in parts and puts them back together (many traces, a long trace)', async () => {
    const file = path.join(dir, 'many.jsonl');
    const lines: string[] = [];
    for (let i = 0; i < 1200; i++) lines.push(rec(`t${i}`, `t${i}`));
    lines.push(rec('big', 'big'));
    for (let i = 0; i < 1300; i++) lines.push(rec(`big-${i}`, 'big', { parent: 'big' }));
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    const worker = new WorkerRepository({ workerPath: path.join(out, 'worker.js') });
    const local = new LocalRepository();
    try {
      const w = await worker.open(file);
      expect(w.traces).toHaveLength(1201);
      expect(w).toEqual(await local.open(file));
      expect(await worker.listFiles()).toEqual(await local.listFiles());
      const big = await worker.getTrace('big');
      expect(big!.rows).toHaveLength(1301);
      expect(big).toEqual(await local.getTrace('big'));
    } finally {
      await worker.dispose();
      await local.dispose();
    }
  });

  it('reports load progress up to the file size for a file read in several chunks', async () => {
    const file = path.join(dir, 'big.jsonl');
    const { NativeTraceWriter } = await import('../../../bench/gen-native-jsonl');
    const w = new NativeTraceWriter(3);
    const fd = fs.openSync(file, 'w');
    let size = 0;
    while (size < 10 * 1024 * 1024) {
      const chunk = `${w.trace(60).join('\n')}\n`;
      fs.writeSync(fd, chunk);
      size += Buffer.byteLength(chunk);
    }
    fs.closeSync(fd);
    const worker = new WorkerRepository({ workerPath: path.join(out, 'worker.js') });
    try {
      const progress: LoadProgress[] = [];
      worker.onProgress((p) => progress.push(p));
      const s = await worker.open(file);
      expect(s.size).toBe(size);
      expect(progress.length).toBeGreaterThan(1);
      expect(progress.every((p) => p.file === file && p.total === size)).toBe(true);
      expect(progress[progress.length - 1].bytesRead).toBe(size);
      for (let i = 1; i < progress.length; i++) expect(progress[i].bytesRead).toBeGreaterThanOrEqual(progress[i - 1].bytesRead);
    } finally {
      await worker.dispose();
    }
  }, 60_000);
});
