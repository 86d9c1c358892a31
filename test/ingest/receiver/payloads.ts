/**
 * Request bodies encoded by OpenTelemetry's own serializers (the ones its exporters use), from
 * spans made by the real SDK: tests and the benchmark send bytes a real exporter would send.
 */
import { context, trace } from '@opentelemetry/api';
import { ProtobufTraceSerializer, JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';

/** `count` spans: one root per `perTrace`, the rest its children, GenAI attributes on each. */
export function makeSpans(count: number, perTrace = 8): ReadableSpan[] {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'payloads' }),
    spanProcessors: [new SimpleSpanProcessor(memory)],
  });
  const tracer = provider.getTracer('payloads');
  let made = 0;
  while (made < count) {
    const root = tracer.startSpan('agent', { attributes: { 'gen_ai.operation.name': 'invoke_agent' } });
    made++;
    const ctx = trace.setSpan(context.active(), root);
    for (let i = 1; i < perTrace && made < count; i++, made++) {
      tracer.startSpan(`chat ${i}`, {
        attributes: {
          'gen_ai.operation.name': 'chat',
          'gen_ai.request.model': 'gpt-4o-mini',
          'gen_ai.usage.input_tokens': 100 + i,
          'gen_ai.usage.output_tokens': 10 + i,
        },
      }, ctx).end();
    }
    root.end();
  }
  const spans = memory.getFinishedSpans();
  void provider.shutdown();
  return spans;
}

export const protobufBody = (spans: ReadableSpan[]): Buffer => Buffer.from(ProtobufTraceSerializer.serializeRequest(spans)!);
export const jsonBody = (spans: ReadableSpan[]): Buffer => Buffer.from(JsonTraceSerializer.serializeRequest(spans)!);
