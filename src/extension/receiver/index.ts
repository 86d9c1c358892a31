/**
 * The OTLP receiver in the extension: the Start / Stop / Copy OTLP Endpoint commands, the
 * status bar item, auto-start, restart on settings changes. `activate` calls
 * `registerReceiver` once; the returned Disposable stops the receiver (so spans in flight
 * reach the file) and removes everything.
 */
import * as vscode from 'vscode';
import { ReceiverController, type ReceiverDeps } from './controller';
import { readReceiverSettings, RECEIVER_SECTION } from './settings';

export function registerReceiver(context: vscode.ExtensionContext, deps: ReceiverDeps): vscode.Disposable {
  const controller = new ReceiverController(deps);
  void vscode.commands.executeCommand('setContext', 'spanscope.receiverRunning', false);
  const disposables: vscode.Disposable[] = [
    controller,
    vscode.commands.registerCommand('spanscope.startReceiver', () => controller.start()),
    vscode.commands.registerCommand('spanscope.stopReceiver', () => controller.stop()),
    vscode.commands.registerCommand('spanscope.copyOtlpEndpoint', () => controller.copyEndpoint()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(RECEIVER_SECTION)) return;
      if (controller.running) void controller.restart();
      else if (e.affectsConfiguration(`${RECEIVER_SECTION}.autoStart`) && readReceiverSettings().autoStart) void controller.start(undefined, true);
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(() => {
      if (controller.running) void controller.restart();
      else if (readReceiverSettings().autoStart) void controller.start(undefined, true);
    }),
  ];
  if (readReceiverSettings().autoStart && deps.workspaceFolder()) void controller.start(undefined, true);
  const all = vscode.Disposable.from(...disposables);
  context.subscriptions.push(all);
  return all;
}
