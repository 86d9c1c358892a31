/**
 * The Python interpreter of a file: the one selected in the Python extension when it is
 * installed (optional dependency, read through its public API), else `python3`.
 */
import * as vscode from 'vscode';

export interface Interpreter { command: string; args: string[]; source: string }

const FALLBACK: Interpreter = { command: process.platform === 'win32' ? 'python' : 'python3', args: [], source: 'default' };

type Api = {
  environments?: {
    getActiveEnvironmentPath?(resource?: vscode.Uri): { path?: string } | undefined;
    resolveEnvironment?(env: unknown): Promise<{ executable?: { uri?: vscode.Uri } } | undefined>;
  };
  settings?: { getExecutionDetails?(resource?: vscode.Uri): { execCommand?: string[] } | undefined };
};

function withTimeout<T>(p: Thenable<T>, ms: number): Promise<T | undefined> {
  return Promise.race([Promise.resolve(p), new Promise<undefined>((r) => setTimeout(() => r(undefined), ms))]);
}

export async function pythonInterpreter(resource: vscode.Uri, log: vscode.LogOutputChannel): Promise<Interpreter> {
  const ext = vscode.extensions.getExtension<Api>('ms-python.python');
  if (!ext) return FALLBACK;
  try {
    const api = ext.isActive ? ext.exports : await withTimeout(ext.activate(), 15_000);
    if (!api) return FALLBACK;
    const active = api.environments?.getActiveEnvironmentPath?.(resource);
    if (active && api.environments?.resolveEnvironment) {
      const env = await withTimeout(api.environments.resolveEnvironment(active), 10_000);
      const exe = env?.executable?.uri?.fsPath;
      if (exe) return { command: exe, args: [], source: 'Python extension' };
    }
    const exec = api.settings?.getExecutionDetails?.(resource)?.execCommand;
    if (exec && exec.length > 0 && exec[0]) return { command: exec[0], args: exec.slice(1), source: 'Python extension' };
  } catch (err) {
    log.warn(`Python extension: no interpreter (${String(err)}); using ${FALLBACK.command}`);
  }
  return FALLBACK;
}
