/**
 * The OTLP reader against what the OpenTelemetry JS SDK's own JSON serializer writes (the
 * body its OTLP/HTTP JSON exporter posts), for spans made with the real SDK.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { loadFile } from '../../../src/core/load';

describe('OTLP JSON from the OpenTelemetry JS SDK', () => {
  it('reads ids, nesting, kinds, GenAI attributes, code.* and exceptions', async () => {
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': 'sdk-app' }),
      spanProcessors: [new SimpleSpanProcessor(exporter)],
    });
    const tracer = provider.getTracer('test');
    const root = tracer.startSpan('handle request', { kind: SpanKind.SERVER });
    const ctx = trace.setSpan(context.active(), root);
    const chat = tracer.startSpan('chat gpt-4o', {
      kind: SpanKind.CLIENT,
      attributes: {
        'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o',
        'gen_ai.usage.input_tokens': 100, 'gen_ai.usage.output_tokens': 20,
        'code.file.path': '/srv/app.ts', 'code.line.number': 7, 'code.function.name': 'ask',
      },
    }, ctx);
    chat.recordException(new TypeError('bad response'));
    chat.setStatus({ code: SpanStatusCode.ERROR, message: 'bad response' });
    chat.end();
    root.end();
    await provider.forceFlush();
    const finished = exporter.getFinishedSpans();

    const body = new TextDecoder().decode(JsonTraceSerializer.serializeRequest(finished)!);
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'spanscope-sdk-')), 'request.json');
    writeFileSync(file, body);
    const r = await loadFile(file);
    expect(r.format).toBe('otlp');
    expect(r.warnings).toEqual([]);
    expect(r.spans).toHaveLength(2);

    const rootRead = r.spans.find((s) => s.name === 'handle request')!;
    const chatRead = r.spans.find((s) => s.name === 'chat gpt-4o')!;
    expect(rootRead.id).toBe(root.spanContext().spanId);
    expect(rootRead.traceId).toBe(root.spanContext().traceId);
    expect(rootRead.kind).toBe('server');
    expect(rootRead.service).toBe('sdk-app');
    expect(chatRead.parentId).toBe(rootRead.id);
    expect(chatRead.kind).toBe('client');
    expect(chatRead.spanType).toBe('llm');
    expect(chatRead.model).toBe('gpt-4o');
    expect(chatRead.usage).toEqual({ input_tokens: 100, output_tokens: 20, total_tokens: 120 });
    expect(chatRead.source).toEqual({ file: '/srv/app.ts', line: 7, function: 'ask' });
    expect(chatRead.status).toBe('error');
    expect(chatRead.error).toMatchObject({ type: 'TypeError', message: 'bad response' });
    expect(chatRead.error?.stack).toContain('TypeError');
    const sdkChat = finished.find((s) => s.name === 'chat gpt-4o')!;
    const startUs = sdkChat.startTime[0] * 1e6 + sdkChat.startTime[1] / 1e3;
    expect(chatRead.startTime).toBeCloseTo(startUs, 0);
  });
});
