/**
 * A synthetic agent trace of any size, shaped like real ones (an agent looping over steps of
 * LLM calls, tools and retrievals, some nested, some failed, the last still running), in the
 * trace view's row format. Deterministic for a given size and seed.
 */
import type { Span, SpanType } from '../../src/core/model';
import type { ViewRow, ViewSummary } from '../../src/protocol/trace-view';

export const XSS_SCRIPT = '<script>window.__xss = "script ran"</script>';
export const XSS_IMG = '<img src=x onerror="window.__xss = \'img ran\'; alert(1)">';

const T0 = Date.UTC(2026, 10, 21, 14, 45, 0) * 1000;

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    // xorshift32: fast and good enough for shapes.
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s / 0x100000000;
  };
}

const STEP_KINDS: { type: SpanType; names: string[] }[] = [
  { type: 'llm', names: ['chat gpt-4o', 'plan next action', 'summarize findings', 'classify intent'] },
  { type: 'tool', names: ['web_search', 'read_file', 'run_python', 'http_get', 'sql_query'] },
  { type: 'retriever', names: ['vector search', 'bm25 lookup', 'hybrid retrieve'] },
  { type: 'embedding', names: ['embed query', 'embed chunks'] },
  { type: 'reranker', names: ['rerank top-k'] },
  { type: 'guardrail', names: ['pii filter', 'toxicity check'] },
  { type: 'chain', names: ['parse output', 'format prompt', 'sub-agent'] },
];

export interface SyntheticTrace {
  summary: ViewSummary;
  rows: ViewRow[];
}

export function syntheticTrace(n: number, seed = 7, opts: { running?: boolean } = {}): SyntheticTrace {
  const rand = rng(seed);
  const rows: ViewRow[] = [];
  const pick = <T>(a: T[]) => a[Math.floor(rand() * a.length)];
  const makeRow = (name: string, type: SpanType, depth: number, parent: number, start: number, duration: number): number => {
    rows.push({ id: spanId(rows.length), name, type, status: 'ok', start, duration, selfTime: duration, depth, parent, childCount: 0, hasSource: true });
    if (parent >= 0) {
      rows[parent].childCount++;
      rows[parent].selfTime = Math.max(0, rows[parent].selfTime - duration);
    }
    return rows.length - 1;
  };
  /** A subtree of `budget` spans inside [start, start+duration]. */
  const subtree = (budget: number, depth: number, parent: number, start: number, duration: number, name: string, type: SpanType) => {
    const me = makeRow(name, type, depth, parent, start, duration);
    let left = budget - 1;
    if (left <= 0) return;
    const fanout = depth === 0 ? Math.max(1, Math.ceil(left / 40)) : Math.min(left, 1 + Math.floor(rand() * 5));
    const slot = duration / fanout;
    for (let c = 0; c < fanout && left > 0; c++) {
      const share = c === fanout - 1 ? left : Math.max(1, Math.min(left, Math.round((left / (fanout - c)) * (0.5 + rand()))));
      left -= share;
      const kind = depth === 0 ? { type: 'agent' as SpanType, names: ['step'] } : share > 1 ? { type: 'chain' as SpanType, names: ['sub-agent', 'tool loop', 'rag pipeline'] } : pick(STEP_KINDS);
      const childName = depth === 0 ? `step ${c + 1}` : pick(kind.names);
      const cs = start + c * slot + slot * 0.05 * rand();
      const cd = slot * (0.6 + 0.35 * rand());
      subtree(share, depth + 1, me, cs, cd, childName, kind.type);
    }
  };
  const total = 60e6 + 1e3 * n;
  subtree(n, 0, -1, 0, total, 'research agent', 'agent');
  let errors = 0;
  let inTok = 0;
  let outTok = 0;
  let cost = 0;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (r.type === 'llm') {
      r.model = 'gpt-4o';
      r.tokens = 200 + Math.floor(rand() * 3000);
      r.costUsd = r.tokens * 2.5e-6;
      inTok += Math.round(r.tokens * 0.8);
      outTok += r.tokens - Math.round(r.tokens * 0.8);
      cost += r.costUsd;
    }
    if (r.type === 'tool' && rand() < 0.03) {
      r.status = 'error';
      r.error = `${r.name} failed: upstream timed out`;
      errors++;
    }
  }
  // A name far longer than the name column, holding markup: drawn cut, shown as text.
  if (rows.length > 3) rows[3].name = `summarize ${XSS_IMG} with a name much longer than any name column could show`;
  markCritical(rows);
  if (opts.running) {
    for (let i = rows.length - 1; i >= 0; i = rows[i].parent) {
      rows[i].status = 'running';
      if (rows[i].parent < 0) break;
    }
  }
  return {
    summary: {
      traceId: traceIdFor(seed), name: 'research agent', startTime: T0, duration: total, spanCount: rows.length,
      errorCount: errors, running: Boolean(opts.running), inputTokens: inTok, outputTokens: outTok, costUsd: cost,
    },
    rows,
  };
}

/** Root, then each node's child that ends last. */
function markCritical(rows: ViewRow[]): void {
  if (rows.length === 0) return;
  const lastChild = new Int32Array(rows.length).fill(-1);
  for (let i = 1; i < rows.length; i++) {
    const p = rows[i].parent;
    const c = lastChild[p];
    if (c < 0 || rows[i].start + rows[i].duration > rows[c].start + rows[c].duration) lastChild[p] = i;
  }
  for (let i = 0; i >= 0; i = lastChild[i]) rows[i].critical = true;
}

export function spanId(i: number): string {
  return `0193a1b2-0000-7000-8000-${String(i).padStart(12, '0')}`;
}

function traceIdFor(seed: number): string {
  return `0193a1b2-0000-7000-9000-${String(seed).padStart(12, '0')}`;
}

/** The full span behind a row, as `getSpan` would return it; LLM outputs carry hostile markup. */
export function fullSpan(summary: ViewSummary, rows: ViewRow[], i: number): Span {
  const r = rows[i];
  const span: Span = {
    id: r.id,
    traceId: summary.traceId,
    parentId: r.parent >= 0 ? rows[r.parent].id : null,
    name: r.name,
    spanType: r.type,
    startTime: summary.startTime + r.start,
    endTime: r.status === 'running' ? undefined : summary.startTime + r.start + r.duration,
    status: r.status,
    source: { file: '/home/dev/agent/src/agent.py', line: 40 + (i % 200), function: 'run_step' },
    metadata: { step: i, attempt: 1, tags: ['synthetic'], nested: { deep: { deeper: [1, 2, 3] } } },
    tags: ['synthetic', r.type],
  };
  if (r.error) span.error = { type: 'TimeoutError', message: r.error, stack: `Traceback (most recent call last):\n  File "/home/dev/agent/src/tools.py", line 88, in call\n    resp = client.get(url, timeout=10)\nTimeoutError: ${r.error}` };
  if (r.type === 'llm') {
    span.model = r.model;
    span.provider = 'openai';
    span.usage = { input_tokens: Math.round((r.tokens ?? 0) * 0.8), output_tokens: (r.tokens ?? 0) - Math.round((r.tokens ?? 0) * 0.8), cache_read_input_tokens: 128, reasoning_tokens: 0 };
    span.costUsd = r.costUsd;
    span.inputs = {
      messages: [
        { role: 'system', content: 'You are a research agent. Use tools when needed.' },
        { role: 'user', content: 'Find the population of Lyon and compare it with Marseille.' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'web_search', arguments: '{"query":"population of Lyon"}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: 'Lyon: 522,250 inhabitants (2021)' },
      ],
      temperature: 0.2,
    };
    span.outputs = { choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: `Lyon has about 522k people. ${XSS_SCRIPT} ${XSS_IMG}` } }] };
  } else {
    span.inputs = { query: `${r.name} #${i}`, top_k: 5 };
    span.outputs = r.status === 'error' ? undefined : { results: Array.from({ length: 3 }, (_, k) => ({ id: `doc-${k}`, score: 0.9 - k * 0.1, text: `chunk ${k} ${XSS_IMG}` })) };
  }
  span.events = [{ name: 'start', time: span.startTime, attributes: { note: XSS_SCRIPT } }];
  return span;
}
