/**
 * Host side of the diff view: one webview panel per pair of traces. The diff is computed when
 * the panel opens (the traces loaded in full) and sent on every `ready`. It follows the
 * program: when spans of either trace are written, both are loaded again and the diff
 * recomputed (at most every RELOAD_MS); a change of prices recomputes it too, since estimated
 * costs move.
 */
import * as vscode from 'vscode';
import { diffTraces } from '../../core/diff';
import type { Trace } from '../../core/trace';
import type { TraceRepository } from '../../ingest/types';
import type { DiffHostToView, DiffViewData, DiffViewToHost } from '../../protocol/diff-view';
import { createAppPanel } from '../panels/app-panel';
import type { PricingSource } from '../tokens/pricing-source';
import { diffViewData } from './diff-model';
import { loadTrace } from './load-trace';
import { valueDocument, type ValueField } from './value-text';
import type { ValueDocuments } from './value-documents';

export interface DiffPanelContext {
  extensionUri: vscode.Uri;
  repo: TraceRepository;
  log: vscode.LogOutputChannel;
  pricing: PricingSource;
  documents: ValueDocuments;
  openSpan(traceId: string, spanId: string): Thenable<unknown>;
}

/** Writes to a compared trace are gathered for this long before both are loaded again. */
const RELOAD_MS = 300;

export class DiffPanel implements vscode.Disposable {
  static readonly viewType = 'spanscope.diff';
  private static readonly open = new Map<string, DiffPanel>();
  readonly panel: vscode.WebviewPanel;
  private data: DiffViewData;
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;
  private reloadTimer: NodeJS.Timeout | undefined;
  /** a reload is running; another change while it runs asks for one more */
  private reloading: Promise<void> | undefined;
  private reloadAgain = false;

  static show(ctx: DiffPanelContext, left: Trace, right: Trace): DiffPanel {
    const key = `${left.traceId}\u0000${right.traceId}`;
    const existing = DiffPanel.open.get(key);
    if (existing) {
      existing.panel.reveal();
      return existing;
    }
    const p = new DiffPanel(ctx, left, right, key);
    DiffPanel.open.set(key, p);
    return p;
  }

  static disposeAll(): void {
    for (const p of [...DiffPanel.open.values()]) p.dispose();
  }

  private constructor(private readonly ctx: DiffPanelContext, private left: Trace, private right: Trace, private readonly key: string) {
    this.panel = createAppPanel({
      extensionUri: ctx.extensionUri, viewType: DiffPanel.viewType, title: panelTitle(left, right),
      app: 'diff', css: 'diff-view.css', documentTitle: 'Compare Traces',
    });
    const webview = this.panel.webview;
    this.data = this.compute();
    const unsubscribe = ctx.repo.onDidChange((e) => {
      if (e.reset || e.traceIds.includes(this.left.traceId) || e.traceIds.includes(this.right.traceId)) this.scheduleReload();
    });
    this.disposables.push(
      { dispose: unsubscribe },
      { dispose: () => clearTimeout(this.reloadTimer) },
      webview.onDidReceiveMessage((m: DiffViewToHost) => void this.onMessage(m)),
      this.panel.onDidDispose(() => this.dispose()),
      ctx.pricing.onDidChange(() => {
        this.data = this.compute();
        void this.post({ type: 'diff', data: this.data });
      }),
    );
    ctx.log.info(`diff view opened: ${left.traceId} → ${right.traceId} (${this.data.counts.changed} changed, ${this.data.counts.added} added, ${this.data.counts.removed} removed)`);
  }

  private scheduleReload(): void {
    if (this.disposed || this.reloadTimer) return;
    this.reloadTimer = setTimeout(() => {
      this.reloadTimer = undefined;
      if (this.reloading) {
        this.reloadAgain = true;
        return;
      }
      this.reloading = this.reload().finally(() => {
        this.reloading = undefined;
        if (this.reloadAgain) {
          this.reloadAgain = false;
          this.scheduleReload();
        }
      });
    }, RELOAD_MS);
  }

  /** Both traces loaded again and the diff sent; a trace no longer in any file keeps what was shown. */
  private async reload(): Promise<void> {
    try {
      const options = { estimateCost: this.ctx.pricing.estimateCost };
      const [l, r] = await Promise.all([
        loadTrace(this.ctx.repo, this.left.traceId, options),
        loadTrace(this.ctx.repo, this.right.traceId, options),
      ]);
      if (this.disposed) return;
      this.left = l ?? this.left;
      this.right = r ?? this.right;
      this.data = this.compute();
      this.panel.title = panelTitle(this.left, this.right);
      await this.post({ type: 'diff', data: this.data });
    } catch (err) {
      this.ctx.log.error(`diff view: reloading the traces: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private compute(): DiffViewData {
    const estimateCost = this.ctx.pricing.estimateCost;
    const diff = diffTraces(this.left, this.right, { estimateCost });
    return diffViewData(diff, this.left, this.right, {
      estimateCost,
      pricingDate: this.ctx.pricing.pricing.table.date,
      relPath: (f) => vscode.workspace.asRelativePath(f),
    });
  }

  private async onMessage(m: DiffViewToHost): Promise<void> {
    try {
      switch (m.type) {
        case 'ready':
          await this.post({ type: 'diff', data: this.data });
          break;
        case 'openValueDiff':
          await this.openValueDiff(m.row, m.field);
          break;
        case 'openSpan': {
          const row = this.data.rows[m.row];
          const span = m.side === 'left' ? row?.left : row?.right;
          if (span) await this.ctx.openSpan(m.side === 'left' ? this.left.traceId : this.right.traceId, span.id);
          break;
        }
        case 'log':
          this.ctx.log[m.level === 'error' ? 'error' : 'warn'](`diff view: ${m.message}`);
          break;
      }
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.ctx.log.error(`diff view: ${message}`);
      void vscode.window.showErrorMessage(`Spanscope: ${message}`);
    }
  }

  /** Both spans' values as read-only documents in VS Code's diff editor. */
  async openValueDiff(rowIndex: number, field: ValueField): Promise<void> {
    const row = this.data.rows[rowIndex];
    if (!row) return;
    const [l, r] = await Promise.all([
      row.left ? this.ctx.repo.getSpan(this.left.traceId, row.left.id) : undefined,
      row.right ? this.ctx.repo.getSpan(this.right.traceId, row.right.id) : undefined,
    ]);
    // The trace as loaded for the diff is the fallback when the file no longer has the span.
    const ls = l ?? (row.left ? this.left.nodes.find((n) => n.span.id === row.left!.id)?.span : undefined);
    const rs = r ?? (row.right ? this.right.nodes.find((n) => n.span.id === row.right!.id)?.span : undefined);
    const ld = valueDocument(field, ls?.inputs, ls?.outputs);
    const rd = valueDocument(field, rs?.inputs, rs?.outputs);
    // One language for both sides, so the diff editor colours them alike; a side with
    // nothing recorded takes the other side's.
    const language = !ld.text ? rd.language : !rd.text ? ld.language : ld.language === rd.language ? ld.language : 'plaintext';
    const ext = extOf(language);
    const name = row.right?.name ?? row.left?.name ?? 'span';
    const leftUri = this.ctx.documents.add(`A ${name} ${field}`, ext, ld.text || `(no ${field} recorded)\n`);
    const rightUri = this.ctx.documents.add(`B ${name} ${field}`, ext, rd.text || `(no ${field} recorded)\n`);
    await vscode.commands.executeCommand('vscode.diff', leftUri, rightUri, `${name} ${field}: A ↔ B`, { preview: true });
  }

  private post(m: DiffHostToView): Thenable<boolean> {
    if (this.disposed) return Promise.resolve(false);
    return this.panel.webview.postMessage(m);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    DiffPanel.open.delete(this.key);
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}

function extOf(language: 'json' | 'markdown' | 'plaintext'): 'json' | 'md' | 'txt' {
  return language === 'json' ? 'json' : language === 'markdown' ? 'md' : 'txt';
}

function panelTitle(left: Trace, right: Trace): string {
  const l = left.name || left.traceId.slice(0, 8);
  const r = right.name || right.traceId.slice(0, 8);
  return l === r ? `Compare ${l}` : `Compare ${l} ↔ ${r}`;
}
