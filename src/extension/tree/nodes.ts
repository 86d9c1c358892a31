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

/** "N more traces…": a file's traces are listed a page at a time. */
export interface MoreNode {
  kind: 'more';
  key: string;
  file: string;
  /** traces not listed yet */
  hidden: number;
}

export type TreeNode = FileNode | TraceNode | SpanNode | MoreNode;

export class NodeCache {
  private readonly files = new Map<string, FileNode>();
  private readonly more = new Map<string, MoreNode>();
  /** `file\0traceId` → trace node */
  private readonly traces = new Map<string, TraceNode>();
  /** `file\0traceId` → span id → node: one trace's spans are forgotten in one step */
  private readonly spans = new Map<string, Map<string, SpanNode>>();

  file(file: string): FileNode {
    let n = this.files.get(file);
    if (!n) this.files.set(file, (n = { kind: 'file', key: `f:${file}`, file }));
    return n;
  }

  trace(file: string, traceId: string): TraceNode {
    const k = `${file}\0${traceId}`;
    let n = this.traces.get(k);
    if (!n) this.traces.set(k, (n = { kind: 'trace', key: `t:${k}`, file, traceId }));
    return n;
  }

  span(file: string, traceId: string, spanId: string, index: number): SpanNode {
    const k = `${file}\0${traceId}`;
    let byId = this.spans.get(k);
    if (!byId) this.spans.set(k, (byId = new Map()));
    let n = byId.get(spanId);
    if (!n) byId.set(spanId, (n = { kind: 'span', key: `s:${k}\0${spanId}`, file, traceId, spanId, index }));
    n.index = index;
    return n;
  }

  moreOf(file: string, hidden: number): MoreNode {
    let n = this.more.get(file);
    if (!n) this.more.set(file, (n = { kind: 'more', key: `m:${file}`, file, hidden }));
    n.hidden = hidden;
    return n;
  }

  peekTrace(file: string, traceId: string): TraceNode | undefined {
    return this.traces.get(`${file}\0${traceId}`);
  }

  peekFile(file: string): FileNode | undefined {
    return this.files.get(file);
  }

  /** Forget one trace's span nodes (re-read), or everything of a file (closed). */
  forget(file: string, traceId?: string): void {
    if (traceId !== undefined) {
      this.spans.delete(`${file}\0${traceId}`);
      return;
    }
    this.files.delete(file);
    this.more.delete(file);
    const prefix = `${file}\0`;
    for (const k of this.traces.keys()) if (k.startsWith(prefix)) this.traces.delete(k);
    for (const k of this.spans.keys()) if (k.startsWith(prefix)) this.spans.delete(k);
  }
}
