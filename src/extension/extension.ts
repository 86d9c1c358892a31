/**
 * Spanscope's entry point: one log channel, one repository (parsing in a worker thread), one
 * watcher over the workspace, the explorer tree, the commands. Everything is owned by the
 * extension context's subscriptions and disposed with it.
 */
import * as vscode from 'vscode';
import type { Span } from '../core/model';
import { TraceWatcher } from '../ingest/watch';
import type { TraceRepository } from '../ingest/types';
import { registerCommands } from './commands';
import { registerCompareAndTokens } from './compare/register';
import { registerReceiver } from './receiver';
import { registerSetup } from './setup/register';
import { TracePanel } from './panels/trace-panel';
import { createRepository } from './repository';
import { readSettings } from './settings';
import { revealSource } from './source-link';
import { traceSniffer } from './sniffer';
import { filterMessage } from './tree/describe';
import { TraceTreeProvider } from './tree/trace-tree';

/** Loads shorter than this show no progress at all: a flash of progress is noise. */
const PROGRESS_AFTER_MS = 1000;

export async function activate(ext: vscode.ExtensionContext): Promise<void> {
  const log = vscode.window.createOutputChannel('Spanscope', { log: true });
  ext.subscriptions.push(log);
  const repo: TraceRepository = createRepository(ext, log);
  ext.subscriptions.push({ dispose: () => void repo.dispose() });

  const setHasTraces = (has: boolean) => void vscode.commands.executeCommand('setContext', 'spanscope.hasTraces', has);
  const tree = new TraceTreeProvider(repo, log, setHasTraces);
  const view = vscode.window.createTreeView('spanscope.traces', { treeDataProvider: tree, showCollapseAll: true });
  ext.subscriptions.push(tree, view, tree.onDidChangeFilter((f) => { view.message = filterMessage(f); }));

  const reveal = (span: Span) => revealSource(span, log);
  const openTraceView = (traceId: string, spanId?: string) => {
    const panel = TracePanel.show({ extensionUri: ext.extensionUri, repo, revealSource: reveal, log }, traceId);
    if (spanId) panel.revealSpan(spanId);
  };

  let watcher: TraceWatcher | undefined;
  let scanning: Promise<void> = Promise.resolve();
  const rescan = (): Promise<void> => {
    scanning = scanning.then(() => scan()).catch((err: unknown) => log.error(`scan: ${String(err)}`));
    return scanning;
  };
  const scan = async () => {
    const before = new Set(watcher?.files() ?? []);
    await watcher?.dispose();
    const roots = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
    const s = readSettings();
    const t0 = Date.now();
    watcher = new TraceWatcher({
      roots, files: s.files, exclude: s.exclude, debounceMs: s.debounceMs, repo,
      sniff: traceSniffer(log),
      onTracked: (file, on) => {
        log.info(`${on ? 'watching' : 'stopped watching'} ${file}`);
        tree.noteFileOpenedOrClosed(file);
      },
      onProblem: (file, message) => log.warn(`${file}: ${message}`),
    });
    const started = watcher.start();
    const progress = setTimeout(() => {
      void vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Spanscope: reading trace files' }, () => started);
    }, PROGRESS_AFTER_MS);
    try {
      await started;
    } finally {
      clearTimeout(progress);
    }
    const now = new Set(watcher.files());
    for (const f of before) if (!now.has(f)) { await repo.close(f); tree.noteFileOpenedOrClosed(f); }
    log.info(`found ${now.size} trace file(s) under ${roots.length} folder(s) in ${Date.now() - t0} ms`);
    await tree.reload();
  };

  ext.subscriptions.push(
    ...registerCommands({ ext, repo, tree, log, rescan, openTraceView, revealSource: reveal }),
    vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('spanscope')) void rescan(); }),
    vscode.workspace.onDidChangeWorkspaceFolders(() => void rescan()),
    { dispose: () => void watcher?.dispose() },
    { dispose: () => TracePanel.disposeAll() },
  );

  ext.subscriptions.push(registerSetup(ext, { log }));
  ext.subscriptions.push(registerCompareAndTokens(ext, { repo, log, revealSource: reveal }));
  registerReceiver(ext, { log, workspaceFolder: () => vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file')?.uri.fsPath });

  const ages = setInterval(() => { if (view.visible) tree.repaintAges(); }, 60_000);
  ext.subscriptions.push({ dispose: () => clearInterval(ages) });

  await vscode.commands.executeCommand('setContext', 'spanscope.hasTraces', false);
  log.info(`Spanscope ${ext.extension.packageJSON.version} on ${vscode.env.appName} ${vscode.version}, node ${process.versions.node}`);
  // Activation returns at once; the first scan fills the tree as it goes.
  void rescan();
}

export function deactivate(): void {
  // Everything is disposed through the context's subscriptions.
}
