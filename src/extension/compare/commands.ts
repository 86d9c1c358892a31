/**
 * The compare and tokens commands. From the explorer tree they get its node (a trace or a
 * file item: `{ kind, traceId?, file }`); from the palette they ask with quick picks.
 */
import * as vscode from 'vscode';
import type { TraceRepository, TraceSummary } from '../../ingest/types';
import type { Trace } from '../../core/trace';
import { DiffPanel, type DiffPanelContext } from './diff-panel';
import { loadTrace } from './load-trace';
import { firstPickItems, previousRun, secondPickItems, uniqueTraces, type TracePickItem } from './pick-items';
import { TokensPanel, type TokensPanelContext } from '../tokens/tokens-panel';

/** Context key: a trace was chosen with "Select for Compare". */
export const SELECTED_CONTEXT = 'spanscope.compareSelected';

export const COMMANDS = {
  compare: 'spanscope.compareTraces',
  compareWithPrevious: 'spanscope.compareWithPrevious',
  selectForCompare: 'spanscope.selectForCompare',
  compareWithSelected: 'spanscope.compareWithSelected',
  showTokens: 'spanscope.showTokens',
} as const;

/** What the tree passes: its TraceNode / FileNode / SpanNode (only these fields are read). */
interface TreeArg { kind?: string; traceId?: string; file?: string }

export interface CompareCommandDeps {
  repo: TraceRepository;
  log: vscode.LogOutputChannel;
  diff: DiffPanelContext;
  tokens: TokensPanelContext;
}

export function registerCompareCommands(d: CompareCommandDeps): vscode.Disposable[] {
  let selected: TraceSummary | undefined;

  const allTraces = async () => uniqueTraces((await d.repo.listFiles()).map((f) => f.traces));
  const relPath = (f: string) => vscode.workspace.asRelativePath(f);

  const toQuickPick = (items: TracePickItem[]) => items.map((i) => (i.separator
    ? { label: i.label, kind: vscode.QuickPickItemKind.Separator, item: i }
    : { label: i.label, description: i.description, detail: i.detail, item: i }));

  const pick = async (items: TracePickItem[], title: string, placeHolder: string): Promise<TraceSummary | undefined> => {
    const picked = await vscode.window.showQuickPick(toQuickPick(items), { title, placeHolder, matchOnDescription: true, matchOnDetail: true });
    return picked?.item.trace;
  };

  const noTraces = () => {
    void vscode.window.showInformationMessage('Spanscope: no traces found in this workspace yet.', 'Open Demo')
      .then((a) => a && vscode.commands.executeCommand('spanscope.openDemo'));
  };

  const summaryOf = async (arg: TreeArg | string | undefined, traces: TraceSummary[]): Promise<TraceSummary | undefined> => {
    const id = typeof arg === 'string' ? arg : arg?.traceId;
    return id ? traces.find((t) => t.traceId === id) : undefined;
  };

  const openDiff = async (left: TraceSummary, right: TraceSummary) => {
    const [l, r] = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: 'Spanscope: comparing traces' },
      () => Promise.all([load(left.traceId), load(right.traceId)]),
    );
    DiffPanel.show(d.diff, l, r);
  };

  const load = async (traceId: string): Promise<Trace> => {
    await d.diff.pricing.ready();
    const t = await loadTrace(d.repo, traceId, { estimateCost: d.diff.pricing.estimateCost });
    if (!t) throw new Error(`trace ${traceId} is no longer in any open trace file`);
    return t;
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
    reg(COMMANDS.compare, async (arg?: TreeArg | string) => {
      const traces = await allTraces();
      if (traces.length < 2) {
        if (traces.length === 0) return noTraces();
        return void vscode.window.showInformationMessage('Spanscope: only one trace is open; comparing needs two.');
      }
      const first = (await summaryOf(arg, traces))
        ?? await pick(firstPickItems(traces, { relPath }), 'Compare Traces (1/2): the first trace (A)', 'Newest first; type to filter by name');
      if (!first) return;
      const second = await pick(secondPickItems(traces, first, { relPath }), `Compare Traces (2/2): compare "${first.name}" with (B)`, 'Its previous run first, then newest first');
      if (!second) return;
      // A is the older run, so "+" means what the newer run added.
      const [a, b] = second.startTime <= first.startTime ? [second, first] : [first, second];
      await openDiff(a, b);
    }),
    reg(COMMANDS.compareWithPrevious, async (arg?: TreeArg | string) => {
      const traces = await allTraces();
      if (traces.length === 0) return noTraces();
      const trace = (await summaryOf(arg, traces))
        ?? await pick(firstPickItems(traces, { relPath }), 'Compare with Previous Run', 'The trace to compare with its previous run');
      if (!trace) return;
      const prev = previousRun(traces, trace);
      if (!prev) return void vscode.window.showInformationMessage(`Spanscope: no earlier run of "${trace.name}" is open.`);
      await openDiff(prev, trace);
    }),
    reg(COMMANDS.selectForCompare, async (arg?: TreeArg | string) => {
      const traces = await allTraces();
      const trace = (await summaryOf(arg, traces)) ?? await pick(firstPickItems(traces, { relPath }), 'Select for Compare', '');
      if (!trace) return;
      selected = trace;
      d.log.info(`selected for compare: ${trace.name} (${trace.traceId})`);
      await vscode.commands.executeCommand('setContext', SELECTED_CONTEXT, true);
      vscode.window.setStatusBarMessage(`Spanscope: "${trace.name}" selected for compare`, 4000);
    }),
    reg(COMMANDS.compareWithSelected, async (arg?: TreeArg | string) => {
      if (!selected) return void vscode.window.showInformationMessage('Spanscope: select a trace with "Select for Compare" first.');
      const traces = await allTraces();
      const base = traces.find((t) => t.traceId === selected!.traceId);
      if (!base) {
        selected = undefined;
        await vscode.commands.executeCommand('setContext', SELECTED_CONTEXT, false);
        return void vscode.window.showInformationMessage('Spanscope: the trace selected for compare is no longer open.');
      }
      const other = (await summaryOf(arg, traces))
        ?? await pick(secondPickItems(traces, base, { relPath }), `Compare "${base.name}" with`, '');
      if (!other) return;
      if (other.traceId === base.traceId) return void vscode.window.showInformationMessage('Spanscope: that is the trace selected for compare; pick another.');
      await openDiff(base, other);
    }),
    reg(COMMANDS.showTokens, async (arg?: TreeArg | string) => {
      if (arg && typeof arg === 'object' && arg.kind === 'file' && arg.file) {
        TokensPanel.show(d.tokens, { kind: 'file', file: arg.file });
        return;
      }
      const traces = await allTraces();
      if (traces.length === 0) return noTraces();
      const trace = (await summaryOf(arg, traces))
        ?? await pick(firstPickItems(traces, { relPath }), 'Show Tokens and Cost', 'The trace to break down; newest first');
      if (trace) TokensPanel.show(d.tokens, { kind: 'trace', traceId: trace.traceId });
    }),
  ];
}
