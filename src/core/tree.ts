/**
 * Rebuilds trace trees from any bag of spans (one file or many, any format).
 *
 * The fast path follows `dottedOrder`: the tree's pre-order is the order of the spans sorted
 * by it, and each lineage names its parent. It is taken only when every span has a dotted
 * order and every lineage agrees with `parentId`; anything else (foreign formats, a parent
 * that lives in another file or service, hand-edited files) falls back to linking by
 * `parentId`, which also copes with orphans, self-parenting and cycles. Either way every
 * distinct input span appears exactly once in `nodes`.
 */
import type { Span } from './model';
import type { SpanNode, Trace } from './trace';
import { markCriticalPath } from './analysis/critical-path';
import { traceTotals, type RollupOptions } from './analysis/rollup';
import { selfTimeOf } from './analysis/self-time';

/**
 * `options.estimateCost` (see src/core/pricing) fills in costs for spans that have tokens but
 * no stated cost; without it a trace's `costUsd` holds only what the files state.
 */
export function buildTraces(spans: readonly Span[], options: RollupOptions = {}): Trace[] {
  const traces: Trace[] = [];
  for (const [traceId, group] of groupByTrace(spans)) traces.push(buildTrace(traceId, group, options));
  traces.sort((a, b) => b.startTime - a.startTime || (a.traceId < b.traceId ? -1 : a.traceId > b.traceId ? 1 : 0));
  return traces;
}

/** Groups by trace id and keeps one record per span id. */
function groupByTrace(spans: readonly Span[]): Map<string, Span[]> {
  const byTrace = new Map<string, Map<string, Span>>();
  for (const span of spans) {
    let group = byTrace.get(span.traceId);
    if (!group) byTrace.set(span.traceId, (group = new Map()));
    const previous = group.get(span.id);
    if (previous === undefined || replaces(span, previous)) group.set(span.id, span);
  }
  const out = new Map<string, Span[]>();
  for (const [traceId, group] of byTrace) out.set(traceId, [...group.values()]);
  return out;
}

/**
 * A later record of the same span replaces the earlier one (a start record followed by its
 * end record). The one exception: a running record never replaces a finished one, because
 * when several files are merged their order says nothing about which record is newer.
 */
function replaces(later: Span, earlier: Span): boolean {
  return !(isRunning(later) && !isRunning(earlier));
}

function isRunning(span: Span): boolean {
  return span.endTime === undefined || span.status === 'running';
}

function buildTrace(traceId: string, spans: Span[], options: RollupOptions): Trace {
  let latest = -Infinity;
  for (const s of spans) {
    const t = s.endTime ?? s.startTime;
    if (t > latest) latest = t;
    if (s.startTime > latest) latest = s.startTime;
  }
  const nodes = spans.map((span) => newNode(span, latest));
  const ordered = linkByDottedOrder(nodes) ?? linkByParentId(nodes);
  const roots = ordered.filter((n) => n.parent === null);
  for (const node of ordered) node.selfTime = selfTimeOf(node);

  const trace: Trace = {
    traceId,
    name: traceName(roots, ordered),
    roots,
    nodes: ordered,
    startTime: 0,
    endTime: 0,
    duration: 0,
    spanCount: ordered.length,
    errorCount: 0,
    running: false,
    inputTokens: 0,
    outputTokens: 0,
    costUsd: 0,
    files: [],
  };
  fillTotals(trace, latest, options);
  markCriticalPath(trace);
  return trace;
}

function newNode(span: Span, latest: number): SpanNode {
  const end = span.endTime ?? latest;
  return {
    span,
    parent: null,
    children: [],
    depth: 0,
    orphan: false,
    // A child logged with an end before its start (clock skew) gets 0, never a negative bar.
    duration: Math.max(0, end - span.startTime),
    selfTime: 0,
    onCriticalPath: false,
  };
}

/**
 * Links by lineage. Returns the pre-order, or undefined when a dotted order is missing or
 * disagrees with the parent ids anywhere (then nothing has been linked).
 *
 * The order is exactly that of sorting the whole trace by `dottedOrder`, but computed per
 * sibling group on the last segment only: whole lineages share long prefixes, so each
 * comparison of a full sort costs O(depth) characters (a 100k-span trace took ~0.6 s to sort
 * that way). Checking that every lineage is its parent's plus one segment also rules out
 * cycles, since lineages grow strictly along any parent chain.
 */
function linkByDottedOrder(nodes: SpanNode[]): SpanNode[] | undefined {
  const n = nodes.length;
  const byId = new Map<string, number>();
  // Position of each lineage's last '.', i.e. where its own segment starts, minus one.
  const lastDot = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const dotted = nodes[i].span.dottedOrder;
    if (!dotted) return undefined;
    byId.set(nodes[i].span.id, i);
    lastDot[i] = dotted.lastIndexOf('.');
  }
  const parents = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const parentId = nodes[i].span.parentId;
    if (!parentId) {
      if (lastDot[i] !== -1) return undefined;
      parents[i] = -1;
      continue;
    }
    // A parent that is absent (another file or service) or a lineage that is not the
    // parent's plus one segment sends the whole trace to the parent-id path.
    const p = byId.get(parentId);
    if (p === undefined || p === i || !extendsLineage(nodes[i].span.dottedOrder!, nodes[p].span.dottedOrder!, lastDot[i], lastDot[p])) {
      return undefined;
    }
    parents[i] = p;
  }
  // Linked only once the whole trace checked out, so the fallback starts from clean nodes.
  const roots: SpanNode[] = [];
  for (let i = 0; i < n; i++) {
    const p = parents[i];
    if (p >= 0) {
      nodes[i].parent = nodes[p];
      nodes[p].children.push(nodes[i]);
    } else {
      roots.push(nodes[i]);
    }
  }
  roots.sort(byOwnSegment);
  for (const node of nodes) if (node.children.length > 1) node.children.sort(byOwnSegment);
  const order: SpanNode[] = [];
  for (const root of roots) walk(root, order);
  return order;
}

/** Siblings compare on their own (last) segment, which starts right after the parent's lineage. */
function byOwnSegment(a: SpanNode, b: SpanNode): number {
  const x = a.span.dottedOrder!;
  const y = b.span.dottedOrder!;
  const from = a.parent ? a.parent.span.dottedOrder!.length + 1 : 0;
  const end = Math.min(x.length, y.length);
  for (let i = from; i < end; i++) {
    const d = x.charCodeAt(i) - y.charCodeAt(i);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/**
 * `child` is `parent` plus one segment. Only the parent's own segment is compared: the
 * parent's lineage was checked against its own parent the same way, and comparing whole
 * prefixes would cost O(depth) characters per span. Lineages grow strictly along any parent
 * chain, so a trace that passes has no cycle.
 */
function extendsLineage(child: string, parent: string, childLastDot: number, parentLastDot: number): boolean {
  if (childLastDot !== parent.length || child.length <= childLastDot + 1) return false;
  for (let i = parentLastDot + 1; i < parent.length; i++) if (child.charCodeAt(i) !== parent.charCodeAt(i)) return false;
  return true;
}

function linkByParentId(nodes: SpanNode[]): SpanNode[] {
  const byId = new Map<string, SpanNode>();
  for (const n of nodes) byId.set(n.span.id, n);
  const roots: SpanNode[] = [];
  for (const n of nodes) {
    const parentId = n.span.parentId;
    const parent = parentId ? byId.get(parentId) : undefined;
    if (parentId && parent && parent !== n) {
      n.parent = parent;
      parent.children.push(n);
    } else {
      // Absent parent (remote service, lost record) or a span naming itself: a visible root.
      n.orphan = !!parentId;
      roots.push(n);
    }
  }
  for (const n of nodes) if (n.children.length > 1) n.children.sort(byStart);
  roots.sort(byStart);

  // Each span has one parent, so walks from distinct roots never meet; what they miss sits
  // on a cycle or below one.
  const order: SpanNode[] = [];
  for (const root of roots) walk(root, order);
  if (order.length < nodes.length) return breakCycles(nodes, roots, new Set(order));
  return order;
}

/**
 * Spans not reached from a root sit on (or hang below) a parent cycle. Each cycle is cut at
 * its earliest-starting member, which becomes an orphan root, so nothing is dropped.
 */
function breakCycles(nodes: SpanNode[], roots: SpanNode[], reached: Set<SpanNode>): SpanNode[] {
  const pending = nodes.filter((n) => !reached.has(n)).sort(byStart);
  for (const start of pending) {
    if (reached.has(start)) continue;
    const cut = earliestOnCycle(start, reached);
    const siblings = cut.parent!.children;
    siblings.splice(siblings.indexOf(cut), 1);
    cut.parent = null;
    cut.orphan = true;
    roots.push(cut);
    // A span has one parent, so its component holds one cycle: once cut, it is a tree.
    const component: SpanNode[] = [];
    walk(cut, component);
    for (const c of component) reached.add(c);
  }
  roots.sort(byStart);
  const order: SpanNode[] = [];
  for (const root of roots) walk(root, order);
  return order;
}

/** Follows parents from an unreached node until one repeats: that one is on the cycle. */
function earliestOnCycle(start: SpanNode, reached: Set<SpanNode>): SpanNode {
  const seen = new Set<SpanNode>();
  let n = start;
  while (!seen.has(n)) {
    seen.add(n);
    // Every unreached node has a parent (roots were all reached), and that parent is
    // unreached too, so this loop must meet a repeat.
    n = n.parent!;
    if (reached.has(n)) throw new Error('internal: cycle walk reached a rooted span');
  }
  let best = n;
  for (let m = n.parent!; m !== n; m = m.parent!) if (byStart(m, best) < 0) best = m;
  return best;
}

/** Iterative pre-order walk (a 100k-deep chain must not overflow the call stack). */
function walk(root: SpanNode, out: SpanNode[]): void {
  const stack: SpanNode[] = [root];
  root.depth = root.parent ? root.parent.depth + 1 : 0;
  while (stack.length > 0) {
    const n = stack.pop()!;
    out.push(n);
    for (let i = n.children.length - 1; i >= 0; i--) {
      const c = n.children[i];
      c.depth = n.depth + 1;
      stack.push(c);
    }
  }
}

function byStart(a: SpanNode, b: SpanNode): number {
  return a.span.startTime - b.span.startTime || compareStrings(a.span.dottedOrder ?? a.span.id, b.span.dottedOrder ?? b.span.id);
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function traceName(roots: SpanNode[], nodes: SpanNode[]): string {
  if (roots.length === 1) return roots[0].span.name;
  let earliest: SpanNode | undefined;
  for (const n of nodes) if (!earliest || byStart(n, earliest) < 0) earliest = n;
  return earliest?.span.name ?? '';
}

function fillTotals(trace: Trace, latest: number, options: RollupOptions): void {
  let start = Infinity;
  let errors = 0;
  let running = false;
  const files = new Set<string>();
  for (const n of trace.nodes) {
    const s = n.span;
    if (s.startTime < start) start = s.startTime;
    if (s.status === 'error') errors++;
    if (isRunning(s)) running = true;
    if (s.origin?.file) files.add(s.origin.file);
  }
  trace.startTime = Number.isFinite(start) ? start : 0;
  trace.endTime = Number.isFinite(latest) ? latest : trace.startTime;
  trace.duration = Math.max(0, trace.endTime - trace.startTime);
  trace.errorCount = errors;
  trace.running = running;
  trace.files = [...files].sort();
  const totals = traceTotals(trace, options);
  trace.inputTokens = totals.inputTokens;
  trace.outputTokens = totals.outputTokens;
  trace.costUsd = totals.costUsd;
}
