import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFile } from '../../../src/core/load';
import { readJsonl } from '../../../src/core/readers/jsonl';
import { byName, fixture } from './helpers';

describe('OTLP JSON: GenAI semantic conventions, current names', () => {
  it('reads a chat with tool calls', async () => {
    const r = await loadFile(fixture('otlp-genai-chat.json'));
    expect(r.format).toBe('otlp');
    expect(r.warnings).toEqual([]);
    expect(r.spans).toHaveLength(4);
    const agent = byName(r.spans, 'invoke_agent weather');
    expect(agent.spanType).toBe('agent');
    expect(agent.service).toBe('weather-agent');
    expect(agent.kind).toBe('internal');
    expect(agent.parentId).toBeNull();

    const [first, second] = r.spans.filter((s) => s.name === 'chat gpt-4o');
    expect(first!.spanType).toBe('llm');
    expect(first!.parentId).toBe(agent.id);
    expect(first!.kind).toBe('client');
    expect(first!.provider).toBe('openai');
    expect(first!.model).toBe('gpt-4o-2024-08-06');
    expect(first!.metadata?.['gen_ai.request.model']).toBe('gpt-4o');
    expect(first!.usage).toEqual({ input_tokens: 120, output_tokens: 18, total_tokens: 138, cache_read_input_tokens: 64, reasoning_tokens: 0 });
    expect(first!.inputs).toEqual({ messages: [
      { role: 'system', content: 'You are a weather bot.' },
      { role: 'user', content: 'Weather in Paris?' },
    ] });
    expect(first!.outputs).toEqual({ messages: [{
      role: 'assistant', content: null, finish_reason: 'tool_call',
      tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }],
    }] });
    expect(first!.source).toEqual({ file: '/home/dev/agent/bot.py', line: 42, function: 'ask' });
    expect(first!.startTime).toBe(1795272500005000);

    const toolResult = (second!.inputs as { messages: Array<Record<string, unknown>> }).messages[2];
    expect(toolResult).toEqual({ role: 'tool', content: '18°C, clear', tool_call_id: 'call_1' });

    const tool = byName(r.spans, 'execute_tool get_weather');
    expect(tool.spanType).toBe('tool');
    expect(tool.inputs).toEqual({ city: 'Paris' });
    expect(tool.outputs).toEqual({ output: '18°C, clear' });
    expect(tool.status).toBe('ok');
  });
});

describe('OTLP JSON: deprecated GenAI names, base64 ids, events', () => {
  it('maps the older attribute names and decodes ids', async () => {
    const r = await loadFile(fixture('otlp-genai-deprecated.json'));
    expect(r.spans).toHaveLength(3);
    const outer = byName(r.spans, 'openai.chat');
    expect(outer.parentId).toBe('0102030405060708');
    expect(outer.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(outer.id).toBe('53995c3f42cd8ad8');
    expect(outer.provider).toBe('openai');
    expect(outer.model).toBe('gpt-3.5-turbo');
    expect(outer.usage).toEqual({ input_tokens: 31, output_tokens: 17, total_tokens: 48 });
    expect(outer.spanType).toBe('llm');
    expect(outer.inputs).toEqual({ messages: [{ role: 'user', content: 'Book a table for two.' }] });
    const out = (outer.outputs as { messages: Array<Record<string, unknown>> }).messages[0]!;
    expect(out.tool_calls).toEqual([{ id: 'call_9', type: 'function', function: { name: 'book_table', arguments: '{"people": 2}' } }]);
    expect(out.finish_reason).toBe('tool_calls');
    expect(outer.source).toEqual({ file: '/app/booking.py', line: 17, function: 'booking.Agent.book' });
    expect(outer.metadata).toEqual({ 'http.status_code': 200 });
    expect(outer.status).toBe('ok');
  });

  it('turns GenAI events into messages and exception events into the error', async () => {
    const r = await loadFile(fixture('otlp-genai-deprecated.json'));
    const inner = byName(r.spans, 'chat');
    expect(inner.parentId).toBe('53995c3f42cd8ad8');
    expect(inner.provider).toBe('anthropic');
    expect(inner.inputs).toEqual({ messages: [{ role: 'user', content: 'Is 8pm free?' }] });
    expect(inner.status).toBe('error');
    expect(inner.error?.type).toBe('anthropic.RateLimitError');
    expect(inner.error?.message).toBe('429 Too Many Requests');
    expect(inner.error?.stack).toContain('Traceback');
    expect(inner.events?.map((e) => e.name)).toEqual(['exception']);
  });
});

describe('OTLP JSON: OpenLLMetry', () => {
  it('reads the workflow kind and entity input/output', async () => {
    const r = await loadFile(fixture('otlp-genai-deprecated.json'));
    const workflow = byName(r.spans, 'booking.workflow');
    expect(workflow.spanType).toBe('chain');
    expect(workflow.inputs).toEqual({ request: 'table for two at 8pm' });
    expect(workflow.outputs).toEqual({ booked: false });
    expect(workflow.metadata).toEqual({ 'traceloop.entity.name': 'booking' });
    expect(workflow.parentId).toBeNull();
  });
});

describe('OTLP JSON: OpenInference', () => {
  it('reads a RAG trace: kinds, documents, flattened messages, token details, metadata and tags', async () => {
    const r = await loadFile(fixture('otlp-openinference-rag.json'));
    expect(r.spans).toHaveLength(4);
    const chain = byName(r.spans, 'rag_query');
    expect(chain.spanType).toBe('chain');
    expect(chain.inputs).toEqual({ value: 'What is the refund window?' });
    expect(chain.outputs).toEqual({ answer: '30 days from delivery.' });
    expect(chain.metadata).toEqual({ user_tier: 'pro', experiment: 'rag-v2', 'session.id': 'sess-42' });
    expect(chain.tags).toEqual(['prod', 'rag']);

    const retriever = byName(r.spans, 'retrieve');
    expect(retriever.spanType).toBe('retriever');
    const docs = (retriever.outputs as { documents: Array<Record<string, unknown>> }).documents;
    expect(docs.map((d) => d.id)).toEqual(['kb-17', 'kb-03']);
    expect(docs[1]!.metadata).toEqual({ source: 'shipping.md' });

    const embed = byName(r.spans, 'embed_query');
    expect(embed.spanType).toBe('embedding');
    expect(embed.model).toBe('text-embedding-3-small');
    expect(embed.parentId).toBe(retriever.id);

    const llm = byName(r.spans, 'ChatOpenAI');
    expect(llm.spanType).toBe('llm');
    expect(llm.model).toBe('gpt-4o-mini');
    expect(llm.provider).toBe('openai');
    expect(llm.usage).toEqual({ input_tokens: 412, output_tokens: 9, total_tokens: 421, cache_read_input_tokens: 256 });
    const msgs = (llm.inputs as { messages: Array<Record<string, unknown>> }).messages;
    expect(msgs.map((m) => m.role)).toEqual(['system', 'user']);
    expect(llm.outputs).toEqual({ messages: [{ role: 'assistant', content: '30 days from delivery.' }] });
    expect(llm.source).toEqual({ file: '/srv/app/rag/chain.py', line: 88, function: 'answer' });
  });
});

describe('OTLP JSON Lines (Collector file exporter)', () => {
  it('reads one request per line and keeps the spans around a truncated line', async () => {
    const r = await loadFile(fixture('otlp-collector.jsonl'));
    expect(r.format).toBe('otlp');
    expect(r.spans).toHaveLength(6);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatchObject({ file: fixture('otlp-collector.jsonl'), line: 3 });
    expect(r.warnings[0]!.message).toMatch(/not valid JSON/);
    const server = r.spans.filter((s) => s.kind === 'server');
    expect(server).toHaveLength(3);
    for (const s of r.spans) {
      expect(s.service).toBe('collector-demo');
      expect(s.origin?.line).toBeGreaterThan(0);
    }
    const lines = r.spans.map((s) => s.origin?.line);
    expect(new Set(lines)).toEqual(new Set([1, 2, 4]));
  });
});

describe('OTLP JSON: variants and bad spans', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'spanscope-otlp-'));
  const write = (name: string, doc: unknown): string => {
    const file = path.join(dir, name);
    writeFileSync(file, JSON.stringify(doc, null, 2));
    return file;
  };
  const span = (extra: Record<string, unknown>) => ({
    traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', name: 's',
    startTimeUnixNano: '1795272500000000000', endTimeUnixNano: '1795272501000000000', ...extra,
  });

  it("reads Tempo's {batches} and protobuf's snake_case field names", async () => {
    const tempo = await loadFile(write('tempo.json', { batches: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'api' } }] }, scopeSpans: [{ spans: [span({})] }] }] }));
    expect(tempo.spans.map((s) => s.service)).toEqual(['api']);
    const snake = await loadFile(write('snake.json', { resource_spans: [{ scope_spans: [{ spans: [{
      trace_id: '0af7651916cd43dd8448eb211c80319c', span_id: 'b7ad6b7169203331', parent_span_id: '00f067aa0ba902b7', name: 'snake',
      kind: 'SPAN_KIND_PRODUCER', start_time_unix_nano: 1795272500000000000, end_time_unix_nano: 1795272501000000000,
      attributes: [{ key: 'n', value: { int_value: '7' } }], status: { code: 'STATUS_CODE_ERROR', message: 'boom' },
    }] }] }] }));
    const s = snake.spans[0]!;
    expect([s.parentId, s.kind, s.status, s.error?.message, s.metadata]).toEqual(['00f067aa0ba902b7', 'producer', 'error', 'boom', { n: 7 }]);
  });

  it('keeps a handled exception as an event without failing the span', async () => {
    const ex = { timeUnixNano: '1795272500500000000', name: 'exception', attributes: [{ key: 'exception.type', value: { stringValue: 'RetryableError' } }] };
    const r = await loadFile(write('handled.json', { resourceSpans: [{ scopeSpans: [{ spans: [span({ events: [ex], status: {} })] }] }] }));
    const s = r.spans[0]!;
    expect([s.status, s.error, s.events?.map((e) => e.name)]).toEqual(['ok', undefined, ['exception']]);
  });

  it('reads a span without an end as running, and reports a bad span by name while keeping the others', async () => {
    const r = await loadFile(write('mixed.json', { resourceSpans: [{ scopeSpans: [{ spans: [
      span({ spanId: '1111111111111111', endTimeUnixNano: '0', name: 'open' }),
      span({ spanId: undefined, name: 'no id' }),
      span({ spanId: '2222222222222222', startTimeUnixNano: 'soon', name: 'bad time' }),
      span({ spanId: '3333333333333333', name: 'fine', kind: 2, status: { code: 1 } }),
    ] }] }] }));
    expect(r.spans.map((s) => [s.name, s.status])).toEqual([['open', 'running'], ['fine', 'ok']]);
    expect(r.spans[0]!.endTime).toBeUndefined();
    expect(r.warnings.map((w) => w.message)).toEqual([
      'span has no "spanId"',
      'span 2222222222222222: missing or unreadable "startTimeUnixNano"',
    ]);
    expect(r.warnings.every((w) => w.file.endsWith('mixed.json'))).toBe(true);
  });
});

describe('OTLP JSON Lines: one bad span in a line', () => {
  it('keeps the line’s good spans and names the line', () => {
    const line = JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [
      { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', name: 'ok', startTimeUnixNano: '1795272500000000000', endTimeUnixNano: '1795272501000000000' },
      { traceId: '0af7651916cd43dd8448eb211c80319c', name: 'no id', startTimeUnixNano: '1795272500000000000' },
    ] }] }] });
    const r = readJsonl(Buffer.from(`${line}\n${line}\n`), 'c.jsonl');
    expect(r.spans.map((s) => s.name)).toEqual(['ok']);
    expect(r.warnings).toEqual([
      { file: 'c.jsonl', line: 1, message: 'span has no "spanId"' },
      { file: 'c.jsonl', line: 2, message: 'span has no "spanId"' },
    ]);
  });
});
