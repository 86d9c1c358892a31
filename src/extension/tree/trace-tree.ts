/**
 * The explorer tree: trace files → traces (newest first) → spans as the rebuilt tree nests
 * them. Summaries come from the repository's file list; a trace's spans are fetched only when
 * it is expanded, and children are looked up per node, so a 100k-span trace costs one fetch.
 * Repository changes fire events only for the nodes they touch.
 */
import * as vscode from 'vscode';
import type { Span } from '../../core/model';
import type { FileSummary, FlatTrace, RepositoryChange, TraceRepository, TraceSummary } from '../../ingest/types';
import { describeFile, describeSpan, describeTrace, sortTraces, traceMatches, type ItemLook, type TraceFilter } from './describe';
import { NodeCache, type FileNode, type MoreNode, type SpanNode, type TraceNode, type TreeNode } from './nodes';

/**
 * Traces listed per file before a "more" row: a file of thousands of traces would otherwise
 * make thousands of tree items at once, on the extension host's thread.
 */
const PAGE = 100;

interface FetchedTrace {
  flat: FlatTrace;
  /** row index → child row indexes; -1 holds the roots */
  children: Map<number, number[]>;
  indexById: Map<string, number>;
}

export class TraceTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined | void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly nodes = new NodeCache();
  private summaries = new Map<string, FileSummary>();
  private readonly traces = new Map<string, Promise<FetchedTrace | undefined>>();
  private filter: TraceFilter = { errorsOnly: false, name: '' };
  private pending: RepositoryChange[] = [];
  private flushTimer: NodeJS.Timeout | undefined;
  private loaded = false;
  /** how many traces each file lists; more on request */
  private readonly pageSize = new Map<string, number>();
  private readonly filterChanged = new vscode.EventEmitter<TraceFilter>();
  readonly onDidChangeFilter = this.filterChanged.event;
  private readonly disposables: vscode.Disposable[] = [this.changed, this.filterChanged];

  constructor(
    private readonly repo: TraceRepository,
    private readonly log: vscode.LogOutputChannel,
    /** called after every reload with whether any trace is listed (for the welcome view's context key) */
    private readonly onHasTraces: (has: boolean) => void,
  ) {
    const off = repo.onDidChange((e) => this.queueChange(e));
    this.disposables.push({ dispose: off });
  }

  dispose(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    for (const d of this.disposables) d.dispose();
  }

  getFilter(): TraceFilter {
    return { ...this.filter };
  }

  setFilter(f: Partial<TraceFilter>): void {
    this.filter = { ...this.filter, ...f };
    this.filterChanged.fire(this.getFilter());
    this.changed.fire();
  }

  /** Re-read the whole file list (after a rescan or a settings change). */
  async reload(): Promise<void> {
    const list = await this.repo.listFiles();
    this.summaries = new Map(list.map((f) => [f.file, f]));
    this.traces.clear();
    this.loaded = true;
    this.onHasTraces(this.allTraces().length > 0);
    this.changed.fire();
  }

  /** Age descriptions go stale: repaint trace rows without refetching anything. */
  repaintAges(): void {
    for (const f of this.summaries.keys()) {
      const n = this.nodes.peekFile(f);
      if (n) this.changed.fire(n);
    }
  }

  /** Every known trace summary, newest first, one entry per trace even if it spans files. */
  allTraces(): TraceSummary[] {
    const byId = new Map<string, TraceSummary>();
    for (const f of this.summaries.values()) for (const t of f.traces) byId.set(t.traceId, t);
    return sortTraces([...byId.values()]);
  }

  summaryOf(traceId: string): TraceSummary | undefined {
    for (const f of this.summaries.values()) {
      const t = f.traces.find((x) => x.traceId === traceId);
      if (t) return t;
    }
    return undefined;
  }

  /** The span behind a tree node (a trace node stands for its root span), from the fetched trace. */
  async spanOf(node: SpanNode | TraceNode): Promise<Span | undefined> {
    const t = await this.fetch(node.traceId);
    if (!t) return undefined;
    const i = node.kind === 'span' ? t.indexById.get(node.spanId) : (t.children.get(-1) ?? [])[0];
    return i === undefined ? undefined : t.flat.rows[i].span;
  }

  /** List the next page of a file's traces. */
  showMore(node: MoreNode): void {
    this.pageSize.set(node.file, (this.pageSize.get(node.file) ?? PAGE) + PAGE * 5);
    const f = this.nodes.peekFile(node.file);
    if (f) this.changed.fire(f);
  }

  getTreeItem(node: TreeNode): vscode.TreeItem | Thenable<vscode.TreeItem> {
    if (node.kind === 'more') {
      const item = new vscode.TreeItem(`${node.hidden} more trace${node.hidden === 1 ? '' : 's'}…`, vscode.TreeItemCollapsibleState.None);
      item.id = node.key;
      item.iconPath = new vscode.ThemeIcon('ellipsis');
      item.command = { command: 'spanscope.showMoreTraces', title: 'Show More Traces', arguments: [node] };
      return item;
    }
    if (node.kind === 'file') return this.fileItem(node);
    if (node.kind === 'trace') return this.traceItem(node);
    return this.spanItem(node);
  }

  async resolveTreeItem(item: vscode.TreeItem, node: TreeNode): Promise<vscode.TreeItem> {
    if (node.kind === 'trace') {
      const t = this.summaries.get(node.file)?.traces.find((x) => x.traceId === node.traceId);
      if (t) item.tooltip = markdown(describeTrace(t, Date.now()).tooltip);
    } else if (node.kind === 'span') {
      const t = await this.fetch(node.traceId);
      const i = t?.indexById.get(node.spanId);
      if (t && i !== undefined) item.tooltip = markdown(describeSpan(t.flat.rows[i]).tooltip);
    }
    return item;
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (!node) {
      if (!this.loaded) return [];
      return [...this.summaries.values()]
        .filter((f) => f.traces.some((t) => traceMatches(t, this.filter)) || (f.warnings.length > 0 && !this.filterActive()))
        .sort((a, b) => a.file.localeCompare(b.file))
        .map((f) => this.nodes.file(f.file));
    }
    if (node.kind === 'more') return [];
    if (node.kind === 'file') {
      const f = this.summaries.get(node.file);
      if (!f) return [];
      const traces = this.visibleTraces(f);
      const limit = this.pageSize.get(node.file) ?? PAGE;
      const shown: TreeNode[] = traces.slice(0, limit).map((t) => this.nodes.trace(node.file, t.traceId));
      if (traces.length > limit) shown.push(this.nodes.moreOf(node.file, traces.length - limit));
      return shown;
    }
    const t = await this.fetch(node.traceId);
    if (!t) return [];
    const parent = node.kind === 'trace' ? soleRoot(t) : t.indexById.get(node.spanId);
    if (parent === undefined) return [];
    return (t.children.get(parent) ?? []).map((i) => this.nodes.span(node.file, node.traceId, t.flat.rows[i].span.id, i));
  }

  async getParent(node: TreeNode): Promise<TreeNode | undefined> {
    if (node.kind === 'file') return undefined;
    if (node.kind === 'trace' || node.kind === 'more') return this.nodes.file(node.file);
    const t = await this.fetch(node.traceId);
    const i = t?.indexById.get(node.spanId);
    if (!t || i === undefined) return undefined;
    const p = t.flat.rows[i].parentIndex;
    if (p < 0 || p === soleRoot(t)) return this.nodes.trace(node.file, node.traceId);
    return this.nodes.span(node.file, node.traceId, t.flat.rows[p].span.id, p);
  }

  private filterActive(): boolean {
    return this.filter.errorsOnly || this.filter.name !== '';
  }

  private visibleTraces(f: FileSummary): TraceSummary[] {
    return sortTraces(f.traces.filter((t) => traceMatches(t, this.filter)));
  }

  private fileItem(node: FileNode): vscode.TreeItem {
    const f = this.summaries.get(node.file);
    const rel = vscode.workspace.asRelativePath(node.file);
    const look = f ? describeFile(f, rel) : { label: rel, description: '', icon: 'file', tooltip: '' };
    const item = new vscode.TreeItem(look.label, vscode.TreeItemCollapsibleState.Expanded);
    item.id = node.key;
    item.resourceUri = vscode.Uri.file(node.file);
    item.iconPath = f?.warnings.length ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground')) : vscode.ThemeIcon.File;
    item.description = look.description;
    item.tooltip = markdown(look.tooltip);
    item.contextValue = 'spanscope.file';
    return item;
  }

  private traceItem(node: TraceNode): vscode.TreeItem {
    const t = this.summaries.get(node.file)?.traces.find((x) => x.traceId === node.traceId);
    if (!t) return new vscode.TreeItem(node.traceId, vscode.TreeItemCollapsibleState.None);
    const look = describeTrace(t, Date.now());
    const item = withLook(new vscode.TreeItem(look.label, vscode.TreeItemCollapsibleState.Collapsed), look);
    item.id = node.key;
    item.contextValue = 'spanscope.trace';
    item.command = { command: 'spanscope.openTrace', title: 'Open Trace', arguments: [node] };
    return item;
  }

  private async spanItem(node: SpanNode): Promise<vscode.TreeItem> {
    const t = await this.fetch(node.traceId);
    const i = t?.indexById.get(node.spanId);
    if (!t || i === undefined) return new vscode.TreeItem(node.spanId);
    const row = t.flat.rows[i];
    const look = describeSpan(row);
    const kids = t.children.get(i)?.length ?? 0;
    const state = kids === 0 ? vscode.TreeItemCollapsibleState.None : vscode.TreeItemCollapsibleState.Collapsed;
    const item = withLook(new vscode.TreeItem(look.label, state), look);
    item.id = node.key;
    item.contextValue = row.span.source?.file ? 'spanscope.span.withSource' : 'spanscope.span';
    item.command = { command: 'spanscope.spanClicked', title: 'Select Span', arguments: [node] };
    return item;
  }

  private fetch(traceId: string): Promise<FetchedTrace | undefined> {
    let p = this.traces.get(traceId);
    if (!p) {
      p = this.repo.getTrace(traceId).then((flat) => (flat ? index(flat) : undefined));
      p.catch((err: unknown) => this.log.error(`reading trace ${traceId}: ${String(err)}`));
      this.traces.set(traceId, p);
    }
    return p;
  }

  /** The repository announces neither a file's first read nor its close: the watcher tells the tree. */
  noteFileOpenedOrClosed(file: string): void {
    this.queueChange({ file, traceIds: [], reset: true });
  }

  private queueChange(e: RepositoryChange): void {
    this.pending.push(e);
    // Coalesce a burst of changes (many traces appended at once) into one list read.
    this.flushTimer ??= setTimeout(() => {
      this.flushTimer = undefined;
      void this.flush().catch((err: unknown) => this.log.error(`tree update: ${String(err)}`));
    }, 50);
  }

  private async flush(): Promise<void> {
    const changes = this.pending;
    this.pending = [];
    const old = this.summaries;
    const list = await this.repo.listFiles();
    this.summaries = new Map(list.map((f) => [f.file, f]));
    this.loaded = true;
    this.onHasTraces(this.allTraces().length > 0);

    const sameFiles = old.size === this.summaries.size && [...old.keys()].every((k) => this.summaries.has(k));
    for (const k of old.keys()) if (!this.summaries.has(k)) this.nodes.forget(k);
    const touched = new Set<string>();
    for (const c of changes) {
      const before = old.get(c.file);
      const ids = c.reset && before ? before.traces.map((t) => t.traceId).concat(c.traceIds) : c.traceIds;
      for (const id of ids) {
        this.traces.delete(id);
        for (const f of this.summaries.keys()) this.nodes.forget(f, id);
        touched.add(id);
      }
    }
    if (!sameFiles) { this.changed.fire(); return; }

    const fired = new Set<string>();
    for (const [file, now] of this.summaries) {
      const before = old.get(file);
      const vb = before ? this.visibleTraces(before) : [];
      const vn = this.visibleTraces(now);
      if ((vb.length > 0) !== (vn.length > 0)) { this.changed.fire(); return; }
      const sameOrder = vb.length === vn.length && vb.every((t, i) => t.traceId === vn[i].traceId);
      if (!sameOrder || before?.warnings.length !== now.warnings.length) {
        this.changed.fire(this.nodes.file(file));
        fired.add(file);
      }
    }
    for (const id of touched) {
      for (const file of this.summaries.keys()) {
        if (fired.has(file)) continue;
        const n = this.nodes.peekTrace(file, id);
        if (n) this.changed.fire(n);
      }
    }
  }
}

/**
 * A trace with one root shows the root's children directly: the trace row already is the
 * root (same name, duration, status), so a second row for it would only add a level.
 */
function soleRoot(t: FetchedTrace): number {
  const roots = t.children.get(-1) ?? [];
  return roots.length === 1 ? roots[0] : -1;
}

function index(flat: FlatTrace): FetchedTrace {
  const children = new Map<number, number[]>();
  const indexById = new Map<string, number>();
  flat.rows.forEach((r, i) => {
    indexById.set(r.span.id, i);
    let list = children.get(r.parentIndex);
    if (!list) children.set(r.parentIndex, (list = []));
    list.push(i);
  });
  return { flat, children, indexById };
}

function markdown(text: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString(text);
  md.supportHtml = false;
  md.isTrusted = false;
  return md;
}

/** Tooltips are left to resolveTreeItem: built only for the row the pointer rests on. */
function withLook(item: vscode.TreeItem, look: ItemLook): vscode.TreeItem {
  item.description = look.description;
  item.iconPath = new vscode.ThemeIcon(look.icon, look.iconColor ? new vscode.ThemeColor(look.iconColor) : undefined);
  return item;
}
