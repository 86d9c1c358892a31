/**
 * Host side of the trace view: one webview panel per trace. It posts a snapshot when the view
 * says `ready` (first load, and again after the panel was hidden and shown: without
 * retainContextWhenHidden VS Code drops a hidden webview, which keeps a 100k-span trace out of
 * memory while nobody looks at it; the view restores selection, zoom and scroll from its
 * saved state). While visible, changes to the trace go out as positional patches.
 */
import * as vscode from 'vscode';
import type { Span } from '../../core/model';
import type { TraceRepository } from '../../ingest/types';
import type { HostToView, ViewRow, ViewToHost } from '../../protocol/trace-view';
import { createAppPanel } from './app-panel';
import { diffRows, toColumns, toViewRows, toViewSummary } from './trace-rows';

export interface TracePanelContext {
  extensionUri: vscode.Uri;
  repo: TraceRepository;
  revealSource: (span: Span) => Thenable<void>;
  log: vscode.LogOutputChannel;
}

/** Live changes closer together than this are sent as one update. */
const UPDATE_DELAY_MS = 150;

export class TracePanel implements vscode.Disposable {
  static readonly viewType = 'spanscope.trace';
  private static readonly open = new Map<string, TracePanel>();

  private readonly disposables: vscode.Disposable[] = [];
  private readonly selectEmitter = new vscode.EventEmitter<string>();
  /** Fires with the span id the user selected in the waterfall. */
  readonly onDidSelectSpan = this.selectEmitter.event;
  private viewReady = false;
  private version = 0;
  /** the rows the view holds (what was last sent), to diff the next version against */
  private sent: ViewRow[] = [];
  private files: string[] = [];
  private updateTimer: ReturnType<typeof setTimeout> | undefined;
  /** serializes snapshot/update work so versions go out in order */
  private queue: Promise<void> = Promise.resolve();
  private pendingFocus: string | undefined;
  private disposed = false;

  /** Opens the trace's panel, or brings the open one to the front. */
  static show(ctx: TracePanelContext, traceId: string): TracePanel {
    const existing = TracePanel.open.get(traceId);
    if (existing) {
      existing.panel.reveal();
      return existing;
    }
    const panel = new TracePanel(ctx, traceId);
    TracePanel.open.set(traceId, panel);
    return panel;
  }

  /** The open panel of a trace, if any. */
  static get(traceId: string): TracePanel | undefined {
    return TracePanel.open.get(traceId);
  }

  static disposeAll(): void {
    for (const p of [...TracePanel.open.values()]) p.dispose();
  }

  readonly panel: vscode.WebviewPanel;

  private constructor(private readonly ctx: TracePanelContext, readonly traceId: string) {
    this.panel = createAppPanel({
      extensionUri: ctx.extensionUri, viewType: TracePanel.viewType, title: `Trace ${traceId.slice(0, 8)}`,
      app: 'trace', css: 'trace-view.css', documentTitle: 'Trace',
    });
    const webview = this.panel.webview;
    this.disposables.push(
      this.selectEmitter,
      webview.onDidReceiveMessage((m: ViewToHost) => this.onMessage(m)),
      this.panel.onDidChangeViewState(() => {
        // A hidden webview is torn down; it says `ready` again when shown.
        if (!this.panel.visible) this.viewReady = false;
      }),
      this.panel.onDidDispose(() => this.dispose()),
    );
    const unsubscribe = ctx.repo.onDidChange((e) => {
      if (e.traceIds.includes(traceId) || (e.reset && this.files.includes(e.file))) this.scheduleUpdate();
    });
    this.disposables.push({ dispose: unsubscribe });
    ctx.log.info(`trace view opened for ${traceId}`);
  }

  /** Select a span in the waterfall (once the view has its data). */
  revealSpan(spanId: string): void {
    if (this.viewReady && this.sent.length > 0) void this.post({ type: 'focusSpan', spanId });
    else this.pendingFocus = spanId;
  }

  private onMessage(m: ViewToHost): void {
    switch (m.type) {
      case 'ready':
        this.viewReady = true;
        this.enqueue(() => this.sendSnapshot());
        break;
      case 'requestSpan':
        void this.sendSpan(m.spanId);
        break;
      case 'selectSpan':
        this.selectEmitter.fire(m.spanId);
        break;
      case 'openSource':
        void this.openSource(m.spanId);
        break;
      case 'copy':
        void vscode.env.clipboard.writeText(m.text).then(() => vscode.window.setStatusBarMessage('Copied', 2000));
        break;
      case 'log':
        if (m.level === 'error') this.ctx.log.error(`trace view: ${m.message}`);
        else this.ctx.log.warn(`trace view: ${m.message}`);
        break;
    }
  }

  private enqueue(work: () => Promise<void>): void {
    this.queue = this.queue.then(work).catch((err: unknown) => {
      this.ctx.log.error(`trace view for ${this.traceId}: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
    });
  }

  private scheduleUpdate(): void {
    // Invisible views get nothing: they are sent a snapshot on their next `ready`.
    if (!this.viewReady || !this.panel.visible || this.updateTimer) return;
    this.updateTimer = setTimeout(() => {
      this.updateTimer = undefined;
      this.enqueue(() => this.sendUpdate());
    }, UPDATE_DELAY_MS);
  }

  private async sendSnapshot(): Promise<void> {
    const t0 = Date.now();
    const trace = await this.ctx.repo.getTrace(this.traceId);
    if (this.disposed) return;
    if (!trace) {
      this.sent = [];
      await this.post({ type: 'missing', traceId: this.traceId, message: 'This trace is no longer in any open trace file.' });
      return;
    }
    const rows = toViewRows(trace);
    this.files = trace.summary.files;
    this.panel.title = trace.summary.name || `Trace ${this.traceId.slice(0, 8)}`;
    this.sent = rows;
    this.version++;
    await this.post({ type: 'snapshot', version: this.version, summary: toViewSummary(trace.summary), rows: toColumns(rows) });
    this.ctx.log.debug(`trace view ${this.traceId}: snapshot of ${rows.length} spans in ${Date.now() - t0} ms`);
    if (this.pendingFocus) {
      await this.post({ type: 'focusSpan', spanId: this.pendingFocus });
      this.pendingFocus = undefined;
    }
  }

  private async sendUpdate(): Promise<void> {
    if (!this.viewReady) return;
    const trace = await this.ctx.repo.getTrace(this.traceId);
    if (this.disposed || !this.viewReady) return;
    if (!trace) {
      this.sent = [];
      await this.post({ type: 'missing', traceId: this.traceId, message: 'This trace is no longer in any open trace file.' });
      return;
    }
    const rows = toViewRows(trace);
    const patches = diffRows(this.sent, rows);
    if (patches.length === 0 && rows.length === this.sent.length) return;
    this.files = trace.summary.files;
    this.panel.title = trace.summary.name || this.panel.title;
    // When most rows moved (a span inserted early in the pre-order) a snapshot is smaller.
    if (patches.length > 1000 && patches.length > rows.length / 2) {
      this.sent = rows;
      this.version++;
      await this.post({ type: 'snapshot', version: this.version, summary: toViewSummary(trace.summary), rows: toColumns(rows) });
      return;
    }
    const baseVersion = this.version;
    this.sent = rows;
    this.version++;
    await this.post({ type: 'update', baseVersion, version: this.version, summary: toViewSummary(trace.summary), length: rows.length, patches });
  }

  private async fullSpan(spanId: string): Promise<Span | undefined> {
    return this.ctx.repo.getSpan(this.traceId, spanId);
  }

  private async sendSpan(spanId: string): Promise<void> {
    try {
      const span = await this.fullSpan(spanId);
      await this.post(span ? { type: 'spanDetails', spanId, span } : { type: 'spanDetails', spanId, error: 'the span is no longer in its file' });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.ctx.log.warn(`trace view: could not load span ${spanId}: ${message}`);
      await this.post({ type: 'spanDetails', spanId, error: message });
    }
  }

  private async openSource(spanId: string): Promise<void> {
    try {
      const span = await this.fullSpan(spanId);
      if (!span) {
        void vscode.window.showWarningMessage('Spanscope: that span is no longer in its trace file.');
        return;
      }
      if (!span.source?.file) {
        void vscode.window.showInformationMessage(`Spanscope: span "${span.name}" has no source location.`);
        return;
      }
      await this.ctx.revealSource(span);
    } catch (err) {
      this.ctx.log.error(`trace view: open source of ${spanId}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private post(m: HostToView): Thenable<boolean> {
    if (this.disposed) return Promise.resolve(false);
    return this.panel.webview.postMessage(m);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    clearTimeout(this.updateTimer);
    TracePanel.open.delete(this.traceId);
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}
