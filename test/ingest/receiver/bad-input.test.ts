/**
 * Bad requests get the OTLP/HTTP status and a google.rpc.Status body, the receiver keeps
 * serving, and the spans stored before them are all still in the file.
 */
import http from 'node:http';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { loadFile } from '../../../src/core/load';
import { decodeStatus } from '../../../src/ingest/receiver/codec';
import { post, startReceiver, storedFiles, type Running } from './helpers';
import { jsonBody, makeSpans, protobufBody } from './payloads';
import { waitFor } from '../watch-helpers';

const PB = { 'Content-Type': 'application/x-protobuf' };
const JSON_CT = { 'Content-Type': 'application/json' };

let r: Running;
let stored = 0;

/** A good batch: answered 200, and counted so the last test can check nothing went missing. */
async function good(n = 20): Promise<void> {
  const reply = await post(`${r.url}/v1/traces`, PB, protobufBody(makeSpans(n)));
  expect(reply.status).toBe(200);
  expect(reply.headers['content-type']).toBe('application/x-protobuf');
  expect(ProtobufTraceSerializer.deserializeResponse(reply.body).partialSuccess).toBeUndefined();
  stored += n;
}

beforeAll(async () => {
  r = await startReceiver();
  await good();
});
afterAll(async () => {
  await r.stop();
});

describe('bad input', () => {
  it('a truncated protobuf body: 400 with a protobuf Status', async () => {
    const whole = protobufBody(makeSpans(50));
    const reply = await post(`${r.url}/v1/traces`, PB, whole.subarray(0, Math.floor(whole.length * 0.6)));
    expect(reply.status).toBe(400);
    expect(reply.headers['content-type']).toBe('application/x-protobuf');
    const status = decodeStatus(reply.body);
    expect(status.code).toBe(3); // INVALID_ARGUMENT
    expect(status.message).toMatch(/invalid protobuf ExportTraceServiceRequest/);
    await good();
  });

  it('invalid JSON: 400 with a JSON Status naming the problem', async () => {
    const reply = await post(`${r.url}/v1/traces`, JSON_CT, Buffer.from('{"resourceSpans": [{"scopeSpans": [ }'));
    expect(reply.status).toBe(400);
    expect(reply.headers['content-type']).toBe('application/json');
    expect(JSON.parse(reply.body.toString())).toMatchObject({ code: 3, message: expect.stringMatching(/^invalid JSON/) });
    const wrongShape = await post(`${r.url}/v1/traces`, JSON_CT, Buffer.from('{"resourceSpans": 7}'));
    expect(wrongShape.status).toBe(400);
    expect(JSON.parse(wrongShape.body.toString()).message).toMatch(/resourceSpans.*array/);
    await good();
  });

  it('a wrong content type: 415', async () => {
    const reply = await post(`${r.url}/v1/traces`, { 'Content-Type': 'text/plain' }, jsonBody(makeSpans(3)));
    expect(reply.status).toBe(415);
    expect(JSON.parse(reply.body.toString()).message).toMatch(/unsupported Content-Type "text\/plain"/);
    const brotli = await post(`${r.url}/v1/traces`, { ...PB, 'Content-Encoding': 'br' }, protobufBody(makeSpans(3)));
    expect(brotli.status).toBe(415);
    await good();
  });

  it('a 100 MB body: 413 from Content-Length before reading, and while streaming without one', async () => {
    const MB = Buffer.alloc(1 << 20, 0x61);
    const declared = await post(`${r.url}/v1/traces`, { ...PB, 'Content-Length': 100 << 20 }, (req) => {
      let sent = 0;
      const pump = () => {
        while (sent < 100 && req.write(MB)) sent++;
        if (sent < 100) req.once('drain', pump); else req.end();
      };
      req.on('error', () => undefined);
      pump();
    }).catch((err: Error) => ({ status: -1, error: err.message }));
    expect(declared.status, JSON.stringify((declared as { error?: string }).error)).toBe(413);

    const streamed = await post(`${r.url}/v1/traces`, { ...PB, 'Transfer-Encoding': 'chunked' }, (req) => {
      let sent = 0;
      const pump = () => {
        while (sent < 100 && req.write(MB)) sent++;
        if (sent < 100) req.once('drain', pump); else req.end();
      };
      req.on('error', () => undefined);
      pump();
    }).catch((err: Error) => ({ status: -1, error: err.message, body: Buffer.alloc(0) }));
    expect(streamed.status, JSON.stringify((streamed as { error?: string }).error)).toBe(413);
    await good();
  });

  it('a gzip bomb (1 GiB of zeros in about 1 MB): 413 at the inflate cap', async () => {
    const gz = zlib.createGzip({ level: 9 });
    const parts: Buffer[] = [];
    gz.on('data', (c: Buffer) => parts.push(c));
    const done = new Promise((res) => gz.on('end', res));
    const zeros = Buffer.alloc(1 << 20);
    for (let i = 0; i < 1024; i++) if (!gz.write(zeros)) await new Promise((res) => gz.once('drain', res));
    gz.end();
    await done;
    const bomb = Buffer.concat(parts);
    expect(bomb.length).toBeLessThan(2 << 20);
    const rss0 = process.memoryUsage().rss;
    const reply = await post(`${r.url}/v1/traces`, { ...PB, 'Content-Encoding': 'gzip' }, bomb);
    expect(reply.status).toBe(413);
    expect(decodeStatus(reply.body).message).toMatch(/gzip body inflates to more than the limit/);
    // the inflate stopped at the cap (128 MiB), far below the bomb's 1 GiB
    expect(process.memoryUsage().rss - rss0).toBeLessThan(512 << 20);
    const broken = await post(`${r.url}/v1/traces`, { ...PB, 'Content-Encoding': 'gzip' }, bomb.subarray(0, 100));
    expect(broken.status).toBe(400);
    await good();
  });

  it('unknown paths and methods: 404 and 405', async () => {
    expect((await post(`${r.url}/v1/profiles`, PB, Buffer.alloc(0))).status).toBe(404);
    const get = await new Promise<number>((resolve, reject) => {
      import('node:http').then(({ default: http }) => http.get(`${r.url}/v1/traces`, (res) => { res.resume(); resolve(res.statusCode ?? 0); }).on('error', reject));
    });
    expect(get).toBe(405);
    await good();
  });

  it('logs and metrics are answered with success in the request encoding', async () => {
    const logs = await post(`${r.url}/v1/logs`, JSON_CT, Buffer.from('{"resourceLogs":[]}'));
    expect(logs.status).toBe(200);
    expect(JSON.parse(logs.body.toString())).toEqual({});
    const metrics = await post(`${r.url}/v1/metrics`, PB, Buffer.alloc(0));
    expect(metrics.status).toBe(200);
    expect(metrics.headers['content-type']).toBe('application/x-protobuf');
    const badMetrics = await post(`${r.url}/v1/metrics`, PB, Buffer.from([0x0a, 0x7f, 0x01]));
    expect(badMetrics.status).toBe(400);
  });

  it('partial success: invalid spans rejected and counted, the valid ones stored (JSON and protobuf)', async () => {
    const spans = makeSpans(4);
    const request = JSON.parse(jsonBody(spans).toString());
    const list = request.resourceSpans[0].scopeSpans[0].spans;
    list[1].traceId = '';
    list[2].startTimeUnixNano = 'yesterday';
    const reply = await post(`${r.url}/v1/traces`, JSON_CT, Buffer.from(JSON.stringify(request)));
    expect(reply.status).toBe(200);
    const body = JSON.parse(reply.body.toString());
    expect(body.partialSuccess.rejectedSpans).toBe('2');
    expect(body.partialSuccess.errorMessage).toMatch(/2 span\(s\) rejected: .*traceId must be 32 hex digits.*startTimeUnixNano/);
    stored += 2;

    const zeroTrace = makeSpans(3).map((s, i) => i !== 0 ? s : {
      ...s, name: s.name,
      spanContext: () => ({ ...s.spanContext(), traceId: '0'.repeat(32) }),
    }) as typeof spans;
    const pb = await post(`${r.url}/v1/traces`, PB, protobufBody(zeroTrace));
    expect(pb.status).toBe(200);
    const decoded = ProtobufTraceSerializer.deserializeResponse(pb.body);
    expect(Number(decoded.partialSuccess?.rejectedSpans)).toBe(1);
    expect(decoded.partialSuccess?.errorMessage).toMatch(/traceId/);
    stored += 2;
  });

  it('after all that, every good span is in the file and the counters agree', async () => {
    await r.receiver.sink.flush();
    const files = storedFiles(r);
    expect(files).toHaveLength(1);
    const read = await loadFile(files[0]);
    expect(read.warnings).toEqual([]);
    expect(read.spans.length).toBe(stored);
    expect(new Set(read.spans.map((s) => s.id)).size).toBe(stored);
    expect(r.receiver.stats.spansAccepted).toBe(stored);
    expect(r.receiver.stats.spansRejected).toBe(3);
  });
});

describe('a client that goes away', () => {
  it('mid-body: the request fails on the server side, nothing is stored from it, the receiver keeps serving', async () => {
    const own = await startReceiver();
    try {
      const whole = protobufBody(makeSpans(100));
      await new Promise<void>((resolve) => {
        const req = http.request(`${own.url}/v1/traces`, { method: 'POST', headers: { ...PB, 'Content-Length': whole.length }, agent: false });
        req.on('error', () => resolve());
        req.write(whole.subarray(0, 1000), () => setTimeout(() => { req.destroy(); resolve(); }, 50));
      });
      await waitFor('the failed request counted', () => own.receiver.stats.failedRequests === 1);
      const reply = await post(`${own.url}/v1/traces`, PB, protobufBody(makeSpans(5)));
      expect(reply.status).toBe(200);
      await own.receiver.sink.flush();
      expect((await loadFile(storedFiles(own)[0])).spans).toHaveLength(5);
    } finally {
      await own.stop();
    }
  });
});
