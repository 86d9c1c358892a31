/**
 * Host side of the tokens view: one panel per trace or per file. Numbers are computed when the
 * view says `ready` and again when prices or the traces change while it is visible.
 */
import * as vscode from 'vscode';
import path from 'node:path';
import type { Trace } from '../../core/trace';
import type { TraceRepository } from '../../ingest/types';
import type { TokensHostToView, TokensViewToHost } from '../../protocol/tokens-view';
import { loadTrace } from '../compare/load-trace';
import { createAppPanel } from '../panels/app-panel';
import type { PricingSource } from './pricing-source';
import { tokensViewData } from './tokens-model';

export interface TokensPanelContext {
  extensionUri: vscode.Uri;
  repo: TraceRepository;
  log: vscode.LogOutputChannel;
  pricing: PricingSource;
  openSpan(traceId: string, spanId: string): Thenable<unknown>;
}

export type TokensScope = { kind: 'trace'; traceId: string } | { kind: 'file'; file: string };

const UPDATE_DELAY_MS = 300;

export class TokensPanel implements vscode.Disposable {
  static readonly viewType = 'spanscope.tokens';
  private static readonly open = new Map<string, TokensPanel>();
  readonly panel: vscode.WebviewPanel;
  private readonly disposables: vscode.Disposable[] = [];
  private ready = false;
  private disposed = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private queue: Promise<void> = Promise.resolve();

  static show(ctx: TokensPanelContext, scope: TokensScope): TokensPanel {
    const key = scope.kind === 'trace' ? `t:${scope.traceId}` : `f:${scope.file}`;
    const existing = TokensPanel.open.get(key);
    if (existing) {
      existing.panel.reveal();
      return existing;
    }
    const p = new TokensPanel(ctx, scope, key);
    TokensPanel.open.set(key, p);
    return p;
  }

  static disposeAll(): void {
    for (const p of [...TokensPanel.open.values()]) p.dispose();
  }

  private constructor(private readonly ctx: TokensPanelContext, private readonly scope: TokensScope, private readonly key: string) {
    const title = scope.kind === 'file' ? `Tokens: ${path.basename(scope.file)}` : 'Tokens and Cost';
    this.panel = createAppPanel({
      extensionUri: ctx.extensionUri, viewType: TokensPanel.viewType, title,
      app: 'tokens', css: 'tokens-view.css', documentTitle: title,
    });
    const webview = this.panel.webview;
    const unsubscribe = ctx.repo.onDidChange((e) => {
      if (scope.kind === 'file' ? e.file === scope.file : e.traceIds.includes(scope.traceId)) this.schedule();
    });
    this.disposables.push(
      { dispose: unsubscribe },
      webview.onDidReceiveMessage((m: TokensViewToHost) => this.onMessage(m)),
      this.panel.onDidChangeViewState(() => { if (!this.panel.visible) this.ready = false; }),
      this.panel.onDidDispose(() => this.dispose()),
      ctx.pricing.onDidChange(() => this.schedule()),
    );
  }

  private onMessage(m: TokensViewToHost): void {
    switch (m.type) {
      case 'ready':
        this.ready = true;
        this.enqueue();
        break;
      case 'openSpan':
        void Promise.resolve(this.ctx.openSpan(m.traceId, m.spanId)).catch((err: unknown) => this.ctx.log.error(`tokens view: ${String(err)}`));
        break;
      case 'log':
        this.ctx.log[m.level === 'error' ? 'error' : 'warn'](`tokens view: ${m.message}`);
        break;
    }
  }

  private schedule(): void {
    if (!this.ready || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.enqueue();
    }, UPDATE_DELAY_MS);
  }

  private enqueue(): void {
    this.queue = this.queue.then(() => this.send()).catch((err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      this.ctx.log.error(`tokens view: ${message}`);
      void this.post({ type: 'error', message });
    });
  }

  private async send(): Promise<void> {
    await this.ctx.pricing.ready();
    const pricing = this.ctx.pricing.pricing;
    const estimateCost = this.ctx.pricing.estimateCost;
    const traces = await this.traces();
    if (this.disposed) return;
    if (traces.length === 0) {
      await this.post({ type: 'error', message: this.scope.kind === 'file' ? 'This file holds no traces (or is no longer open).' : 'This trace is no longer in any open trace file.' });
      return;
    }
    const rel = (f: string) => vscode.workspace.asRelativePath(f);
    const first = traces[0];
    const title = this.scope.kind === 'file' ? path.basename(this.scope.file) : first.name || first.traceId.slice(0, 8);
    if (this.scope.kind === 'trace') this.panel.title = `Tokens: ${title}`;
    const data = tokensViewData(traces, {
      scope: this.scope.kind,
      title,
      subtitle: this.scope.kind === 'file' ? rel(this.scope.file) : first.files.map(rel).join(', '),
      pricingDate: pricing.table.date,
      userPricing: pricing.user,
      warnings: pricing.warnings,
      estimateCost,
    });
    await this.post({ type: 'tokens', data });
  }

  private async traces(): Promise<Trace[]> {
    if (this.scope.kind === 'trace') {
      const t = await loadTrace(this.ctx.repo, this.scope.traceId, {}, false);
      return t ? [t] : [];
    }
    const file = this.scope.file;
    const summary = (await this.ctx.repo.listFiles()).find((f) => f.file === file);
    if (!summary) return [];
    const out: Trace[] = [];
    for (const s of summary.traces) {
      const t = await loadTrace(this.ctx.repo, s.traceId, {}, false);
      if (t) out.push(t);
    }
    return out;
  }

  private post(m: TokensHostToView): Thenable<boolean> {
    if (this.disposed) return Promise.resolve(false);
    return this.panel.webview.postMessage(m);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    clearTimeout(this.timer);
    TokensPanel.open.delete(this.key);
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}
