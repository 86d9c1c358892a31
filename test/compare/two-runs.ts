/**
 * Two runs of the same RAG agent as a native JSONL file: the second adds a rerank step, drops
 * the web search, changes the planning prompt and moves the answer to another model. Names
 * and values hold markup, so the views must show them as text. Shared by the compare and
 * tokens tests.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const HOSTILE_NAME = '<script>window.__xss = "name"</script>compose';
export const HOSTILE_OUTPUT = '<img src=x onerror="window.__xss = \'output\'">';

export interface Step {
  name: string;
  type: string;
  at: number;
  dur: number;
  model?: string;
  usage?: Record<string, number>;
  cost?: number;
  inputs?: unknown;
  outputs?: unknown;
  children?: Step[];
}

const chat = (system: string, user: string) => ({ messages: [{ role: 'system', content: system }, { role: 'user', content: user }] });
const answer = (text: string) => ({ choices: [{ message: { role: 'assistant', content: text } }] });

export function runA(): Step {
  return {
    name: 'answer_question', type: 'agent', at: 0, dur: 3_000_000, inputs: { question: 'Is the blue kettle in stock?' }, children: [
      { name: 'retrieve', type: 'chain', at: 10_000, dur: 400_000, children: [
        { name: 'embed', type: 'embedding', at: 0, dur: 100_000, model: 'text-embedding-3-small', usage: { input_tokens: 12 } },
        { name: 'vector_search', type: 'retriever', at: 110_000, dur: 250_000, inputs: { k: 4 }, outputs: { documents: ['Kettle: 3 in stock'] } },
      ] },
      { name: 'plan', type: 'llm', at: 420_000, dur: 700_000, model: 'gpt-4o-mini', usage: { input_tokens: 400, output_tokens: 90 }, cost: 0.00012,
        inputs: chat('You are a shop assistant.', 'Is the blue kettle in stock?'), outputs: answer('Search the catalogue, then answer.') },
      { name: 'web_search', type: 'tool', at: 1_150_000, dur: 300_000, inputs: { query: 'blue kettle' }, outputs: { results: 2 } },
      { name: HOSTILE_NAME, type: 'llm', at: 1_500_000, dur: 1_400_000, model: 'gpt-4o', usage: { input_tokens: 1800, output_tokens: 400, cache_read_input_tokens: 1024 },
        inputs: chat('Answer briefly.', 'Stock of the blue kettle?'), outputs: answer('Yes, 3 in stock.') },
    ],
  };
}

export function runB(): Step {
  return {
    name: 'answer_question', type: 'agent', at: 0, dur: 4_200_000, inputs: { question: 'Is the blue kettle in stock?' }, children: [
      { name: 'retrieve', type: 'chain', at: 10_000, dur: 600_000, children: [
        { name: 'embed', type: 'embedding', at: 0, dur: 100_000, model: 'text-embedding-3-small', usage: { input_tokens: 12 } },
        { name: 'vector_search', type: 'retriever', at: 110_000, dur: 250_000, inputs: { k: 4 }, outputs: { documents: ['Kettle: 3 in stock'] } },
        { name: 'rerank', type: 'reranker', at: 370_000, dur: 200_000, inputs: { k: 2 }, outputs: { kept: 1 } },
      ] },
      { name: 'plan', type: 'llm', at: 620_000, dur: 900_000, model: 'gpt-4o-mini', usage: { input_tokens: 450, output_tokens: 120 }, cost: 0.00015,
        inputs: chat('You are a careful shop assistant.', 'Is the blue kettle in stock?'), outputs: answer(HOSTILE_OUTPUT) },
      { name: HOSTILE_NAME, type: 'llm', at: 1_600_000, dur: 2_500_000, model: 'gpt-4.1', usage: { input_tokens: 2000, output_tokens: 500, reasoning_tokens: 200 },
        inputs: chat('Answer briefly.', 'Stock of the blue kettle?'), outputs: answer('Yes: 3 in stock.') },
    ],
  };
}

/** Hand-computed from the bundled prices, so the views' arithmetic is checked, not echoed. */
export const EXPECTED = {
  a: {
    inputTokens: 12 + 400 + 1800, outputTokens: 90 + 400, cacheReadTokens: 1024, reasoningTokens: 0,
    // plan stated; embed 12 × $0.02/M; gpt-4o (776 uncached × 2.5 + 1024 × 1.25 + 400 × 10)/M
    costUsd: 0.00012 + 12 * 0.02 / 1e6 + (776 * 2.5 + 1024 * 1.25 + 400 * 10) / 1e6,
    estimatedCostUsd: 12 * 0.02 / 1e6 + (776 * 2.5 + 1024 * 1.25 + 400 * 10) / 1e6,
  },
  b: {
    inputTokens: 12 + 450 + 2000, outputTokens: 120 + 500, cacheReadTokens: 0, reasoningTokens: 200,
    // plan stated; embed; gpt-4.1 (2000 × 2 + 500 × 8)/M
    costUsd: 0.00015 + 12 * 0.02 / 1e6 + (2000 * 2 + 500 * 8) / 1e6,
    estimatedCostUsd: 12 * 0.02 / 1e6 + (2000 * 2 + 500 * 8) / 1e6,
  },
};

function uuid(seq: number, n: number): string {
  return `0190a000-0000-7000-8${String(seq).padStart(3, '0')}-${String(n).padStart(12, '0')}`;
}

function iso(us: number): string {
  return new Date(us / 1000).toISOString().replace(/\.(\d{3})Z$/, (_m, ms: string) => `.${ms}${String(Math.round(us % 1000)).padStart(3, '0')}Z`);
}

/** Native JSONL lines of one run starting at `t0` (epoch µs). */
export function nativeLines(root: Step, t0: number, seq: number): string[] {
  const lines: string[] = [];
  let n = 0;
  const walk = (s: Step, parent: { id: string; dotted: string } | null, start: number, traceId: string | null) => {
    const id = uuid(seq, n++);
    const trace = traceId ?? id;
    const dotted = (parent ? `${parent.dotted}.` : '') + iso(start).replace(/[-:.]/g, '') + id;
    lines.push(JSON.stringify({
      id, trace_id: trace, parent_id: parent?.id ?? null, dotted_order: dotted, name: s.name, span_type: s.type,
      start_time: iso(start), end_time: iso(start + s.dur), status: 'ok',
      ...(s.inputs !== undefined ? { inputs: s.inputs } : {}), ...(s.outputs !== undefined ? { outputs: s.outputs } : {}),
      ...(s.model ? { model: s.model } : {}), ...(s.usage ? { usage: s.usage } : {}), ...(s.cost !== undefined ? { cost_usd: s.cost } : {}),
    }));
    for (const c of s.children ?? []) walk(c, { id, dotted }, start + c.at, trace);
  };
  walk(root, null, t0, null);
  return lines;
}

export const T0 = Date.UTC(2026, 10, 21, 9, 30) * 1000;

/** Writes both runs to a temp file; returns its path. */
export function writeTwoRuns(dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spanscope-compare-'))): string {
  const file = path.join(dir, 'runs.traces.jsonl');
  fs.writeFileSync(file, [...nativeLines(runA(), T0, 1), ...nativeLines(runB(), T0 + 60_000_000, 2)].join('\n') + '\n');
  return file;
}
