/**
 * Tokens and cost, per span (self and inclusive), per trace, per model and per span type.
 *
 * Some tracers (TraceForge) write on a parent the sum of its children's usage. Summing
 * inclusively would then count those tokens twice. A parent whose stated numbers equal the
 * sum of its children's inclusive numbers is read as an aggregate: its self share is 0 and its
 * inclusive numbers are the ones it states. A parent whose own call happened to use exactly
 * as many tokens as all its descendants together is misread this way, but such an exact
 * coincidence on every stated field is far rarer than aggregating tracers.
 */
import type { Span } from '../model';
import type { SpanNode, Trace } from '../trace';
import { parentIndexes } from './pre-order';

export interface TokenTotals {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  reasoningTokens: number;
  /** stated plus estimated */
  costUsd: number;
  /** the part of costUsd that came from a price table, not from the file */
  estimatedCostUsd: number;
}

export interface SpanRollup {
  spanId: string;
  self: TokenTotals;
  inclusive: TokenTotals;
  /** the span's stated usage is the sum of its descendants' (self counted as 0) */
  usageIsAggregate: boolean;
  /** the span's stated cost is the sum of its descendants' (self counted as 0) */
  costIsAggregate: boolean;
  /** the span's self cost was estimated from a price table */
  costEstimated: boolean;
}

export interface GroupRollup extends TokenTotals {
  key: string;
  spanCount: number;
}

export interface TraceRollup {
  traceId: string;
  total: TokenTotals;
  /** aligned with `trace.nodes` (tree pre-order) */
  spans: SpanRollup[];
  /** by self numbers, most expensive first; spans without a model under '' */
  byModel: GroupRollup[];
  bySpanType: GroupRollup[];
}

export interface RollupOptions {
  /**
   * Cost for a span that has tokens but no stated cost (see src/core/pricing). Called only
   * for spans whose usage is their own, never for aggregates.
   */
  estimateCost?: (span: Span) => number | undefined;
}

export function emptyTotals(): TokenTotals {
  return { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, reasoningTokens: 0, costUsd: 0, estimatedCostUsd: 0 };
}

export function addTotals(into: TokenTotals, from: TokenTotals): void {
  into.inputTokens += from.inputTokens;
  into.outputTokens += from.outputTokens;
  into.cacheReadTokens += from.cacheReadTokens;
  into.reasoningTokens += from.reasoningTokens;
  into.costUsd += from.costUsd;
  into.estimatedCostUsd += from.estimatedCostUsd;
}

const TOKEN_FIELDS = [
  ['input_tokens', 'inputTokens'],
  ['output_tokens', 'outputTokens'],
  ['cache_read_input_tokens', 'cacheReadTokens'],
  ['reasoning_tokens', 'reasoningTokens'],
] as const;

const FIELDS = 6; // input, output, cache read, reasoning, cost, estimated cost
const KEYS = ['inputTokens', 'outputTokens', 'cacheReadTokens', 'reasoningTokens', 'costUsd', 'estimatedCostUsd'] as const;

/** Flat numbers for a whole trace; objects are built only when a caller asks for them. */
interface RollupArrays {
  self: Float64Array;
  inclusive: Float64Array;
  /** bit 1: usage aggregate, bit 2: cost aggregate, bit 4: cost estimated */
  flags: Uint8Array;
}

function computeRollup(nodes: readonly SpanNode[], options: RollupOptions): RollupArrays {
  const n = nodes.length;
  const self = new Float64Array(n * FIELDS);
  const inclusive = new Float64Array(n * FIELDS);
  const flags = new Uint8Array(n);
  const parent = parentIndexes(nodes);
  // Reverse pre-order visits every child before its parent; a child adds its inclusive
  // numbers into its parent's slot, which holds the children's sum until the parent's turn.
  for (let i = n - 1; i >= 0; i--) {
    const o = i * FIELDS;
    flags[i] = rollupSpan(nodes[i].span, inclusive, o, self, options);
    for (let f = 0; f < FIELDS; f++) inclusive[o + f] += self[o + f];
    const p = parent[i];
    if (p >= 0) for (let f = 0; f < FIELDS; f++) inclusive[p * FIELDS + f] += inclusive[o + f];
  }
  return { self, inclusive, flags };
}

/** Totals of a trace: the sum of self numbers. */
export function traceTotals(trace: Trace, options: RollupOptions = {}): TokenTotals {
  const { self } = computeRollup(trace.nodes, options);
  const total = new Float64Array(FIELDS);
  for (let i = 0; i < self.length; i++) total[i % FIELDS] += self[i];
  return toTotals(total, 0);
}

export function rollupTrace(trace: Trace, options: RollupOptions = {}): TraceRollup {
  const nodes = trace.nodes;
  const { self, inclusive, flags } = computeRollup(nodes, options);
  const spans: SpanRollup[] = new Array(nodes.length);
  const total = emptyTotals();
  for (let i = 0; i < nodes.length; i++) {
    const r: SpanRollup = {
      spanId: nodes[i].span.id,
      self: toTotals(self, i * FIELDS),
      inclusive: toTotals(inclusive, i * FIELDS),
      usageIsAggregate: (flags[i] & 1) !== 0,
      costIsAggregate: (flags[i] & 2) !== 0,
      costEstimated: (flags[i] & 4) !== 0,
    };
    spans[i] = r;
    addTotals(total, r.self);
  }
  return {
    traceId: trace.traceId,
    total,
    spans,
    byModel: groupBy(nodes, spans, (s) => s.model ?? ''),
    bySpanType: groupBy(nodes, spans, (s) => s.spanType),
  };
}

function toTotals(a: Float64Array, o: number): TokenTotals {
  const t = emptyTotals();
  for (let f = 0; f < FIELDS; f++) t[KEYS[f]] = a[o + f];
  return t;
}

/**
 * Writes the span's self numbers at `o` in `self`; `childSum` at `o` holds the sum of its
 * children's inclusive numbers. Returns the flags.
 */
function rollupSpan(span: Span, childSum: Float64Array, o: number, self: Float64Array, options: RollupOptions): number {
  const usage = span.usage;
  let usageIsAggregate = false;
  if (usage) {
    let stated = 0;
    let equal = true;
    let any = false;
    for (let f = 0; f < TOKEN_FIELDS.length; f++) {
      const v = usage[TOKEN_FIELDS[f][0]];
      if (typeof v !== 'number' || !Number.isFinite(v)) continue;
      stated++;
      if (v !== 0) any = true;
      if (v !== childSum[o + f]) equal = false;
    }
    usageIsAggregate = stated > 0 && any && equal;
    if (!usageIsAggregate) {
      for (let f = 0; f < TOKEN_FIELDS.length; f++) {
        const v = usage[TOKEN_FIELDS[f][0]];
        if (typeof v === 'number' && Number.isFinite(v)) self[o + f] = v;
      }
    }
  }

  let costIsAggregate = false;
  let costEstimated = false;
  const cost = span.costUsd;
  if (typeof cost === 'number' && Number.isFinite(cost)) {
    costIsAggregate = cost !== 0 && sameCost(cost, childSum[o + 4]);
    if (!costIsAggregate) self[o + 4] = cost;
  } else if (!usageIsAggregate && options.estimateCost && hasTokens(self, o)) {
    const estimate = options.estimateCost(span);
    if (estimate !== undefined && Number.isFinite(estimate)) {
      self[o + 4] = estimate;
      self[o + 5] = estimate;
      costEstimated = true;
    }
  }
  return (usageIsAggregate ? 1 : 0) | (costIsAggregate ? 2 : 0) | (costEstimated ? 4 : 0);
}

/** Costs are summed floats (and sometimes rounded by the writer): compare with a tolerance. */
function sameCost(stated: number, childSum: number): boolean {
  if (childSum === 0) return false;
  return Math.abs(stated - childSum) <= 1e-9 + 1e-6 * Math.max(Math.abs(stated), Math.abs(childSum));
}

function hasTokens(self: Float64Array, o: number): boolean {
  return self[o] > 0 || self[o + 1] > 0 || self[o + 2] > 0 || self[o + 3] > 0;
}

function groupBy(nodes: SpanNode[], spans: SpanRollup[], keyOf: (s: Span) => string): GroupRollup[] {
  const groups = new Map<string, GroupRollup>();
  for (let i = 0; i < nodes.length; i++) {
    const key = keyOf(nodes[i].span);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { key, spanCount: 0, ...emptyTotals() }));
    g.spanCount++;
    addTotals(g, spans[i].self);
  }
  return [...groups.values()].sort(
    (a, b) => b.costUsd - a.costUsd || b.inputTokens + b.outputTokens - (a.inputTokens + a.outputTokens) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
}

/** Totals across many traces (a whole file), grouped the same way. */
export function rollupTraces(traces: readonly Trace[], options: RollupOptions = {}): Omit<TraceRollup, 'traceId' | 'spans'> {
  const total = emptyTotals();
  const byModel = new Map<string, GroupRollup>();
  const byType = new Map<string, GroupRollup>();
  for (const t of traces) {
    const r = rollupTrace(t, options);
    addTotals(total, r.total);
    merge(byModel, r.byModel);
    merge(byType, r.bySpanType);
  }
  const order = (a: GroupRollup, b: GroupRollup) => b.costUsd - a.costUsd || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  return { total, byModel: [...byModel.values()].sort(order), bySpanType: [...byType.values()].sort(order) };
}

function merge(into: Map<string, GroupRollup>, groups: GroupRollup[]): void {
  for (const g of groups) {
    let acc = into.get(g.key);
    if (!acc) into.set(g.key, (acc = { key: g.key, spanCount: 0, ...emptyTotals() }));
    acc.spanCount += g.spanCount;
    addTotals(acc, g);
  }
}

/**
 * Span indexes (into `trace.nodes`), most expensive first: by cost, then by tokens, so spans
 * of a trace without any cost still rank by what they consumed. Spans with nothing are left
 * out.
 */
export function rankSpans(rollup: TraceRollup, by: 'self' | 'inclusive' = 'self'): number[] {
  const tokens = (t: TokenTotals) => t.inputTokens + t.outputTokens + t.cacheReadTokens;
  const out: number[] = [];
  rollup.spans.forEach((s, i) => {
    const t = s[by];
    if (t.costUsd > 0 || tokens(t) > 0) out.push(i);
  });
  return out.sort((a, b) => {
    const x = rollup.spans[a][by];
    const y = rollup.spans[b][by];
    return y.costUsd - x.costUsd || tokens(y) - tokens(x) || a - b;
  });
}
