import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadFile } from '../../../src/core/load';
import { readJsonl } from '../../../src/core/readers/jsonl';
import { byName, fixture } from './helpers';

describe('native JSONL', () => {
  it('replaces a running start record by its end record, keeping fields only the start had', async () => {
    const r = await loadFile(fixture('native-running.jsonl'));
    expect(r.format).toBe('native');
    expect(r.warnings).toEqual([]);
    expect(r.spans).toHaveLength(4);
    const root = byName(r.spans, 'answer_question');
    expect(root.status).toBe('ok');
    expect(root.endTime).toBe(Date.UTC(2026, 10, 21, 14, 45, 6) * 1000 + 140456);
    expect(root.outputs).toEqual({ answer: '30 days.' });
    expect(root.inputs).toEqual({ question: 'What is the refund window?' });
    expect(root.source).toEqual({ file: '/home/dev/rag/app.py', line: 12, function: 'answer_question' });
    expect(root.parentId).toBeNull();
    // the root's end record is line 5: origin points at the record that won
    expect(root.origin?.line).toBe(5);
  });

  it('reads every model field', async () => {
    const { spans } = await loadFile(fixture('native-running.jsonl'));
    const llm = byName(spans, 'chat gpt-4o-mini');
    expect(llm.spanType).toBe('llm');
    expect(llm.model).toBe('gpt-4o-mini');
    expect(llm.provider).toBe('openai');
    expect(llm.usage).toEqual({ input_tokens: 412, output_tokens: 9, total_tokens: 421, cache_read_input_tokens: 256, reasoning_tokens: 0 });
    expect(llm.costUsd).toBeCloseTo(0.0000672, 10);
    expect(llm.tags).toEqual(['prod']);
    expect(llm.events).toEqual([{ name: 'first_token', time: llm.startTime + 200000 }]);
    expect(llm.dottedOrder?.split('.')).toHaveLength(2);
    expect(llm.traceId).toBe('01a1fe91-69e3-7f1b-8bcd-0004f1c98808');
    expect(byName(spans, 'search_docs').spanType).toBe('retriever');
  });

  it('takes epoch numbers in µs and ms, and error objects', async () => {
    const { spans } = await loadFile(fixture('native-running.jsonl'));
    const guard = byName(spans, 'check_policy');
    expect(guard.startTime).toBe(1795272306126456);
    expect(guard.endTime).toBe(1795272306136456);
    expect(guard.status).toBe('error');
    expect(guard.error).toEqual({ type: 'PolicyViolation', message: 'answer cites no source', stack: 'Traceback...\n  guard.py:9' });
  });

  it('never lets a later running record un-finish a span', () => {
    const ended = '{"id":"a","trace_id":"a","name":"r","start_time":"2026-11-21T10:00:00Z","end_time":"2026-11-21T10:00:01Z","status":"ok"}';
    const running = '{"id":"a","trace_id":"a","name":"r","start_time":"2026-11-21T10:00:00Z","status":"running"}';
    const r = readJsonl(Buffer.from(`${ended}\n${running}\n`), 'x.jsonl');
    expect(r.spans).toHaveLength(1);
    expect(r.spans[0]!.status).toBe('ok');
  });

  it('reads the SDK conformance fixtures with no warning', async () => {
    for (const name of ['rag-trace.jsonl', 'llm-tool-calls.jsonl', 'error-span.jsonl', 'dropped-report.jsonl']) {
      const file = `${__dirname}/../../../sdk/format/fixtures/${name}`;
      const ids = new Set(readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l).id));
      const r = await loadFile(file);
      expect(r.warnings, name).toEqual([]);
      expect(r.spans.map((s) => s.id).sort(), name).toEqual([...ids].sort());
    }
  });
});

describe('LangSmith runs', () => {
  it('maps run fields without counting a chain its children tokens', async () => {
    const r = await loadFile(fixture('langsmith-runs.jsonl'));
    expect(r.format).toBe('native');
    expect(r.warnings).toEqual([]);
    const chain = byName(r.spans, 'RetrievalQA');
    expect(chain.spanType).toBe('chain');
    expect(chain.usage).toBeUndefined();
    expect(chain.costUsd).toBeUndefined();
    expect(chain.service).toBe('support-prod');
    expect(chain.metadata).toEqual({ ls_run_depth: 0, user: 'u-9' });
    expect(chain.tags).toEqual(['qa']);
    // naive ISO (no zone) is UTC, as LangSmith writes it
    expect(chain.startTime).toBe(Date.UTC(2026, 10, 21, 10) * 1000);

    const llm = byName(r.spans, 'ChatOpenAI');
    expect(llm.spanType).toBe('llm');
    expect(llm.parentId).toBe(chain.id);
    expect(llm.model).toBe('gpt-4o-mini');
    expect(llm.provider).toBe('openai');
    expect(llm.usage).toEqual({ input_tokens: 350, output_tokens: 22, total_tokens: 372, cache_read_input_tokens: 128, reasoning_tokens: 0 });
    expect(llm.costUsd).toBe(0.00091);

    expect(byName(r.spans, 'VectorStoreRetriever').spanType).toBe('retriever');
  });

  it('reads a string error with its traceback', async () => {
    const { spans } = await loadFile(fixture('langsmith-runs.jsonl'));
    const tool = byName(spans, 'lookup_account');
    expect(tool.spanType).toBe('tool');
    expect(tool.status).toBe('error');
    expect(tool.error?.type).toBe('KeyError');
    expect(tool.error?.message).toBe('u-9');
    expect(tool.error?.stack).toContain('Traceback (most recent call last):');
    expect(tool.traceId).toBe('7f3b9a52-0c1e-4d7a-9a11-2b7c1d5e8f01');
  });
});
