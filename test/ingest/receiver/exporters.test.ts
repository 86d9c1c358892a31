/**
 * Real OpenTelemetry JS exporters (OTLP/HTTP JSON and protobuf, plain and gzip) send nested
 * GenAI spans to the receiver; the file it writes, read back with the normal loader, holds
 * exactly those spans: ids, parents, times to the nanosecond in the file, attributes.
 */
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { context, SpanKind, SpanStatusCode, trace, type HrTime } from '@opentelemetry/api';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { loadFile } from '../../../src/core/load';
import { startReceiver, storedFiles, type Running } from './helpers';

let running: Running | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

const T0 = 1_763_700_000; // seconds
const at = (ms: number, extraNs = 0): HrTime => [T0 + Math.floor(ms / 1000), (ms % 1000) * 1e6 + extraNs];
const nanos = (t: HrTime) => (BigInt(t[0]) * 1_000_000_000n + BigInt(t[1])).toString();

interface Sent {
  traceId: string;
  root: string;
  llm: string;
  tool: string;
}

/** An agent span, an LLM call under it, a tool call under that; times with odd nanoseconds. */
async function sendTrace(exporter: SpanExporter, service: string): Promise<Sent> {
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': service }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('receiver-test', '1.0.0');
  const root = tracer.startSpan('invoke_agent weather', {
    startTime: at(0, 123_457),
    attributes: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.agent.name': 'weather' },
  });
  const llm = tracer.startSpan('chat gpt-4o', {
    kind: SpanKind.CLIENT,
    startTime: at(10, 987_654),
    attributes: {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.response.model': 'gpt-4o-2024-08-06',
      'gen_ai.usage.input_tokens': 1234,
      'gen_ai.usage.output_tokens': 56,
      'gen_ai.request.temperature': 0.25,
      'app.tags': ['a', 'b'],
    },
  }, trace.setSpan(context.active(), root));
  const tool = tracer.startSpan('execute_tool get_weather', {
    startTime: at(700, 1),
    attributes: { 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.name': 'get_weather' },
  }, trace.setSpan(context.active(), llm));
  tool.setStatus({ code: SpanStatusCode.ERROR, message: 'city not found' });
  tool.end(at(750, 999_999));
  llm.end(at(1_500, 5));
  root.end(at(2_000, 0));
  await provider.forceFlush();
  await provider.shutdown();
  return { traceId: root.spanContext().traceId, root: root.spanContext().spanId, llm: llm.spanContext().spanId, tool: tool.spanContext().spanId };
}

const cases = [
  { name: 'JSON', make: (url: string) => new JsonExporter({ url }) },
  { name: 'JSON + gzip', make: (url: string) => new JsonExporter({ url, compression: 'gzip' as never }) },
  { name: 'protobuf', make: (url: string) => new ProtoExporter({ url }) },
  { name: 'protobuf + gzip', make: (url: string) => new ProtoExporter({ url, compression: 'gzip' as never }) },
];

describe('OpenTelemetry JS exporters → receiver → file → loadFile', () => {
  for (const c of cases) {
    it(`${c.name}: nested GenAI spans come back with ids, parents, times and attributes`, async () => {
      running = await startReceiver();
      const sent = await sendTrace(c.make(`${running.url}/v1/traces`), `svc-${c.name}`);
      await running.receiver.sink.flush();
      expect(running.receiver.stats).toMatchObject({ spansAccepted: 3, spansRejected: 0, failedRequests: 0 });

      const files = storedFiles(running);
      expect(files).toHaveLength(1);
      expect(files[0]).toMatch(/[/\\]\.spanscope[/\\]otlp-\d{4}-\d{2}-\d{2}\.jsonl$/);
      const lines = fs.readFileSync(files[0], 'utf8').split('\n').filter(Boolean);
      expect(lines.length).toBe(3); // SimpleSpanProcessor: one request per span
      // The file keeps every nanosecond of the exporter's times.
      const raw = lines.flatMap((l) => JSON.parse(l).resourceSpans[0].scopeSpans[0].spans);
      const rawTool = raw.find((s: { spanId: string }) => s.spanId === sent.tool);
      expect(rawTool.startTimeUnixNano).toBe(nanos(at(700, 1)));
      expect(rawTool.endTimeUnixNano).toBe(nanos(at(750, 999_999)));

      const read = await loadFile(files[0]);
      expect(read.format).toBe('otlp');
      expect(read.warnings).toEqual([]);
      const byId = new Map(read.spans.map((s) => [s.id, s]));
      const root = byId.get(sent.root)!;
      const llm = byId.get(sent.llm)!;
      const tool = byId.get(sent.tool)!;
      for (const s of [root, llm, tool]) {
        expect(s.traceId).toBe(sent.traceId);
        expect(s.service).toBe(`svc-${c.name}`);
      }
      expect(root.parentId).toBeNull();
      expect(llm.parentId).toBe(sent.root);
      expect(tool.parentId).toBe(sent.llm);
      // µs with the nanoseconds as a fraction, to the model's resolution (0.25 µs today)
      expect(Math.abs(root.startTime - (T0 * 1e6 + 123.457))).toBeLessThanOrEqual(0.25);
      expect(Math.abs(llm.startTime - (T0 * 1e6 + 10_000 + 987.654))).toBeLessThanOrEqual(0.25);
      expect(Math.abs(llm.endTime! - (T0 * 1e6 + 1_500_000.005))).toBeLessThanOrEqual(0.25);
      expect(tool.startTime).toBeGreaterThan(llm.startTime);
      expect(llm.name).toBe('chat gpt-4o');
      expect(llm.spanType).toBe('llm');
      expect(llm.model).toBe('gpt-4o-2024-08-06');
      expect(llm.usage).toMatchObject({ input_tokens: 1234, output_tokens: 56 });
      expect(llm.kind?.toLowerCase()).toContain('client');
      expect(tool.spanType).toBe('tool');
      expect(tool.status).toBe('error');
      expect(tool.error?.message).toBe('city not found');
      expect(JSON.stringify(llm)).toContain('"a","b"');
      expect(JSON.stringify(llm)).toContain('0.25');
    });
  }
});
