/**
 * Every `spanscope.*` command, registered in one place (a test checks this list against the
 * manifest). Commands reached from the tree get its node; from the palette they ask.
 */
import * as vscode from 'vscode';
import type { Span } from '../core/model';
import type { TraceRepository, TraceSummary } from '../ingest/types';
import { formatCost, formatDuration } from './tree/describe';
import type { MoreNode, SpanNode, TraceNode, TreeNode } from './tree/nodes';
import type { TraceTreeProvider } from './tree/trace-tree';
import { exportTrace } from './export-trace';
import { openDemo } from './demo/open-demo';

export interface CommandDeps {
  ext: vscode.ExtensionContext;
  repo: TraceRepository;
  tree: TraceTreeProvider;
  log: vscode.LogOutputChannel;
  rescan(): Promise<void>;
  /** Opens (or brings forward) the trace's view, with `spanId` selected when given. */
  openTraceView(traceId: string, spanId?: string): void;
  revealSource(span: Span): Thenable<void>;
}

/** Two clicks on the same span within this many ms count as a double click. */
const DOUBLE_CLICK_MS = 500;

export function registerCommands(d: CommandDeps): vscode.Disposable[] {
  let lastClick = { key: '', at: 0 };
  const spanOf = async (node: SpanNode | TraceNode | undefined): Promise<Span | undefined> => {
    if (!node) {
      void vscode.window.showInformationMessage('Select a span in the Spanscope tree first.');
      return undefined;
    }
    const span = await d.tree.spanOf(node);
    if (span && span.partial && !span.source) return (await d.repo.getSpan(node.traceId, span.id)) ?? span;
    return span;
  };
  const pickTrace = async (title: string): Promise<TraceSummary | undefined> => {
    const traces = d.tree.allTraces();
    if (traces.length === 0) {
      void vscode.window.showInformationMessage('No traces found in this workspace yet.', 'Open Demo', 'Set Up Tracing')
        .then((a) => a && vscode.commands.executeCommand(a === 'Open Demo' ? 'spanscope.openDemo' : 'spanscope.setUpTracing'));
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(traces.map((t) => ({
      label: `${t.errorCount ? '$(error) ' : t.running ? '$(loading~spin) ' : ''}${t.name}`,
      description: [new Date(t.startTime / 1000).toLocaleString(), t.running ? 'running' : formatDuration(t.duration),
        t.costUsd > 0 ? formatCost(t.costUsd) : '', `${t.spanCount} spans`].filter(Boolean).join(' · '),
      detail: t.files.map((f) => vscode.workspace.asRelativePath(f)).join(', '),
      trace: t,
    })), { title, placeHolder: 'Newest first; type to filter by name', matchOnDescription: true, matchOnDetail: true });
    return picked?.trace;
  };
  const traceIdOf = async (node: TreeNode | string | undefined, title: string): Promise<string | undefined> => {
    if (typeof node === 'string') return node;
    if (node && (node.kind === 'trace' || node.kind === 'span')) return node.traceId;
    return (await pickTrace(title))?.traceId;
  };

  const reg = (id: string, fn: (...args: any[]) => unknown) => vscode.commands.registerCommand(id, async (...args: any[]) => {
    try {
      await fn(...args);
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      d.log.error(`${id}: ${msg}`);
      void vscode.window.showErrorMessage(`Spanscope: ${msg}`);
    }
  });

  return [
    reg('spanscope.openTrace', async (node?: TraceNode | string) => {
      const id = await traceIdOf(node, 'Open Trace');
      if (id) d.openTraceView(id);
    }),
    reg('spanscope.refresh', () => d.rescan()),
    reg('spanscope.revealSource', async (node?: SpanNode | TraceNode) => {
      const span = await spanOf(node);
      if (span) await d.revealSource(span);
    }),
    reg('spanscope.spanClicked', async (node: SpanNode) => {
      const now = Date.now();
      const double = lastClick.key === node.key && now - lastClick.at < DOUBLE_CLICK_MS;
      lastClick = { key: double ? '' : node.key, at: now };
      if (!double) return d.openTraceView(node.traceId, node.spanId);
      const span = await spanOf(node);
      if (span) await d.revealSource(span);
    }),
    reg('spanscope.copySpanId', async (node?: SpanNode) => {
      if (!node) return void vscode.window.showInformationMessage('Select a span in the Spanscope tree first.');
      await vscode.env.clipboard.writeText(node.spanId);
      vscode.window.setStatusBarMessage(`Copied span id ${node.spanId}`, 3000);
    }),
    reg('spanscope.copyTraceId', async (node?: TraceNode | SpanNode) => {
      const id = await traceIdOf(node, 'Copy Trace Id');
      if (!id) return;
      await vscode.env.clipboard.writeText(id);
      vscode.window.setStatusBarMessage(`Copied trace id ${id}`, 3000);
    }),
    reg('spanscope.exportTrace', async (node?: TreeNode | string) => {
      const id = await traceIdOf(node, 'Export Trace');
      if (id) await exportTrace(d.repo, id, d.log);
    }),
    reg('spanscope.showLog', () => d.log.show()),
    reg('spanscope.openDemo', async () => {
      const traceId = await openDemo(d.ext, d.repo, d.log);
      await d.tree.reload();
      if (traceId) d.openTraceView(traceId);
    }),
    reg('spanscope.filterErrors', () => setFilter(d, { errorsOnly: true })),
    reg('spanscope.showAllTraces', () => setFilter(d, { errorsOnly: false })),
    reg('spanscope.filterByName', async () => {
      const name = await vscode.window.showInputBox({
        title: 'Filter Traces by Name', prompt: 'Show traces whose name contains this text',
        value: d.tree.getFilter().name,
      });
      if (name !== undefined) await setFilter(d, { name: name.trim() });
    }),
    reg('spanscope.clearNameFilter', () => setFilter(d, { name: '' })),
    reg('spanscope.showMoreTraces', (node: MoreNode) => d.tree.showMore(node)),
  ];
}

async function setFilter(d: CommandDeps, f: { errorsOnly?: boolean; name?: string }): Promise<void> {
  d.tree.setFilter(f);
  const now = d.tree.getFilter();
  await vscode.commands.executeCommand('setContext', 'spanscope.errorsOnly', now.errorsOnly);
  await vscode.commands.executeCommand('setContext', 'spanscope.nameFilter', now.name !== '');
  await vscode.commands.executeCommand('setContext', 'spanscope.filtered', now.errorsOnly || now.name !== '');
}
