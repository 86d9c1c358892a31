/** The RAG agent example (examples/js/rag-agent.mjs) run as a user would, on the built package. */
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { describe, it, expect, beforeAll } from 'vitest';
import { SDK_ROOT, tmpDir, checkFile, readRecords, latest } from './helpers';

const example = path.resolve(SDK_ROOT, '../../examples/js/rag-agent.mjs');

beforeAll(() => {
  // `npm test` builds first; a lone run of this file builds the package itself.
  if (!fs.existsSync(path.join(SDK_ROOT, 'dist/index.mjs'))) execFileSync(process.execPath, [path.join(SDK_ROOT, 'build.mjs')]);
}, 120_000);

describe('examples/js/rag-agent.mjs', () => {
  it('writes three valid traces with retrieval, parallel tools, a streamed answer and a retried failure', () => {
    const file = path.join(tmpDir(), 'traces.jsonl');
    const r = spawnSync(process.execPath, [example], { env: { ...process.env, SPANSCOPE_FILE: file }, encoding: 'utf8', cwd: tmpDir() });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('A: You can return it within 30 days');
    expect(checkFile(file)).toEqual([]);
    const all = [...latest(readRecords(file)).values()];
    const roots = all.filter((x) => x.parent_id === null);
    expect(roots).toHaveLength(3);
    expect(roots.every((x) => x.status === 'ok' && x.span_type === 'agent')).toBe(true);
    const types = new Set(all.map((x) => x.span_type));
    for (const t of ['agent', 'chain', 'llm', 'retriever', 'embedding', 'reranker', 'tool', 'guardrail']) expect(types).toContain(t);
    // The first question's two tool calls overlap in time.
    const first = roots.sort((a, b) => a.start_time.localeCompare(b.start_time))[0];
    const tools = all.filter((x) => x.trace_id === first.id && (x.name === 'search_docs' || x.name === 'lookup_order'));
    expect(tools).toHaveLength(2);
    expect(tools[0].start_time < tools[1].end_time! && tools[1].start_time < tools[0].end_time!).toBe(true);
    // One failed attempt, then a successful retry, under one tool span.
    const attempts = all.filter((x) => x.name.startsWith('attempt ')).sort((a, b) => a.start_time.localeCompare(b.start_time));
    expect(attempts[0]).toMatchObject({ name: 'attempt 1', status: 'error', error: { type: 'ConnectionError' } });
    expect(attempts[1]).toMatchObject({ name: 'attempt 2', status: 'ok', parent_id: attempts[0].parent_id });
    // The streamed answers: text accumulated, usage and cost recorded, first token marked.
    const streamed = all.filter((x) => x.span_type === 'llm' && x.name === 'chat gpt-4o');
    expect(streamed).toHaveLength(3);
    for (const s of streamed) {
      expect((s.outputs as { messages: { content: string }[] }).messages[0].content.length).toBeGreaterThan(20);
      expect(s.cost_usd).toBeGreaterThan(0);
      expect(s.events?.map((e) => e.name)).toContain('first_token');
      expect(s.source?.file).toBe(example);
    }
  }, 60_000);
});
