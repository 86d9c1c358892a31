/** The set-up commands, wired for the extension's `activate`: `registerSetup(context, { log })`. */
import * as vscode from 'vscode';
import { bundledSdks, type BundledSdks } from './paths';
import { runFileWithTracing } from './run-command';
import { setTerminalEnv, setUpTracing } from './setup-command';

/**
 * The terminal variables name the extension's folder, which changes with each update of the
 * extension: folders set up by an earlier version get the current paths.
 */
function refreshTerminalEnv(context: vscode.ExtensionContext, sdks: BundledSdks, log: vscode.LogOutputChannel): void {
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const current = context.environmentVariableCollection.getScoped({ workspaceFolder: folder }).get('PYTHONPATH');
    if (current && !current.value.startsWith(sdks.python)) {
      setTerminalEnv(context, folder, sdks);
      log.info(`terminals of ${folder.uri.fsPath}: PYTHONPATH now names ${sdks.python}`);
    }
  }
}

export function registerSetup(context: vscode.ExtensionContext, deps: { log: vscode.LogOutputChannel }): vscode.Disposable {
  const sdks = bundledSdks(context.extensionUri.fsPath);
  refreshTerminalEnv(context, sdks, deps.log);
  const run = (arg: unknown) => runFileWithTracing(arg, sdks, deps.log).catch((err: unknown) => {
    deps.log.error(`run with tracing: ${String(err)}`);
    void vscode.window.showErrorMessage(`Spanscope: could not run the file with tracing: ${err instanceof Error ? err.message : String(err)}`);
  });
  return vscode.Disposable.from(
    vscode.commands.registerCommand('spanscope.setUpTracing', () => setUpTracing(context, sdks, deps.log, run)),
    vscode.commands.registerCommand('spanscope.runFileWithTracing', (arg: unknown) => run(arg)),
  );
}
