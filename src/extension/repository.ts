/**
 * The extension's repository: the store runs in a worker thread (dist/worker.js), so parsing
 * a 250 MB file never holds the extension host; loads longer than a second show window progress.
 */
import * as vscode from 'vscode';
import path from 'node:path';
import type { FileSummary, TraceRepository } from '../ingest/types';
import { WorkerRepository } from '../ingest/worker-client';
import { HostLag } from './host-lag';
import { trackLoadProgress } from './load-progress';

export function createRepository(ext: vscode.ExtensionContext, log: vscode.LogOutputChannel): TraceRepository {
  const workerPath = path.join(ext.extensionUri.fsPath, 'dist', 'worker.js');
  const repo = new WorkerRepository({ workerPath });
  const progress = trackLoadProgress((l) => repo.onProgress(l));
  ext.subscriptions.push(progress);
  log.info(`trace parser running in a worker thread (${workerPath})`);
  // Byte counts alone cannot tell when a read is over (a held-back last line never counts):
  // the call settling does.
  const settle = <T>(file: string, p: Promise<T>): Promise<T> => p.finally(() => progress.done(path.resolve(file)));
  const lag = new HostLag();
  lag.watch(50, (held) => log.warn(`extension host event loop held for ${Math.round(held)} ms`));
  ext.subscriptions.push(lag);
  return {
    open: (file: string): Promise<FileSummary> => lag.measure(() => settle(file, repo.open(file)), (max, took) => {
      log.info(`opened ${file} in ${took} ms; extension host held at most ${Math.round(max)} ms meanwhile`);
    }),
    refresh: (file, opts) => settle(file, repo.refresh(file, opts)),
    close: (file) => repo.close(file),
    listFiles: () => repo.listFiles(),
    getTrace: (id) => repo.getTrace(id),
    getSpan: (traceId, spanId) => repo.getSpan(traceId, spanId),
    onDidChange: (l) => repo.onDidChange(l),
    setPricing: (table) => repo.setPricing(table),
    dispose: () => repo.dispose(),
  };
}
