/**
 * The receiver's status bar item: shown while it listens, with the port and how many spans
 * arrived; a click copies the endpoint. Redraws are throttled: a busy exporter reports
 * hundreds of batches a second and the bar needs a few updates.
 */
import * as vscode from 'vscode';
import type { ReceiverStats } from '../../ingest/receiver';

const REDRAW_MS = 500;

export class ReceiverStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('spanscope.receiver', vscode.StatusBarAlignment.Left, 10);
  private endpoint = '';
  private stats: ReceiverStats | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor() {
    this.item.name = 'Spanscope OTLP Receiver';
    this.item.command = 'spanscope.copyOtlpEndpoint';
  }

  listening(endpoint: string, stats: ReceiverStats): void {
    this.endpoint = endpoint;
    this.stats = stats;
    this.draw();
    this.item.show();
  }

  stopped(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.item.hide();
  }

  /** Called on every batch; draws at most every REDRAW_MS. */
  update(stats: ReceiverStats): void {
    this.stats = stats;
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.draw();
    }, REDRAW_MS);
  }

  private draw(): void {
    const s = this.stats;
    const spans = s ? s.spansAccepted : 0;
    const port = this.endpoint.slice(this.endpoint.lastIndexOf(':') + 1);
    this.item.text = `$(radio-tower) OTLP :${port} · ${spans.toLocaleString('en-US')} span${spans === 1 ? '' : 's'}`;
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown('**Spanscope OTLP receiver** listening on ');
    md.appendText(this.endpoint);
    if (s) {
      md.appendMarkdown('\n\n');
      md.appendText(`${s.requests} request(s), ${s.spansAccepted} span(s) stored, ${s.spansRejected} rejected, `
        + `${s.failedRequests} failed request(s), ${(s.bytes / (1 << 20)).toFixed(1)} MiB received`);
    }
    md.appendMarkdown('\n\nClick to copy the endpoint.');
    this.item.tooltip = md;
  }

  dispose(): void {
    this.stopped();
    this.item.dispose();
  }
}
