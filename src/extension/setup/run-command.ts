/** "Run File with Tracing": the active (or chosen) Python / JS / TS file, in a task terminal, traced. */
import path from 'node:path';
import * as vscode from 'vscode';
import type { Env } from './env';
import { pythonInterpreter } from './interpreter';
import type { BundledSdks } from './paths';
import { findTsxCli, missingFiles, nodeVersion } from './probe';
import { TASK_TYPE } from './ids';
import { languageOf, planRun } from './run-plan';

/** Where a workspace's runs write: the file the Spanscope view watches by default. */
export function tracesFileFor(folder: string): string {
  return path.join(folder, 'traces.jsonl');
}

async function fileToRun(arg: unknown): Promise<vscode.Uri | undefined> {
  const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
  if (!uri) {
    void vscode.window.showErrorMessage('Spanscope: open a Python, JavaScript or TypeScript file to run it with tracing.');
    return undefined;
  }
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (doc?.isUntitled) {
    void vscode.window.showErrorMessage('Spanscope: save the file first, then run it with tracing.');
    return undefined;
  }
  if (doc?.isDirty && !(await doc.save())) {
    void vscode.window.showErrorMessage(`Spanscope: could not save ${path.basename(uri.fsPath)}; not run.`);
    return undefined;
  }
  if (uri.scheme !== 'file') {
    void vscode.window.showErrorMessage(`Spanscope: ${uri.toString()} is not a local file; only local files can be run.`);
    return undefined;
  }
  return uri;
}

function stringEnv(env: Env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) out[k] = v;
  return out;
}

export async function runFileWithTracing(arg: unknown, sdks: BundledSdks, log: vscode.LogOutputChannel): Promise<void> {
  const uri = await fileToRun(arg);
  if (!uri) return;
  const file = uri.fsPath;
  const lang = languageOf(file);
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  const root = folder?.uri.fsPath ?? path.dirname(file);
  const needed = lang === 'python' ? [path.join(sdks.pythonBootstrap, 'sitecustomize.py'), path.join(sdks.python, 'spanscope', '__init__.py')] : [sdks.jsRegister];
  const missing = lang ? missingFiles(needed) : [];
  if (missing.length > 0) {
    log.error(`run with tracing: bundled SDK files missing: ${missing.join(', ')}`);
    void vscode.window.showErrorMessage(`Spanscope: the bundled SDK is incomplete (${missing[0]} is missing). Rebuild the extension (npm run build).`);
    return;
  }
  const interp = lang === 'python' ? await pythonInterpreter(uri, log) : undefined;
  const plan = planRun({
    file, cwd: root, tracesFile: tracesFileFor(root), sdks, base: process.env, sep: path.delimiter,
    python: interp?.command ?? 'python3', pythonArgs: interp?.args,
    nodeVersion: lang === 'python' ? undefined : await nodeVersion(),
    tsxCli: lang === 'typescript' ? findTsxCli(path.dirname(file), root) : undefined,
  });
  if (!plan.ok) {
    log.warn(`run with tracing: ${plan.message}`);
    void vscode.window.showErrorMessage(`Spanscope: ${plan.message}`);
    return;
  }
  log.info(`run with tracing: ${plan.command} ${plan.args.join(' ')} (cwd ${plan.cwd}; ${Object.entries(plan.env).map(([k, v]) => `${k}=${v}`).join(' ')})`);
  const task = new vscode.Task(
    { type: TASK_TYPE, file },
    folder ?? vscode.TaskScope.Workspace,
    `${plan.label} (traced)`,
    'Spanscope',
    new vscode.ProcessExecution(plan.command, plan.args, { cwd: plan.cwd, env: stringEnv(plan.env) }),
  );
  task.presentationOptions = { reveal: vscode.TaskRevealKind.Always, panel: vscode.TaskPanelKind.Dedicated, clear: true, showReuseMessage: false };
  const execution = await vscode.tasks.executeTask(task);
  const done = vscode.tasks.onDidEndTaskProcess((e) => {
    if (e.execution !== execution) return;
    done.dispose();
    log.info(`run with tracing: ${plan.label} exited with code ${e.exitCode ?? '?'}; spans in ${tracesFileFor(root)}`);
    vscode.window.setStatusBarMessage(`Spanscope: ${plan.label} exited (${e.exitCode ?? '?'}); traces in traces.jsonl`, 8000);
  });
}
