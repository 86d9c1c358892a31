/**
 * A trace's summary straight from the span table's columns, for the thousands of traces a
 * large file holds: the same numbers `summarizeTrace(buildTraces(spans))` gives (same tree by
 * parent id, same order, same token rollup that never double-counts an aggregating parent),
 * without building a Span object per span. Traces it does not cover (parent cycles, usage
 * that does not fit the columns) return undefined and take the core's path.
 */
import { priceUsage } from '../../core/pricing';
import type { ModelPrice } from '../../core/pricing';
import type { TraceSummary } from '../types';
import { NO_TOKENS, STATUS_RUNNING, type SpanTable } from './spanTable';

/**
 * The price of a model for estimated costs (rollup.ts's `estimateCost`), or undefined when the
 * table does not know it. Called only for spans with tokens of their own and no stated cost.
 */
export type PriceOf = (model: string) => ModelPrice | undefined;

const STATUS_ERROR = 1;
/** TOKEN_FIELDS of core/analysis/rollup.ts (input, output, cache read, reasoning) as column offsets */
const TOKEN_COLUMNS = [0, 1, 3, 4];
const FIELDS = 5; // four token counts, cost

/**
 * Work arrays shared by every call and grown as needed: thousands of traces summed up in a row
 * would otherwise each allocate their own maps and arrays, and that garbage alone grew the
 * process by tens of MB on a large file.
 */
let parentBuf = new Int32Array(64);
let positionBuf = new Int32Array(64);
let orderBuf = new Int32Array(64);
let stackBuf = new Int32Array(64);
let rootsBuf = new Int32Array(64);
let childStart = new Int32Array(65);
let childList = new Int32Array(64);
let selfBuf = new Float64Array(64 * FIELDS);
let inclusiveBuf = new Float64Array(64 * FIELDS);
/** table row -> index in the current trace + 1 (0: not in it); reset after each trace */
let localOfRow = new Int32Array(1024);

function ensure(n: number, rows: number): void {
  // Headroom: a file that grows a span at a time would otherwise reallocate on the first append.
  if (localOfRow.length < rows) localOfRow = new Int32Array(Math.max(rows + (rows >> 2), localOfRow.length * 2));
  if (parentBuf.length >= n) return;
  const size = Math.max(n, parentBuf.length * 2);
  parentBuf = new Int32Array(size);
  positionBuf = new Int32Array(size);
  orderBuf = new Int32Array(size);
  stackBuf = new Int32Array(size);
  rootsBuf = new Int32Array(size);
  childStart = new Int32Array(size + 1);
  childList = new Int32Array(size);
  selfBuf = new Float64Array(size * FIELDS);
  inclusiveBuf = new Float64Array(size * FIELDS);
}

export function summarizeFromColumns(table: SpanTable, traceId: string, file: string, priceOf?: PriceOf): TraceSummary | undefined {
  const rows = table.rowsOf(traceId);
  const n = rows.length;
  if (n === 0) return undefined;
  ensure(n, table.length);
  for (let i = 0; i < n; i++) localOfRow[rows[i]] = i + 1;
  try {
    return summarize(table, traceId, file, rows, priceOf);
  } finally {
    for (let i = 0; i < n; i++) localOfRow[rows[i]] = 0;
  }
}

function summarize(table: SpanTable, traceId: string, file: string, rows: readonly number[], priceOf: PriceOf | undefined): TraceSummary | undefined {
  const n = rows.length;
  const traceRef = table.traceRef[rows[0]];
  let latest = -Infinity;
  let start = Infinity;
  let errors = 0;
  let running = false;
  const parent = parentBuf;
  // The parents of one trace are few: the last two lookups are remembered.
  let refA = -1, parA = -1, refB = -1, parB = -1;
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    parent[i] = -1;
    if (table.extras.size > 0 && table.extras.get(r)?.usage !== undefined) return undefined;
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
    if (pref === 0) continue;
    let p: number;
    if (pref === refA) p = parA;
    else if (pref === refB) p = parB;
    else {
      if (table.pool.get(pref) === '') p = -1;
      else {
        const prow = table.rowOfPooled(pref, traceRef);
        p = prow >= 0 ? localOfRow[prow] - 1 : -1;
      }
      refB = refA; parB = parA;
      refA = pref; parA = p;
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
  // Children as one list grouped by parent (counting sort), each group sorted.
  childStart.fill(0, 0, n + 1);
  let rootCount = 0;
  for (let i = 0; i < n; i++) {
    const p = parent[i];
    if (p < 0) rootsBuf[rootCount++] = i;
    else childStart[p + 1]++;
  }
  for (let i = 0; i < n; i++) childStart[i + 1] += childStart[i];
  const fillAt = positionBuf; // borrowed as a cursor until positions are computed
  for (let i = 0; i < n; i++) fillAt[i] = childStart[i];
  for (let i = 0; i < n; i++) {
    const p = parent[i];
    if (p >= 0) childList[fillAt[p]++] = i;
  }
  // Children come in file order, which is nearly always start order: a sort (a subarray and a
  // comparator call per pair) only where they are not.
  const inOrder = (list: Int32Array, from: number, to: number): boolean => {
    for (let k = from + 1; k < to; k++) if (byStart(list[k - 1], list[k]) > 0) return false;
    return true;
  };
  for (let i = 0; i < n; i++) {
    const a = childStart[i], b = childStart[i + 1];
    if (b - a > 1 && !inOrder(childList, a, b)) childList.subarray(a, b).sort(byStart);
  }
  const roots = rootsBuf.subarray(0, rootCount);
  if (rootCount > 1 && !inOrder(rootsBuf, 0, rootCount)) roots.sort(byStart);
  const order = orderBuf;
  let count = 0;
  const stack = stackBuf;
  for (let k = 0; k < rootCount; k++) {
    let top = 0;
    stack[top++] = roots[k];
    while (top > 0) {
      const x = stack[--top];
      order[count++] = x;
      for (let c = childStart[x + 1] - 1; c >= childStart[x]; c--) stack[top++] = childList[c];
    }
  }
  // Spans on a parent cycle are reached from no root: the core's tree breaks such cycles.
  if (count < n) return undefined;

  const position = positionBuf;
  for (let k = 0; k < n; k++) position[order[k]] = k;
  const self = selfBuf;
  const inclusive = inclusiveBuf;
  self.fill(0, 0, n * FIELDS);
  inclusive.fill(0, 0, n * FIELDS);
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
    const usageIsAggregate = stated > 0 && any && equal;
    if (!usageIsAggregate) {
      for (let f = 0; f < 4; f++) {
        const v = table.tokens[tb + TOKEN_COLUMNS[f]];
        if (v !== NO_TOKENS) self[o + f] = v;
      }
    }
    const cost = table.cost[r];
    if (!Number.isNaN(cost)) {
      if (!(cost !== 0 && sameCost(cost, inclusive[o + 4]))) self[o + 4] = cost;
    } else if (priceOf && !usageIsAggregate && (self[o] > 0 || self[o + 1] > 0 || self[o + 2] > 0 || self[o + 3] > 0)) {
      self[o + 4] = estimated(table, r, priceOf);
    }
    for (let f = 0; f < FIELDS; f++) inclusive[o + f] += self[o + f];
    const p = parent[order[k]];
    if (p >= 0) {
      const po = position[p] * FIELDS;
      for (let f = 0; f < FIELDS; f++) inclusive[po + f] += inclusive[o + f];
    }
  }
  let input = 0, output = 0, costUsd = 0;
  for (let k = 0; k < n; k++) {
    input += self[k * FIELDS];
    output += self[k * FIELDS + 1];
    costUsd += self[k * FIELDS + 4];
  }

  let name: string;
  if (rootCount === 1) name = table.pool.get(table.nameRef[rows[roots[0]]]) ?? '';
  else {
    let earliest = order[0];
    for (let k = 0; k < n; k++) if (byStart(order[k], earliest) < 0) earliest = order[k];
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
    inputTokens: input,
    outputTokens: output,
    costUsd,
  };
}

/** estimateCost (core/pricing/estimate.ts) on the columns: 0 without a model, a price or tokens. */
function estimated(table: SpanTable, row: number, priceOf: PriceOf): number {
  const model = table.modelOf(row);
  if (!model) return 0;
  const tb = row * 5;
  const input = Math.max(0, table.tokens[tb]);
  const output = Math.max(0, table.tokens[tb + 1]);
  const cacheRead = Math.max(0, table.tokens[tb + 3]);
  if (input + output + cacheRead <= 0) return 0;
  const price = priceOf(model);
  if (!price) return 0;
  const v = priceUsage(price, input, output, cacheRead);
  return Number.isFinite(v) ? v : 0;
}

/** rollup.ts's tolerance: summed float costs, sometimes rounded by the writer. */
function sameCost(stated: number, childSum: number): boolean {
  if (childSum === 0) return false;
  return Math.abs(stated - childSum) <= 1e-9 + 1e-6 * Math.max(Math.abs(stated), Math.abs(childSum));
}
