/**
 * TraceRepository behind a worker thread: the same surface as LocalRepository, with the
 * parsing done in dist/worker.js so the extension host's thread stays responsive while a big
 * file loads.
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Span } from '../core/model';
import type { PricingTable } from '../core/pricing';
import type { LoadProgress } from './store/localRepository';
import type { FileSummary, FlatTrace, RefreshOptions, RepositoryChange, TraceRepository, TraceRow, TraceSummary } from './types';
import type { WorkerCalls, WorkerMessage, WorkerMethod, WorkerOptions, WorkerRequest } from './worker-protocol';

export interface WorkerRepositoryOptions extends WorkerOptions {
  /** the bundled worker; defaults to worker.js beside this bundle (dist/) */
  workerPath?: string;
}

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  /** parts received ahead of the result: traces per file index, or rows */
  traces?: Map<number, TraceSummary[][]>;
  rows?: TraceRow[][];
}

/**
 * Young generation of the worker's heap (MB). The index lives in typed arrays; what the heap
 * holds is short-lived, and V8's default young space (tens of MB) would only add to the
 * resident size while a big file loads. 3 MB (1 MB semi-spaces) indexed the 280 MB bench file
 * as fast as the default and with 15 MB less resident (bench/core-index.bench.ts, phase d).
 */
const WORKER_YOUNG_MB = 3;

/** Puts the parts sent ahead back into the result. */
function assemble(value: unknown, p: Pending): unknown {
  if (p.rows) return { ...(value as FlatTrace), rows: p.rows.flat() };
  const fill = (f: FileSummary, i: number): FileSummary => {
    const parts = p.traces?.get(i);
    return parts ? { ...f, traces: parts.flat() } : f;
  };
  return Array.isArray(value) ? (value as FileSummary[]).map(fill) : fill(value as FileSummary, 0);
}

export class WorkerRepository implements TraceRepository {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private readonly changeListeners = new Set<(e: RepositoryChange) => void>();
  private readonly progressListeners = new Set<(e: LoadProgress) => void>();
  private nextId = 1;
  private dead: Error | undefined;

  constructor(opts: WorkerRepositoryOptions = {}) {
    const file = opts.workerPath ?? path.join(__dirname, 'worker.js');
    this.worker = new Worker(file, {
      workerData: { quietMs: opts.quietMs, pricing: opts.pricing } satisfies WorkerOptions,
      resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_MB },
    });
    this.worker.on('message', (m: WorkerMessage) => this.receive(m));
    this.worker.on('error', (err) => this.fail(new Error(`trace parser failed: ${err.message}`)));
    this.worker.on('exit', (code) => this.fail(new Error(`trace parser stopped (exit code ${code})`)));
  }

  private receive(m: WorkerMessage): void {
    switch (m.type) {
      case 'part': {
        const p = this.pending.get(m.id);
        if (!p) return;
        if (m.kind === 'rows') (p.rows ??= []).push(m.items);
        else {
          p.traces ??= new Map();
          const list = p.traces.get(m.file) ?? [];
          list.push(m.items);
          p.traces.set(m.file, list);
        }
        return;
      }
      case 'result':
      case 'error': {
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        if (m.type === 'error') p.reject(new Error(m.message));
        else p.resolve(m.parts ? assemble(m.value, p) : m.value);
        return;
      }
      case 'change':
        for (const l of this.changeListeners) l(m.change);
        return;
      case 'progress':
        for (const l of this.progressListeners) l(m.progress);
        return;
    }
  }

  private fail(err: Error): void {
    this.dead ??= err;
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }

  private call<M extends WorkerMethod>(method: M, ...args: WorkerCalls[M]['args']): Promise<WorkerCalls[M]['result']> {
    if (this.dead) return Promise.reject(this.dead);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ type: 'call', id, method, args } as WorkerRequest);
    });
  }

  open(file: string): Promise<FileSummary> {
    return this.call('open', file);
  }

  refresh(file: string, opts?: RefreshOptions): Promise<FileSummary | undefined> {
    return this.call('refresh', file, opts);
  }

  close(file: string): Promise<void> {
    return this.call('close', file);
  }

  listFiles(): Promise<FileSummary[]> {
    return this.call('listFiles');
  }

  getTrace(traceId: string): Promise<FlatTrace | undefined> {
    return this.call('getTrace', traceId);
  }

  getSpan(traceId: string, spanId: string): Promise<Span | undefined> {
    return this.call('getSpan', traceId, spanId);
  }

  /** Replaces the price table for estimated costs; every trace is announced as changed. */
  setPricing(table: PricingTable): Promise<void> {
    return this.call('setPricing', table);
  }

  onDidChange(listener: (e: RepositoryChange) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  onProgress(listener: (e: LoadProgress) => void): () => void {
    this.progressListeners.add(listener);
    return () => this.progressListeners.delete(listener);
  }

  async dispose(): Promise<void> {
    this.changeListeners.clear();
    this.progressListeners.clear();
    this.fail(new Error('trace repository disposed'));
    await this.worker.terminate();
  }
}
