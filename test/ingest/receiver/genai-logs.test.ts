/**
 * GenAI message events sent as OTLP logs (the OpenTelemetry logs SDK, encoded by its own
 * serializers) end up on their spans: read back, the LLM span has the prompt and completion,
 * whether the logs came before the span or after it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { context, trace, type Span as ApiSpan } from '@opentelemetry/api';
import { JsonLogsSerializer, ProtobufLogsSerializer } from '@opentelemetry/otlp-transformer';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { loadFile } from '../../../src/core/load';
import { post, startReceiver, storedFiles, type Running } from './helpers';
import { protobufBody } from './payloads';

let running: Running | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

/** An LLM span under an agent span, and the log events an instrumentation emits inside it. */
async function chat(emit: (span: ApiSpan, logs: LoggerProvider) => void) {
  const spans = new InMemorySpanExporter();
  const tracer = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] }).getTracer('t');
  const logsOut = new InMemoryLogRecordExporter();
  const logs = new LoggerProvider({ processors: [new SimpleLogRecordProcessor({ exporter: logsOut })] });
  const root = tracer.startSpan('agent');
  const llm = tracer.startSpan('chat gpt-4o', {
    attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o' },
  }, trace.setSpan(context.active(), root));
  emit(llm, logs);
  llm.end();
  root.end();
  await logs.forceFlush(); // the processor hands records to the exporter in a microtask
  return { spans: spans.getFinishedSpans(), logs: logsOut.getFinishedLogRecords(), llmId: llm.spanContext().spanId };
}

function messageEvents(span: ApiSpan, logs: LoggerProvider): void {
  const logger = logs.getLogger('opentelemetry.instrumentation.openai_v2');
  const ctx = trace.setSpan(context.active(), span);
  logger.emit({ eventName: 'gen_ai.system.message', context: ctx, attributes: { 'gen_ai.system': 'openai' }, body: { content: 'You are terse.' } });
  logger.emit({ eventName: 'gen_ai.user.message', context: ctx, attributes: { 'gen_ai.system': 'openai' }, body: { content: 'Weather in Paris?' } });
  logger.emit({
    eventName: 'gen_ai.choice', context: ctx, attributes: { 'gen_ai.system': 'openai' },
    body: { index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'Sunny, 21 °C.' } },
  });
  // not a GenAI event: dropped
  logger.emit({ body: 'plain application log', context: ctx });
}

const PB = { 'Content-Type': 'application/x-protobuf' };

describe('GenAI log events joined to spans', () => {
  it('logs before the span (protobuf): the events are attached when the span arrives', async () => {
    running = await startReceiver();
    const { spans, logs, llmId } = await chat(messageEvents);
    const logReply = await post(`${running.url}/v1/logs`, PB, Buffer.from(ProtobufLogsSerializer.serializeRequest(logs)!));
    expect(logReply.status).toBe(200);
    expect(storedFiles(running)).toEqual([]); // nothing to store until the span comes
    expect((await post(`${running.url}/v1/traces`, PB, protobufBody(spans))).status).toBe(200);

    const read = await loadFile(storedFiles(running)[0]);
    expect(read.spans).toHaveLength(2);
    const llm = read.spans.find((s) => s.id === llmId)!;
    expect(llm.inputs).toEqual({ messages: [
      expect.objectContaining({ role: 'system', content: 'You are terse.' }),
      expect.objectContaining({ role: 'user', content: 'Weather in Paris?' }),
    ] });
    expect(llm.outputs).toEqual({ messages: [expect.objectContaining({ role: 'assistant', content: 'Sunny, 21 °C.', finish_reason: 'stop' })] });
    expect(running.receiver.joiner?.waiting).toBe(0);
  });

  it('logs after the span (JSON): the span is written again with them and read once', async () => {
    running = await startReceiver();
    const { spans, logs, llmId } = await chat(messageEvents);
    expect((await post(`${running.url}/v1/traces`, PB, protobufBody(spans))).status).toBe(200);
    const logReply = await post(`${running.url}/v1/logs`, { 'Content-Type': 'application/json' }, Buffer.from(JsonLogsSerializer.serializeRequest(logs)!));
    expect(logReply.status).toBe(200);

    const read = await loadFile(storedFiles(running)[0]);
    expect(read.spans.filter((s) => s.id === llmId)).toHaveLength(1);
    const llm = read.spans.find((s) => s.id === llmId)!;
    expect(llm.model).toBe('gpt-4o');
    expect((llm.inputs as { messages: { content: string }[] }).messages.map((m) => m.content)).toEqual(['You are terse.', 'Weather in Paris?']);
    expect((llm.outputs as { messages: { content: string }[] }).messages[0].content).toBe('Sunny, 21 °C.');
  });

  it('the newer operation-details event moves gen_ai.input/output.messages onto the span', async () => {
    running = await startReceiver();
    const { spans, logs, llmId } = await chat((span, provider) => {
      provider.getLogger('genai').emit({
        eventName: 'gen_ai.client.inference.operation.details',
        context: trace.setSpan(context.active(), span),
        attributes: {
          'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: 'Hi there' }] }]),
          'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: 'Hello!' }], finish_reason: 'stop' }]),
        },
      });
    });
    await post(`${running.url}/v1/logs`, PB, Buffer.from(ProtobufLogsSerializer.serializeRequest(logs)!));
    await post(`${running.url}/v1/traces`, PB, protobufBody(spans));
    const llm = (await loadFile(storedFiles(running)[0])).spans.find((s) => s.id === llmId)!;
    expect(JSON.stringify(llm.inputs)).toContain('Hi there');
    expect(JSON.stringify(llm.outputs)).toContain('Hello!');
  });
});
