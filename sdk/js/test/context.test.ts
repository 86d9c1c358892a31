import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it, expect, beforeEach } from 'vitest';
import { observe, span, currentSpan, configure, flush, startSpan } from '../src/index';
import { readRecords, latest, tmpDir, checkFile } from './helpers';
import type { SpanRecord } from '../src/types';

let file: string;
beforeEach(() => {
  file = path.join(tmpDir(), 'traces.jsonl');
  configure({ file, service: 'ctx' });
});

function childrenOf(recs: Map<string, SpanRecord>, id: string): SpanRecord[] {
  return [...recs.values()].filter((r) => r.parent_id === id).sort((a, b) => a.dotted_order.localeCompare(b.dotted_order));
}

// Bundlers (and vitest) rename a function expression named like its variable, so traced
// functions here are bound to differently named variables.
describe('async context', () => {
  it('50 concurrent requests with nested spans give 50 separate, correct trees', async () => {
    const tracedLookup = observe(async function lookup(req: number, part: string) {
      await sleep((req * 7 + part.length) % 5);
      return `${req}:${part}`;
    }, { spanType: 'tool' });
    const handle = (req: number) => span(`request ${req}`, { spanType: 'agent' }, async () => {
      await sleep(req % 3);
      const docs = await span('retrieve', { spanType: 'retriever' }, async () => Promise.all([tracedLookup(req, 'a'), tracedLookup(req, 'bb')]));
      await span('generate', { spanType: 'llm' }, async (s) => {
        await sleep((req * 3) % 4);
        s.setOutputs({ text: docs.join(',') });
        expect(currentSpan()).toBe(s);
      });
      return req;
    });
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => handle(i)));
    expect(results).toEqual(Array.from({ length: 50 }, (_, i) => i));
    await flush();
    expect(checkFile(file)).toEqual([]);
    const recs = latest(readRecords(file));
    const roots = [...recs.values()].filter((r) => r.parent_id === null);
    expect(roots).toHaveLength(50);
    for (const root of roots) {
      const req = Number(root.name.split(' ')[1]);
      const inTrace = [...recs.values()].filter((r) => r.trace_id === root.id);
      expect(inTrace).toHaveLength(5);
      const kids = childrenOf(recs, root.id);
      expect(kids.map((k) => k.name)).toEqual(['retrieve', 'generate']);
      const lookups = childrenOf(recs, kids[0].id);
      expect(lookups.map((l) => l.outputs).sort((a, b) => String(a!.output).length - String(b!.output).length)).toEqual([{ output: `${req}:a` }, { output: `${req}:bb` }]);
      expect(kids[1].outputs).toEqual({ text: `${req}:a,${req}:bb` });
      // dotted_order tells each span's whole ancestry.
      for (const r of inTrace) {
        const parent = r.parent_id ? recs.get(r.parent_id)! : undefined;
        if (parent) expect(r.dotted_order).toBe(`${parent.dotted_order}.${r.dotted_order.split('.').at(-1)}`);
      }
      // Sorting by dotted_order gives the pre-order: parents first.
      const order = inTrace.map((r) => r.dotted_order).sort();
      expect(recs.get(root.id)!.dotted_order).toBe(order[0]);
    }
  });

  it('ids are UUIDv7, time-ordered and unique, and parents never outlive their children', async () => {
    await span('root', async () => {
      for (let i = 0; i < 2000; i++) span(`s${i}`, () => undefined);
    });
    await flush();
    const recs = readRecords(file).filter((r) => r.parent_id !== null);
    const ids = recs.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect([...ids].sort()).toEqual(ids);
    const root = readRecords(file).find((r) => r.parent_id === null)!;
    for (const r of recs) {
      expect(r.start_time >= root.start_time).toBe(true);
      expect(r.end_time! <= root.end_time!).toBe(true);
    }
  });

  it('a span opened outside any span starts its own trace; currentSpan() outside is a harmless no-op', async () => {
    expect(currentSpan().isRecording).toBe(false);
    currentSpan().setInputs({ ignored: true }).addEvent('ignored').end();
    span('a', () => undefined);
    span('b', () => undefined);
    await flush();
    const recs = readRecords(file);
    expect(recs.map((r) => r.parent_id)).toEqual([null, null]);
    expect(recs[0].trace_id).not.toBe(recs[1].trace_id);
  });
});

describe('methods', () => {
  it('observe keeps `this` for methods and records only the arguments', async () => {
    class Retriever {
      constructor(private readonly index: string) {}
      search = observe(async function (this: Retriever, query: string) { return `${this.index}:${query}`; }, { name: 'Retriever.search', spanType: 'retriever' });
    }
    const r = new Retriever('docs');
    expect(await r.search('q')).toBe('docs:q');
    await flush();
    expect(readRecords(file)[0]).toMatchObject({ name: 'Retriever.search', inputs: { query: 'q' }, outputs: { output: 'docs:q' } });
  });
});

describe('generators', () => {
  it('a sync generator span ends when the stream is exhausted; children nest under it', async () => {
    const tracedNumbers = observe(function* numbers(n: number) {
      for (let i = 0; i < n; i++) {
        span('step', () => undefined);
        yield i;
      }
      return 'done';
    });
    const got = [...tracedNumbers(3)];
    expect(got).toEqual([0, 1, 2]);
    await flush();
    const recs = readRecords(file);
    const gen = recs.find((r) => r.name === 'numbers')!;
    expect(gen.outputs).toEqual({ output: [0, 1, 2], returned: 'done' });
    expect(recs.filter((r) => r.name === 'step').every((r) => r.parent_id === gen.id)).toBe(true);
  });

  it('an async generator span ends when the consumer breaks out (return)', async () => {
    const tracedChunks = observe(async function* chunks() {
      for (let i = 0; ; i++) {
        await sleep(1);
        yield `c${i}`;
      }
    }, { spanType: 'llm' });
    let seen = 0;
    let started = '';
    await span('consumer', async () => {
      for await (const c of tracedChunks()) {
        started ||= c;
        if (++seen === 3) break;
      }
    });
    await flush();
    const recs = readRecords(file);
    const gen = recs.find((r) => r.name === 'chunks')!;
    expect(gen.status).toBe('ok');
    expect(gen.outputs).toEqual({ output: 'c0c1c2' });
    expect(gen.parent_id).toBe(recs.find((r) => r.name === 'consumer')!.id);
  });

  it('a generator that throws records the error and re-throws it', async () => {
    const tracedBad = observe(async function* bad() {
      yield 1;
      throw new Error('stream broke');
    });
    const seen: number[] = [];
    await expect((async () => { for await (const x of tracedBad()) seen.push(x as number); })()).rejects.toThrow('stream broke');
    expect(seen).toEqual([1]);
    await flush();
    const rec = readRecords(file).find((r) => r.name === 'bad')!;
    expect(rec).toMatchObject({ status: 'error', error: { type: 'Error', message: 'stream broke' } });
  });
});

describe('errors', () => {
  it('sync and async throws are recorded (type, message, stack) and re-thrown unchanged', async () => {
    class QuotaError extends Error { override name = 'QuotaError'; }
    const err = new QuotaError('over quota');
    const tracedFailing = observe(async function failing() { throw err; });
    await expect(tracedFailing()).rejects.toBe(err);
    expect(() => span('sync', () => { throw 'a string'; })).toThrow('a string');
    await flush();
    const recs = readRecords(file);
    const f = recs.find((r) => r.name === 'failing')!;
    expect(f.error).toMatchObject({ type: 'QuotaError', message: 'over quota' });
    expect(f.error!.stack).toContain('QuotaError: over quota');
    expect(recs.find((r) => r.name === 'sync')!.error).toEqual({ type: 'string', message: 'a string' });
  });

  it('recordError without throwing marks the span failed; the parent stays ok', async () => {
    await span('parent', async () => {
      span('child', (s) => s.recordError(new TypeError('bad input')));
    });
    await flush();
    const recs = readRecords(file);
    expect(recs.find((r) => r.name === 'child')!.status).toBe('error');
    expect(recs.find((r) => r.name === 'parent')!.status).toBe('ok');
  });

  it('a disposable span ends at the end of its block', async () => {
    {
      using s = startSpan('scoped', { spanType: 'tool' });
      s.setOutputs({ ok: true });
    }
    await flush();
    expect(readRecords(file).find((r) => r.name === 'scoped')).toMatchObject({ status: 'ok', outputs: { ok: true } });
  });

  it('startSpan with activate makes the span current until it ends', async () => {
    const s = startSpan('activated', { activate: true });
    span('inside', () => undefined);
    s.end();
    span('after', () => undefined);
    await flush();
    const recs = readRecords(file);
    expect(recs.find((r) => r.name === 'inside')!.parent_id).toBe(s.id);
    expect(recs.find((r) => r.name === 'after')!.parent_id).toBe(null);
  });

  it('an activated span of a sampled-out trace keeps its children out too, and restores the context', async () => {
    configure({ file, sampleRate: 0 });
    const s = startSpan('dropped root', { activate: true });
    expect(s.isRecording).toBe(false);
    span('dropped child', (c) => expect(c.traceId).toBe(s.traceId));
    s.end();
    expect(currentSpan().isRecording).toBe(false);
    configure({ sampleRate: 1 });
    span('kept', () => undefined);
    await flush();
    expect(readRecords(file).map((r) => r.name)).toEqual(['kept']);
  });
});
