/**
 * "Set Up Tracing in This Workspace": the bundled SDKs importable by the workspace's programs
 * (JS: a copy in node_modules; Python: .env PYTHONPATH) and by its terminals (PYTHONPATH,
 * SPANSCOPE_FILE), then a starter file, opened, with a button to run it traced.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { BundledSdks } from './paths';
import { tracesFileFor } from './run-command';
import { createStarter, type StarterLanguage } from './starter';
import { addToDotEnv, installJsSdk } from './workspace';

async function pickFolder(): Promise<vscode.WorkspaceFolder | undefined> {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
  if (folders.length <= 1) return folders[0];
  return vscode.window.showWorkspaceFolderPick({ placeHolder: 'Set up tracing in which folder?' });
}

async function pickLanguage(root: string): Promise<StarterLanguage | undefined> {
  const node = fs.existsSync(path.join(root, 'package.json'));
  const items: (vscode.QuickPickItem & { lang: StarterLanguage })[] = [
    { lang: 'python', label: 'Python', description: 'spanscope_starter.py', detail: 'from spanscope import observe, span — the bundled SDK on PYTHONPATH (.env and terminals)' },
    { lang: 'javascript', label: 'JavaScript / TypeScript', description: 'spanscope-starter.mjs', detail: 'import { observe, span } from "spanscope" — the bundled SDK copied into node_modules' },
  ];
  if (node) items.reverse();
  const pick = await vscode.window.showQuickPick(items, { title: 'Spanscope: Set Up Tracing', placeHolder: 'Language of the starter file (terminals get both SDKs)' });
  return pick?.lang;
}

/** Terminals of this folder: the Python SDK importable, spans written to the folder's traces.jsonl. */
export function setTerminalEnv(context: vscode.ExtensionContext, folder: vscode.WorkspaceFolder, sdks: BundledSdks): void {
  const env = context.environmentVariableCollection.getScoped({ workspaceFolder: folder });
  env.description = 'Spanscope: the bundled Python SDK on PYTHONPATH, spans written to traces.jsonl';
  // Prepend, never replace: the collection applies to task terminals too, and a replaced
  // PYTHONPATH would drop the bootstrap "Run File with Tracing" puts in front. (With no
  // PYTHONPATH before, the trailing separator adds the working directory to sys.path.)
  env.prepend('PYTHONPATH', sdks.python + path.delimiter);
  env.replace('SPANSCOPE_FILE', tracesFileFor(folder.uri.fsPath));
}

export async function setUpTracing(context: vscode.ExtensionContext, sdks: BundledSdks, log: vscode.LogOutputChannel, runFile: (uri: vscode.Uri) => unknown): Promise<void> {
  const folder = await pickFolder();
  if (!folder) {
    void vscode.window.showErrorMessage('Spanscope: open a folder first; tracing is set up per workspace folder.');
    return;
  }
  const root = folder.uri.fsPath;
  const lang = await pickLanguage(root);
  if (!lang) return;
  const done: string[] = [];
  try {
    setTerminalEnv(context, folder, sdks);
    done.push('new terminals have the Python SDK and SPANSCOPE_FILE');
    if (lang === 'python') {
      const r = addToDotEnv(root, sdks.python, path.delimiter);
      if (r !== 'unchanged') done.push(`.env ${r === 'added' ? 'created with' : 'has'} PYTHONPATH (for the Python extension)`);
    } else {
      const r = installJsSdk(sdks.js, root);
      log.info(`set up: node_modules/spanscope ${r.kind} (${r.version}); by hand: npm install ${JSON.stringify(sdks.js)}`);
      if (r.kind === 'kept') done.push(`your own node_modules/spanscope ${r.version} is kept`);
      else done.push(`spanscope ${r.version} ${r.kind === 'current' ? 'is' : 'copied'} in node_modules`);
    }
    const starter = createStarter(root, lang);
    done.push(`${path.basename(starter.file)} ${starter.created ? 'created' : 'already there, left as it is'}`);
    log.info(`set up tracing in ${root}: ${done.join('; ')}`);
    await vscode.window.showTextDocument(vscode.Uri.file(starter.file), { preview: false });
    const run = 'Run It';
    const answer = await vscode.window.showInformationMessage(`Spanscope: tracing set up — ${done.join('; ')}.`, run);
    if (answer === run) await runFile(vscode.Uri.file(starter.file));
  } catch (err) {
    log.error(`set up tracing in ${root}: ${String(err)}`);
    void vscode.window.showErrorMessage(`Spanscope: set-up stopped in ${root}: ${err instanceof Error ? err.message : String(err)}${done.length ? ` (done: ${done.join('; ')})` : ''}`);
  }
}
