/** The explorer tree's elements. Kept as stable objects per key so change events can target them. */

export interface FileNode {
  kind: 'file';
  key: string;
  file: string;
}

export interface TraceNode {
  kind: 'trace';
  key: string;
  file: string;
  traceId: string;
}

export interface SpanNode {
  kind: 'span';
  key: string;
  file: string;
  traceId: string;
  spanId: string;
  /** row index in the trace's pre-order when it was fetched */
  index: number;
}

export type TreeNode = FileNode | TraceNode | SpanNode;

export class NodeCache {
  private readonly nodes = new Map<string, TreeNode>();

  file(file: string): FileNode {
    return this.get(`f:${file}`, (key) => ({ kind: 'file', key, file }));
  }

  trace(file: string, traceId: string): TraceNode {
    return this.get(`t:${file}\0${traceId}`, (key) => ({ kind: 'trace', key, file, traceId }));
  }

  span(file: string, traceId: string, spanId: string, index: number): SpanNode {
    const n = this.get(`s:${file}\0${traceId}\0${spanId}`, (key): SpanNode => ({ kind: 'span', key, file, traceId, spanId, index }));
    n.index = index;
    return n;
  }

  peekTrace(file: string, traceId: string): TraceNode | undefined {
    return this.nodes.get(`t:${file}\0${traceId}`) as TraceNode | undefined;
  }

  peekFile(file: string): FileNode | undefined {
    return this.nodes.get(`f:${file}`) as FileNode | undefined;
  }

  /** Forget a file's nodes (closed), or one trace's span nodes (re-read). */
  forget(file: string, traceId?: string): void {
    const prefixes = traceId === undefined
      ? [`f:${file}`, `t:${file}\0`, `s:${file}\0`]
      : [`s:${file}\0${traceId}\0`];
    for (const k of this.nodes.keys()) if (prefixes.some((p) => k === p || k.startsWith(p))) this.nodes.delete(k);
  }

  private get<T extends TreeNode>(key: string, make: (key: string) => T): T {
    let n = this.nodes.get(key) as T | undefined;
    if (!n) { n = make(key); this.nodes.set(key, n); }
    return n;
  }
}
