/**
 * The extension's repository: the store runs in a worker thread (dist/worker.js), so parsing
 * a 250 MB file never holds the extension host; big loads show window progress.
 */
import * as vscode from 'vscode';
import path from 'node:path';
import type { TraceRepository } from '../ingest/types';
import { WorkerRepository } from '../ingest/worker-client';
import { trackLoadProgress } from './load-progress';

export function createRepository(ext: vscode.ExtensionContext, log: vscode.LogOutputChannel): TraceRepository {
  const workerPath = path.join(ext.extensionUri.fsPath, 'dist', 'worker.js');
  const repo = new WorkerRepository({ workerPath });
  ext.subscriptions.push(trackLoadProgress((l) => repo.onProgress(l)));
  log.info(`trace parser running in a worker thread (${workerPath})`);
  return repo;
}
