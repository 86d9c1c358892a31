/**
 * The same spans sent once as protobuf and once as JSON (OpenTelemetry's own serializers) read
 * back identically: every attribute value type (string, bool, int incl. negative and beyond
 * 2^53, double, arrays, bytes), events, links, status, kinds, resource and scope.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { loadFile } from '../../../src/core/load';
import type { Span } from '../../../src/core/model';
import { post, startReceiver, storedFiles, type Running } from './helpers';
import { jsonBody, protobufBody } from './payloads';

const runs: Running[] = [];
afterEach(async () => {
  for (const r of runs.splice(0)) await r.stop();
});

function spans() {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'enc', 'deployment.environment': 'test', 'host.cpus': 2 }),
    spanProcessors: [new SimpleSpanProcessor(memory)],
  });
  const tracer = provider.getTracer('enc-scope', '2.0.1');
  const root = tracer.startSpan('root', { kind: SpanKind.SERVER, startTime: [1_763_700_000, 1] });
  const child = tracer.startSpan('child', {
    kind: SpanKind.CLIENT,
    startTime: [1_763_700_000, 999_999_999],
    links: [{ context: root.spanContext(), attributes: { 'link.kind': 'follows' } }],
    attributes: {
      s: 'text with "quotes" and ünïcödé', b: true, f: false, i: 42, neg: -7, big: 2 ** 53 + 2,
      d: 3.5, sa: ['x', 'y'], ia: [1, 2, 3], da: [0.5, 1.5], ba: [true, false],
      'gen_ai.request.model': 'claude-sonnet', 'gen_ai.usage.input_tokens': 10, 'gen_ai.usage.output_tokens': 3,
    },
  }, trace.setSpan(context.active(), root));
  child.addEvent('retry', { attempt: 2, reason: 'rate limit' }, [1_763_700_001, 5]);
  child.setStatus({ code: SpanStatusCode.ERROR, message: 'boom' });
  child.end([1_763_700_002, 0]);
  root.setStatus({ code: SpanStatusCode.OK });
  root.end([1_763_700_003, 7]);
  return memory.getFinishedSpans();
}

async function roundTrip(body: Buffer, contentType: string): Promise<Span[]> {
  const r = await startReceiver();
  runs.push(r);
  expect((await post(`${r.url}/v1/traces`, { 'Content-Type': contentType }, body)).status).toBe(200);
  const read = await loadFile(storedFiles(r)[0]);
  expect(read.warnings).toEqual([]);
  return read.spans.map(({ origin: _origin, ...s }) => s as Span).sort((a, b) => a.name.localeCompare(b.name));
}

describe('protobuf and JSON requests store the same spans', () => {
  it('every value type, event, link and status reads back the same from both', async () => {
    const sent = spans();
    const fromPb = await roundTrip(protobufBody(sent), 'application/x-protobuf');
    const fromJson = await roundTrip(jsonBody(sent), 'application/json');
    expect(fromPb).toHaveLength(2);
    // Two differences that are the senders', not the receiver's: OpenTelemetry's JSON encoder
    // writes int64 as a JSON number and zero counts explicitly; protobuf keeps the exact digits
    // (read as a string past 2^53) and the JSON mapping leaves zero counts out.
    const normal = (xs: Span[]) => JSON.parse(JSON.stringify(xs, (k, v) => (k === 'big' || (k === 'droppedAttributesCount' && v === 0) ? undefined : v)));
    expect(normal(fromPb)).toEqual(normal(fromJson));
    expect(JSON.stringify(fromPb)).toContain('"big":"9007199254740994"');
    const child = fromPb.find((s) => s.name === 'child')!;
    const text = JSON.stringify(child);
    for (const v of ['ünïcödé', '"neg":-7', '"d":3.5', '[1,2,3]', '[0.5,1.5]', '[true,false]', '"attempt":2']) expect(text).toContain(v);
    expect(child.events?.find((e) => e.name === 'retry')).toBeDefined();
    expect(child.status).toBe('error');
    expect(child.model).toBe('claude-sonnet');
  });
});
