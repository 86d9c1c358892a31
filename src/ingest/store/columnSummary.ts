/**
 * A trace's summary straight from the span table's columns, for the thousands of traces a
 * large file holds: the same numbers `summarizeTrace(buildTraces(spans))` gives (same tree by
 * parent id, same order, same token rollup that never double-counts an aggregating parent),
 * without building a Span object per span. Traces it does not cover (parent cycles, usage
 * that does not fit the columns) return undefined and take the core's path.
 */
import type { TraceSummary } from '../types';
import { NO_TOKENS, STATUS_RUNNING, type SpanTable } from './spanTable';

const STATUS_ERROR = 1;
/** TOKEN_FIELDS of core/analysis/rollup.ts (input, output, cache read, reasoning) as column offsets */
const TOKEN_COLUMNS = [0, 1, 3, 4];
const FIELDS = 5; // four token counts, cost

export function summarizeFromColumns(table: SpanTable, traceId: string, file: string): TraceSummary | undefined {
  const rows = table.rowsOf(traceId);
  const n = rows.length;
  if (n === 0) return undefined;
  const traceRef = table.traceRef[rows[0]];
  const local = new Map<number, number>();
  for (let i = 0; i < n; i++) local.set(rows[i], i);

  let latest = -Infinity;
  let start = Infinity;
  let errors = 0;
  let running = false;
  const parent = new Int32Array(n).fill(-1);
  const parentOfRef = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    if (table.extras.get(r)?.usage !== undefined) return undefined;
    const st = table.start[r];
    const en = table.end[r];
    const t = Number.isNaN(en) ? st : en;
    if (t > latest) latest = t;
    if (st > latest) latest = st;
    if (st < start) start = st;
    const status = table.statusCode[r];
    if (status === STATUS_ERROR) errors++;
    if (Number.isNaN(en) || status === STATUS_RUNNING) running = true;
    const pref = table.parentRef[r];
    if (pref === 0 || table.pool.get(pref) === '') continue;
    let p = parentOfRef.get(pref);
    if (p === undefined) {
      const prow = table.rowOfPooled(pref, traceRef);
      p = prow >= 0 ? local.get(prow) ?? -1 : -1;
      parentOfRef.set(pref, p);
    }
    if (p !== i) parent[i] = p;
  }

  // The pre-order linkByParentId gives: roots and siblings by start time, then id.
  const byStart = (a: number, b: number): number => {
    const d = table.start[rows[a]] - table.start[rows[b]];
    if (d !== 0) return d;
    const ia = table.idOf(rows[a]);
    const ib = table.idOf(rows[b]);
    return ia < ib ? -1 : ia > ib ? 1 : 0;
  };
  const children: number[][] = new Array(n);
  const roots: number[] = [];
  for (let i = 0; i < n; i++) {
    const p = parent[i];
    if (p < 0) roots.push(i);
    else (children[p] ??= []).push(i);
  }
  for (const c of children) if (c && c.length > 1) c.sort(byStart);
  roots.sort(byStart);
  const order: number[] = [];
  const stack: number[] = [];
  for (const root of roots) {
    stack.push(root);
    while (stack.length > 0) {
      const x = stack.pop()!;
      order.push(x);
      const c = children[x];
      if (c) for (let k = c.length - 1; k >= 0; k--) stack.push(c[k]);
    }
  }
  // Spans on a parent cycle are reached from no root: the core's tree breaks such cycles.
  if (order.length < n) return undefined;

  const position = new Int32Array(n);
  for (let k = 0; k < n; k++) position[order[k]] = k;
  const self = new Float64Array(n * FIELDS);
  const inclusive = new Float64Array(n * FIELDS);
  for (let k = n - 1; k >= 0; k--) {
    const r = rows[order[k]];
    const o = k * FIELDS;
    const tb = r * 5;
    let stated = 0;
    let any = false;
    let equal = true;
    for (let f = 0; f < 4; f++) {
      const v = table.tokens[tb + TOKEN_COLUMNS[f]];
      if (v === NO_TOKENS) continue;
      stated++;
      if (v !== 0) any = true;
      if (v !== inclusive[o + f]) equal = false;
    }
    if (!(stated > 0 && any && equal)) {
      for (let f = 0; f < 4; f++) {
        const v = table.tokens[tb + TOKEN_COLUMNS[f]];
        if (v !== NO_TOKENS) self[o + f] = v;
      }
    }
    const cost = table.cost[r];
    if (!Number.isNaN(cost) && !(cost !== 0 && sameCost(cost, inclusive[o + 4]))) self[o + 4] = cost;
    for (let f = 0; f < FIELDS; f++) inclusive[o + f] += self[o + f];
    const p = parent[order[k]];
    if (p >= 0) {
      const po = position[p] * FIELDS;
      for (let f = 0; f < FIELDS; f++) inclusive[po + f] += inclusive[o + f];
    }
  }
  const total = new Float64Array(FIELDS);
  for (let i = 0; i < self.length; i++) total[i % FIELDS] += self[i];

  let name: string;
  if (roots.length === 1) name = table.pool.get(table.nameRef[rows[roots[0]]]) ?? '';
  else {
    let earliest = order[0];
    for (const x of order) if (byStart(x, earliest) < 0) earliest = x;
    name = table.pool.get(table.nameRef[rows[earliest]]) ?? '';
  }
  const startTime = Number.isFinite(start) ? start : 0;
  const endTime = Number.isFinite(latest) ? latest : startTime;
  return {
    traceId,
    name,
    files: [file],
    startTime,
    duration: Math.max(0, endTime - startTime),
    spanCount: n,
    errorCount: errors,
    running,
    inputTokens: total[0],
    outputTokens: total[1],
    costUsd: total[4],
  };
}

/** rollup.ts's tolerance: summed float costs, sometimes rounded by the writer. */
function sameCost(stated: number, childSum: number): boolean {
  if (childSum === 0) return false;
  return Math.abs(stated - childSum) <= 1e-9 + 1e-6 * Math.max(Math.abs(stated), Math.abs(childSum));
}
