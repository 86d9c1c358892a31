/**
 * Compares two traces span by span: spans are aligned by their path of names from the root
 * (children are aligned only under matched parents, see align.ts), and every aligned pair
 * gets its deltas. Unmatched spans are added or removed together with their whole subtree.
 */
import type { Span } from '../model';
import type { SpanNode, Trace } from '../trace';
import { rollupTrace, type RollupOptions, type TokenTotals } from '../analysis/rollup';
import { alignSiblings, type AlignEntry, type AlignItem } from './align';
import { contentHash } from './content';
import type { DiffRow, DiffSideTotals, SpanDelta, TraceDiff } from './types';

interface Side {
  trace: Trace;
  index: Map<SpanNode, number>;
  self: TokenTotals[];
  items: (AlignItem | undefined)[];
}

type Work =
  | { kind: 'pair'; l: number; r: number; depth: number; renamed: boolean; moved: boolean }
  | { kind: 'removed'; l: number; depth: number }
  | { kind: 'added'; r: number; depth: number };

export function diffTraces(left: Trace, right: Trace, options: RollupOptions = {}): TraceDiff {
  const L = side(left, options);
  const R = side(right, options);
  const rows: DiffRow[] = [];
  const counts = { same: 0, changed: 0, added: 0, removed: 0 };

  const stack: Work[] = [];
  pushEntries(stack, alignSiblings(left.roots.map((n) => item(L, n)), right.roots.map((n) => item(R, n))), left.roots, right.roots, L, R, 0);
  while (stack.length > 0) {
    const w = stack.pop()!;
    if (w.kind === 'removed') {
      const node = left.nodes[w.l];
      rows.push({ kind: 'removed', depth: w.depth, left: w.l, leftId: node.span.id, name: node.span.name });
      counts.removed++;
      for (let c = node.children.length - 1; c >= 0; c--) stack.push({ kind: 'removed', l: L.index.get(node.children[c])!, depth: w.depth + 1 });
    } else if (w.kind === 'added') {
      const node = right.nodes[w.r];
      rows.push({ kind: 'added', depth: w.depth, right: w.r, rightId: node.span.id, name: node.span.name });
      counts.added++;
      for (let c = node.children.length - 1; c >= 0; c--) stack.push({ kind: 'added', r: R.index.get(node.children[c])!, depth: w.depth + 1 });
    } else {
      const ln = left.nodes[w.l];
      const rn = right.nodes[w.r];
      const delta = spanDelta(L, R, w.l, w.r, w.renamed, w.moved);
      const kind = isChanged(delta) ? 'changed' : 'same';
      counts[kind]++;
      rows.push({ kind, depth: w.depth, left: w.l, right: w.r, leftId: ln.span.id, rightId: rn.span.id, name: rn.span.name, delta });
      const entries = alignSiblings(
        ln.children.map((n) => item(L, n)),
        rn.children.map((n) => item(R, n)),
      );
      pushEntries(stack, entries, ln.children, rn.children, L, R, w.depth + 1);
    }
  }

  const lt = totalsOf(left, L);
  const rt = totalsOf(right, R);
  return {
    left: lt,
    right: rt,
    delta: {
      duration: rt.duration - lt.duration,
      inputTokens: rt.inputTokens - lt.inputTokens,
      outputTokens: rt.outputTokens - lt.outputTokens,
      costUsd: rt.costUsd - lt.costUsd,
      spanCount: rt.spanCount - lt.spanCount,
    },
    counts,
    rows,
  };
}

function side(trace: Trace, options: RollupOptions): Side {
  const index = new Map<SpanNode, number>();
  trace.nodes.forEach((n, i) => index.set(n, i));
  const self = rollupTrace(trace, options).spans.map((s) => s.self);
  return { trace, index, self, items: new Array(trace.nodes.length) };
}

/** Fingerprints are computed once per span, and only for spans that get compared. */
function item(s: Side, node: SpanNode): AlignItem {
  const i = s.index.get(node)!;
  let it = s.items[i];
  if (!it) {
    const span = node.span;
    const inputsHash = contentHash(span.inputs);
    const outputsHash = contentHash(span.outputs);
    const model = span.model ?? '';
    const key = `${span.name}\u0000${inputsHash}\u0000${model}\u0000${outputsHash}`;
    it = { name: span.name, spanType: span.spanType, model, inputsHash, outputsHash, key };
    s.items[i] = it;
  }
  return it;
}

/** Pushed in reverse so that the stack pops them in alignment order. */
function pushEntries(stack: Work[], entries: AlignEntry[], lc: SpanNode[], rc: SpanNode[], L: Side, R: Side, depth: number): void {
  for (let k = entries.length - 1; k >= 0; k--) {
    const e = entries[k];
    if (e.l !== undefined && e.r !== undefined) {
      stack.push({ kind: 'pair', l: L.index.get(lc[e.l])!, r: R.index.get(rc[e.r])!, depth, renamed: !!e.renamed, moved: !!e.moved });
    } else if (e.l !== undefined) {
      stack.push({ kind: 'removed', l: L.index.get(lc[e.l])!, depth });
    } else {
      stack.push({ kind: 'added', r: R.index.get(rc[e.r!])!, depth });
    }
  }
}

function spanDelta(L: Side, R: Side, l: number, r: number, renamed: boolean, moved: boolean): SpanDelta {
  const ln = L.trace.nodes[l];
  const rn = R.trace.nodes[r];
  const a = ln.span;
  const b = rn.span;
  const ls = L.self[l];
  const rs = R.self[r];
  const delta: SpanDelta = {
    duration: rn.duration - ln.duration,
    inputTokens: rs.inputTokens - ls.inputTokens,
    outputTokens: rs.outputTokens - ls.outputTokens,
    costUsd: rs.costUsd - ls.costUsd,
    statusChanged: a.status !== b.status,
    leftStatus: a.status,
    rightStatus: b.status,
    modelChanged: (a.model ?? '') !== (b.model ?? ''),
    inputsDiffer: unloaded(a) || unloaded(b) ? undefined : item(L, ln).inputsHash !== item(R, rn).inputsHash,
    outputsDiffer: unloaded(a) || unloaded(b) ? undefined : item(L, ln).outputsHash !== item(R, rn).outputsHash,
    renamed,
    moved,
  };
  if (a.model !== undefined) delta.leftModel = a.model;
  if (b.model !== undefined) delta.rightModel = b.model;
  return delta;
}

/** Inputs and outputs left out by a fast reader cannot be compared until loaded. */
function unloaded(span: Span): boolean {
  return span.partial === true && span.inputs === undefined && span.outputs === undefined;
}

function isChanged(d: SpanDelta): boolean {
  return (
    d.statusChanged ||
    d.modelChanged ||
    d.inputsDiffer === true ||
    d.outputsDiffer === true ||
    d.inputTokens !== 0 ||
    d.outputTokens !== 0 ||
    Math.abs(d.costUsd) > 1e-12 ||
    d.renamed ||
    d.moved
  );
}

function totalsOf(trace: Trace, s: Side): DiffSideTotals {
  let input = 0;
  let output = 0;
  let cost = 0;
  for (const t of s.self) {
    input += t.inputTokens;
    output += t.outputTokens;
    cost += t.costUsd;
  }
  return {
    traceId: trace.traceId,
    name: trace.name,
    duration: trace.duration,
    spanCount: trace.spanCount,
    errorCount: trace.errorCount,
    inputTokens: input,
    outputTokens: output,
    costUsd: cost,
  };
}
