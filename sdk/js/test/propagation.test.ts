/** W3C trace context, the http server and fetch wrappers, sampling. */
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { describe, it, expect, beforeEach } from 'vitest';
import { span, configure, flush, inject, extract, wrapHttpHandler, wrapFetch, currentSpan } from '../src/index';
import { Sampler } from '../src/sampling';
import { readRecords, latest, tmpDir, checkFile } from './helpers';

let file: string;
beforeEach(() => {
  file = path.join(tmpDir(), 'traces.jsonl');
  configure({ file, sampleRate: 1, maxTracesPerSecond: 0 });
});

describe('traceparent / tracestate', () => {
  it('round trip: inject from a span, extract on the other side, the child continues the trace', async () => {
    let headers: Record<string, string> = {};
    const outer = span('caller', (s) => {
      headers = inject({ tracestate: 'vendor=abc' });
      return s;
    });
    expect(headers.traceparent).toBe(`00-${outer.traceId.replace(/-/g, '')}-${outer.id.replace(/-/g, '').slice(-16)}-01`);
    expect(headers.tracestate).toBe(`spanscope=${outer.id.replace(/-/g, '')},vendor=abc`);
    const remote = extract(headers)!;
    expect(remote).toMatchObject({ traceId: outer.traceId, parentId: outer.id, sampled: true });
    span('callee', { parent: remote }, () => undefined);
    await flush();
    const callee = readRecords(file).find((r) => r.name === 'callee')!;
    expect(callee.trace_id).toBe(outer.traceId);
    expect(callee.parent_id).toBe(outer.id);
    expect(checkFile(file)).toEqual([]);
  });

  it('a foreign traceparent (no spanscope tracestate) gives the W3C ids; bad headers are ignored', () => {
    const p = extract({ traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' })!;
    expect(p).toEqual({ traceId: '4bf92f35-77b3-4da6-a3ce-929d0e0e4736', parentId: '00f067aa0ba902b7', sampled: true });
    for (const bad of ['', 'garbage', '00-00000000000000000000000000000000-00f067aa0ba902b7-01', '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01', 'ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01']) {
      expect(extract({ traceparent: bad })).toBeUndefined();
    }
    // A spanscope entry that names another span than traceparent is not trusted.
    const q = extract({ traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00', tracestate: 'spanscope=0190a0a000007000800000000000abcd' })!;
    expect(q).toMatchObject({ parentId: '00f067aa0ba902b7', sampled: false });
  });

  it('a sampled-out remote parent is honoured: nothing of that trace is written', async () => {
    const remote = extract({ traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00' })!;
    span('not sampled', { parent: remote }, () => span('child', () => undefined));
    await flush();
    expect(readRecords(file)).toEqual([]);
  });
});

describe('http server wrapper and fetch wrapper', () => {
  it('a wrapped fetch calling a wrapped Node http server yields one trace', async () => {
    const server = http.createServer(wrapHttpHandler(async (req, res) => {
      await span('handle', { spanType: 'tool' }, async () => {
        currentSpan().setMetadata({ path: req.url });
      });
      res.statusCode = req.url === '/fail' ? 503 : 200;
      res.end('ok');
    }));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const tracedFetch = wrapFetch();
    try {
      await span('client', { spanType: 'agent' }, async () => {
        expect((await tracedFetch(`${url}/ask?q=1`)).status).toBe(200);
        expect((await tracedFetch(`${url}/fail`, { method: 'POST' })).status).toBe(503);
      });
    } finally {
      server.close();
    }
    await flush();
    expect(checkFile(file)).toEqual([]);
    const recs = latest(readRecords(file));
    const all = [...recs.values()];
    const client = all.find((r) => r.name === 'client')!;
    expect(new Set(all.map((r) => r.trace_id))).toEqual(new Set([client.id]));
    const get = all.find((r) => r.name.startsWith('GET 127.0.0.1'))!;
    const serverGet = all.find((r) => r.name === 'GET /ask')!;
    expect(get.parent_id).toBe(client.id);
    expect(serverGet.parent_id).toBe(get.id);
    expect(all.find((r) => r.name === 'handle' && (r.metadata as { path: string }).path === '/ask?q=1')!.parent_id).toBe(serverGet.id);
    expect(all.find((r) => r.name === 'POST /fail')).toMatchObject({ status: 'error', outputs: { status_code: 503 } });
  });
});

describe('sampling', () => {
  it('the decision depends only on the trace id, so every process agrees', () => {
    const a = new Sampler(0.3, 0);
    const b = new Sampler(0.3, 0);
    const ids = Array.from({ length: 1000 }, (_, i) => `0190a0a0-0000-7000-8000-${(i * 2654435761 % 0xffffffffffff).toString(16).padStart(12, '0')}`);
    expect(ids.map((id) => a.keep(id, 0))).toEqual(ids.map((id) => b.keep(id, 0)));
    const kept = ids.filter((id) => a.keep(id, 0)).length;
    expect(kept).toBeGreaterThan(200);
    expect(kept).toBeLessThan(400);
  });

  it('rate 0.5: about half the traces are kept, always whole (children follow their root)', async () => {
    configure({ file, sampleRate: 0.5 });
    for (let i = 0; i < 2000; i++) span('root', () => span('child', () => span('grandchild', () => undefined)));
    await flush();
    const recs = readRecords(file);
    const roots = new Set(recs.filter((r) => r.parent_id === null).map((r) => r.id));
    expect(roots.size).toBeGreaterThan(850);
    expect(roots.size).toBeLessThan(1150);
    expect(recs).toHaveLength(roots.size * 3);
    for (const r of recs) expect(roots.has(r.trace_id)).toBe(true);
  });

  it('rate 0: nothing is written, and propagation still says "not sampled"', async () => {
    configure({ file, sampleRate: 0 });
    let tp = '';
    span('root', (s) => {
      expect(s.isRecording).toBe(false);
      span('child', (c) => expect(c).toBe(s));
      tp = inject<Record<string, string>>({}).traceparent;
    });
    await flush();
    expect(readRecords(file)).toEqual([]);
    expect(tp).toMatch(/-00$/);
  });

  it('rate limit: a burst of new traces is cut to the per-second budget', async () => {
    configure({ file, sampleRate: 1, maxTracesPerSecond: 5 });
    for (let i = 0; i < 200; i++) span('root', () => undefined);
    await flush();
    const n = readRecords(file).length;
    expect(n).toBeGreaterThanOrEqual(5);
    expect(n).toBeLessThanOrEqual(10);
  });
});
