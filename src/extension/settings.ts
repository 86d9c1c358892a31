/** The `spanscope.*` settings, read in one place with the manifest's defaults as fallback. */
import * as vscode from 'vscode';
import { DEFAULT_EXCLUDE_GLOBS, DEFAULT_FILE_GLOBS } from '../ingest/watch-globs';

export interface Settings {
  files: string[];
  exclude: string[];
  debounceMs: number;
}

export function readSettings(): Settings {
  const c = vscode.workspace.getConfiguration('spanscope');
  return {
    files: c.get<string[]>('files') ?? DEFAULT_FILE_GLOBS,
    exclude: c.get<string[]>('exclude') ?? DEFAULT_EXCLUDE_GLOBS,
    debounceMs: c.get<number>('debounceMs') ?? 150,
  };
}
