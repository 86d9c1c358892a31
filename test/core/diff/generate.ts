/** Random trace trees and edits for the diff's property tests (seeded, deterministic). */
import type { Span, SpanType } from '../../../src/core/model';
import { T0 } from '../tree/helpers';

export interface GenNode {
  id: string;
  name: string;
  type: SpanType;
  inputs: unknown;
  outputs: unknown;
  model?: string;
  usage?: { input_tokens: number; output_tokens: number };
  children: GenNode[];
}

const NAMES = ['plan', 'search', 'call_llm', 'tool', 'summarize'];
const TYPES: SpanType[] = ['chain', 'llm', 'tool', 'retriever'];

export class Gen {
  private next = 0;
  private fresh = 0;
  constructor(private readonly rand: () => number) {}

  int(n: number): number {
    return Math.floor(this.rand() * n);
  }

  node(name = NAMES[this.int(NAMES.length)]): GenNode {
    const type = TYPES[this.int(TYPES.length)];
    const n: GenNode = { id: `n${this.next++}`, name, type, inputs: { q: this.int(1e9) }, outputs: { a: this.int(1e9) }, children: [] };
    if (type === 'llm') {
      n.model = this.rand() < 0.5 ? 'gpt-4o' : 'claude-sonnet-4-5';
      n.usage = { input_tokens: 1 + this.int(1e6), output_tokens: 1 + this.int(1e6) };
    }
    return n;
  }

  freshName(): string {
    return `fresh_${this.fresh++}`;
  }

  /** A forest of 1–2 roots and `size` nodes in all, with many repeated names. */
  forest(size: number): GenNode[] {
    const roots = [this.node()];
    if (size > 3 && this.rand() < 0.3) roots.push(this.node());
    const all = [...roots];
    for (let i = roots.length; i < size; i++) {
      const parent = all[this.int(all.length)];
      const child = this.node();
      parent.children.push(child);
      all.push(child);
    }
    return roots;
  }

  subtree(size: number, freshNames: boolean): GenNode {
    const root = this.node(freshNames ? this.freshName() : undefined);
    const all = [root];
    for (let i = 1; i < size; i++) {
      const child = this.node(freshNames ? this.freshName() : undefined);
      all[this.int(all.length)].children.push(child);
      all.push(child);
    }
    return root;
  }
}

export function clone(nodes: GenNode[]): GenNode[] {
  return nodes.map((n) => ({ ...n, children: clone(n.children) }));
}

export function walk(nodes: GenNode[], f: (n: GenNode, siblings: GenNode[], parent: GenNode | null) => void, parent: GenNode | null = null): void {
  for (const n of nodes.slice()) {
    f(n, nodes, parent);
    walk(n.children, f, n);
  }
}

export function subtreeIds(n: GenNode): string[] {
  const out: string[] = [];
  walk([n], (m) => out.push(m.id));
  return out;
}

/** Spans whose start times follow the tree order, so the rebuilt tree keeps sibling order. */
export function toSpans(roots: GenNode[], traceId = 'gen'): Span[] {
  const spans: Span[] = [];
  let clock = 0;
  const visit = (n: GenNode, parentId: string | null): void => {
    const start = clock++;
    const at = spans.length;
    spans.push({ id: n.id, traceId, parentId, name: n.name, spanType: n.type, startTime: 0, status: 'ok', inputs: n.inputs, outputs: n.outputs });
    for (const c of n.children) visit(c, n.id);
    const end = clock++;
    const s = spans[at];
    s.startTime = T0 + start * 1000;
    s.endTime = T0 + end * 1000;
    if (n.model) s.model = n.model;
    if (n.usage) s.usage = { ...n.usage };
  };
  for (const r of roots) visit(r, null);
  return spans;
}
