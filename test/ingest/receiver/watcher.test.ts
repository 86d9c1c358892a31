/**
 * The whole path the extension uses: an exporter sends to the receiver, the receiver appends to
 * `.spanscope/otlp-<date>.jsonl`, the watcher (default globs, chokidar, the real incremental
 * store) finds the file and shows its spans; batches appended later show too, and a span
 * written again (GenAI logs arriving after it) is still one span.
 */
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { context, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { JsonLogsSerializer } from '@opentelemetry/otlp-transformer';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { detectLineFormat } from '../../../src/core/readers/jsonl';
import { sniffTraceDatabase } from '../../../src/core/readers/sqlite/index';
import { LocalRepository } from '../../../src/ingest/store/localRepository';
import { TraceWatcher } from '../../../src/ingest/watch';
import { DEFAULT_EXCLUDE_GLOBS, DEFAULT_FILE_GLOBS } from '../../../src/ingest/watch-globs';
import { makeSniffer } from '../../../src/ingest/watch-sniff';
import { waitFor } from '../watch-helpers';
import { post, startReceiver, type Running } from './helpers';

let running: Running | undefined;
let watcher: TraceWatcher | undefined;
let repo: LocalRepository | undefined;
afterEach(async () => {
  await watcher?.dispose();
  await repo?.dispose();
  await running?.stop();
});

describe('receiver → file → watcher', () => {
  it('spans sent by an exporter show up in the repository as they arrive', async () => {
    running = await startReceiver();
    const root = fs.realpathSync(running.dir);
    repo = new LocalRepository({ quietMs: 100 });
    watcher = new TraceWatcher({
      roots: [root], files: DEFAULT_FILE_GLOBS, exclude: DEFAULT_EXCLUDE_GLOBS, repo, debounceMs: 40,
      sniff: makeSniffer({ isTraceDatabase: sniffTraceDatabase, claimsRecord: (r) => detectLineFormat(r) !== undefined }),
    });
    await watcher.start();

    const provider = new BasicTracerProvider({
      spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: `${running.url}/v1/traces` }))],
    });
    const tracer = provider.getTracer('t');
    const agent = tracer.startSpan('agent');
    const llm = tracer.startSpan('chat', { attributes: { 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'm' } }, trace.setSpan(context.active(), agent));
    llm.end();
    await provider.forceFlush();
    const traceId = agent.spanContext().traceId;

    const spanIds = async () => (await repo!.getTrace(traceId))?.rows.map((r) => r.span.id).sort() ?? [];
    await waitFor('the LLM span in the repository', async () => (await spanIds()).length === 1);
    agent.end();
    await provider.forceFlush();
    await waitFor('both spans', async () => (await spanIds()).length === 2);

    // message events after the span: the receiver writes the LLM span again, with them
    const logsOut = new InMemoryLogRecordExporter();
    const logs = new LoggerProvider({ processors: [new SimpleLogRecordProcessor({ exporter: logsOut })] });
    logs.getLogger('l').emit({ eventName: 'gen_ai.user.message', context: trace.setSpan(context.active(), llm), body: { content: 'hello' } });
    await logs.forceFlush();
    const reply = await post(`${running.url}/v1/logs`, { 'Content-Type': 'application/json' }, Buffer.from(JsonLogsSerializer.serializeRequest(logsOut.getFinishedLogRecords())!));
    expect(reply.status).toBe(200);
    const file = (await repo.listFiles()).find((f) => f.file.includes('.spanscope'))!;
    expect(file).toBeDefined();
    await waitFor('the re-emitted span read', async () => {
      const span = await repo!.getSpan(traceId, llm.spanContext().spanId);
      return JSON.stringify(span?.inputs ?? '').includes('hello');
    });
    expect(await spanIds()).toEqual([agent.spanContext().spanId, llm.spanContext().spanId].sort());
    await provider.shutdown();
  });
});
