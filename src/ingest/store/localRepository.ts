/**
 * The trace repository in this thread: the CLI and tests use it directly, the parse worker
 * runs it for the extension. Files are indexed (JSONL incrementally, the rest whole); trace
 * summaries are cached and rebuilt only for the traces a read touched.
 */
import path from 'node:path';
import { flattenTrace, summarizeTrace } from '../../core/flatten';
import type { Span } from '../../core/model';
import { BUNDLED_PRICING, costEstimator, PriceIndex, type ModelPrice, type PricingTable } from '../../core/pricing';
import { buildTraces } from '../../core/tree';
import type { FileSummary, FlatTrace, RefreshOptions, RepositoryChange, TraceRepository, TraceSummary } from '../types';
import type { FileIndex, ReadOptions } from './fileIndex';
import { summarizeFromColumns, type PriceOf } from './columnSummary';
import { JsonlIndex, type SplitOptions } from './jsonlIndex';
import { sniffKind } from './sniff';
import { SortedTraces } from './sortedTraces';
import { WholeFileIndex } from './wholeFileIndex';

export interface LoadProgress {
  file: string;
  bytesRead: number;
  total: number;
}

export interface LocalRepositoryOptions {
  /**
   * A last line without a newline is read once the file has not changed for this long (ms).
   * Writers that never end their last line (TraceForge) are read completely; a writer in the
   * middle of a line is waited for. Default 1000.
   */
  quietMs?: number;
  /**
   * Prices for spans that have tokens and a model but no stated cost: their estimate counts in
   * trace costs, as the core's rollup counts it. Default: the bundled table.
   */
  pricing?: PricingTable;
  /**
   * The bundled parse worker (dist/worker.js): given, the first read of a large native JSONL
   * file indexes its second half on a thread of its own. Off by default: on two busy cores it
   * costs more CPU time and memory (both tables at once) than the wall time it saves (see
   * bench/core-index.bench.ts).
   */
  splitWorker?: string;
  /** files at least this big are split (bytes); default 64 MiB */
  splitMinBytes?: number;
}

const SPLIT_MIN_BYTES = 64 * 1024 * 1024;

export class LocalRepository implements TraceRepository {
  private readonly files = new Map<string, FileIndex>();
  private readonly summaries = new Map<string, TraceSummary>();
  /** each file's traces newest first, kept up to date by the reads that touch them */
  private readonly sorted = new Map<FileIndex, SortedTraces>();
  private readonly changeListeners = new Set<(e: RepositoryChange) => void>();
  private readonly progressListeners = new Set<(e: LoadProgress) => void>();
  private readonly quietTimers = new Map<string, NodeJS.Timeout>();
  private readonly quietMs: number;
  /** one read at a time: a refresh never interleaves with another on the same tables */
  private queue: Promise<unknown> = Promise.resolve();

  private pricing: Pricing;
  private readonly split: SplitOptions | undefined;

  constructor(opts: LocalRepositoryOptions = {}) {
    this.quietMs = opts.quietMs ?? 1000;
    this.split = opts.splitWorker ? { workerPath: opts.splitWorker, minBytes: opts.splitMinBytes ?? SPLIT_MIN_BYTES } : undefined;
    this.pricing = pricingOf(opts.pricing ?? BUNDLED_PRICING);
  }

  /**
   * Replaces the price table: every summary is computed again and every trace of every file
   * is announced as changed.
   */
  setPricing(table: PricingTable): Promise<void> {
    return this.serial(async () => {
      this.pricing = pricingOf(table);
      this.summaries.clear();
      this.sorted.clear();
      for (const index of this.files.values()) {
        const traceIds = index.table.traceIds();
        if (traceIds.length === 0) continue;
        const e: RepositoryChange = { file: index.file, traceIds, reset: false };
        for (const l of this.changeListeners) l(e);
      }
    });
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  open(file: string): Promise<FileSummary> {
    const abs = path.resolve(file);
    return this.serial(async () => {
      let index = this.files.get(abs);
      if (!index) {
        try {
          index = sniffKind(abs) === 'jsonl' ? new JsonlIndex(abs, this.split) : new WholeFileIndex(abs);
          await this.read(index, { final: false });
        } catch (err) {
          throw userError(abs, err);
        }
        this.files.set(abs, index);
      } else await this.read(index, { final: false });
      return this.fileSummary(index);
    });
  }

  refresh(file: string, opts: RefreshOptions = {}): Promise<FileSummary | undefined> {
    const abs = path.resolve(file);
    return this.serial(async () => {
      const index = this.files.get(abs);
      if (!index) return undefined;
      try {
        await this.read(index, { final: opts.final ?? false });
      } catch (err) {
        throw userError(abs, err);
      }
      return opts.summary === false ? undefined : this.fileSummary(index);
    });
  }

  close(file: string): Promise<void> {
    const abs = path.resolve(file);
    return this.serial(async () => {
      const index = this.files.get(abs);
      if (!index) return;
      this.files.delete(abs);
      this.clearQuietTimer(abs);
      this.sorted.delete(index);
      const traces = index.table.traceIds();
      for (const t of traces) this.summaries.delete(t);
      for (const list of this.sorted.values()) list.invalidate(traces);
    });
  }

  listFiles(): Promise<FileSummary[]> {
    return this.serial(async () => [...this.files.values()].map((f) => this.fileSummary(f)));
  }

  getTrace(traceId: string): Promise<FlatTrace | undefined> {
    return this.serial(async () => {
      const spans = this.spansOf(traceId);
      if (spans.length === 0) return undefined;
      return flattenTrace(buildTraces(spans, { estimateCost: this.pricing.estimateCost })[0]);
    });
  }

  getSpan(traceId: string, spanId: string): Promise<Span | undefined> {
    return this.serial(async () => {
      for (const f of this.files.values()) {
        const row = f.table.find(traceId, spanId);
        if (row !== undefined) return f.loadFull(row);
      }
      return undefined;
    });
  }

  onDidChange(listener: (e: RepositoryChange) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /** Bytes read while a file loads, for a progress bar on big files. */
  onProgress(listener: (e: LoadProgress) => void): () => void {
    this.progressListeners.add(listener);
    return () => this.progressListeners.delete(listener);
  }

  async dispose(): Promise<void> {
    for (const t of this.quietTimers.values()) clearTimeout(t);
    this.quietTimers.clear();
    this.files.clear();
    this.summaries.clear();
    this.sorted.clear();
    this.changeListeners.clear();
    this.progressListeners.clear();
  }

  private async read(index: FileIndex, opts: ReadOptions): Promise<void> {
    const onProgress = this.progressListeners.size > 0
      ? (bytesRead: number, total: number) => { for (const l of this.progressListeners) l({ file: index.file, bytesRead, total }); }
      : undefined;
    const outcome = await index.read({ ...opts, quietMs: this.quietMs, onProgress });
    for (const t of outcome.touched) this.summaries.delete(t);
    if (outcome.reset) this.sorted.delete(index);
    // A trace may live in several files: every file's list hears of its change.
    for (const [f, list] of this.sorted) {
      if (outcome.touched.size > 256) this.sorted.delete(f);
      else list.invalidate(outcome.touched);
    }
    this.clearQuietTimer(index.file);
    if (outcome.held > 0) this.scheduleQuietRead(index);
    if ((outcome.touched.size > 0 || outcome.reset) && this.files.get(index.file) === index) {
      const e: RepositoryChange = { file: index.file, traceIds: [...outcome.touched], reset: outcome.reset };
      for (const l of this.changeListeners) l(e);
    }
  }

  /** Reads a held-back last line once its file has been quiet long enough, and reports it. */
  private scheduleQuietRead(index: FileIndex): void {
    const timer = setTimeout(() => {
      this.quietTimers.delete(index.file);
      if (this.files.get(index.file) !== index) return;
      this.serial(() => this.read(index, { final: false })).catch(() => undefined);
    }, this.quietMs + 50);
    timer.unref();
    this.quietTimers.set(index.file, timer);
  }

  private clearQuietTimer(file: string): void {
    const t = this.quietTimers.get(file);
    if (t) clearTimeout(t);
    this.quietTimers.delete(file);
  }

  private spansOf(traceId: string): Span[] {
    const spans: Span[] = [];
    for (const f of this.files.values()) {
      for (const row of f.table.rowsOf(traceId)) spans.push(f.table.span(row, f.file));
    }
    return spans;
  }

  private summaryOf(traceId: string, from: FileIndex): TraceSummary {
    let s = this.summaries.get(traceId);
    if (!s) {
      // A trace in one file (the usual case) is summed up from the columns; one spread over
      // several files is merged by the core's tree.
      let holders = 0;
      for (const f of this.files.values()) if (f !== from && f.table.rowsOf(traceId).length > 0) holders++;
      if (holders === 0) s = summarizeFromColumns(from.table, traceId, from.file, this.pricing.priceOf);
      s ??= summarizeTrace(buildTraces(this.spansOf(traceId), { estimateCost: this.pricing.estimateCost })[0]);
      this.summaries.set(traceId, s);
    }
    return s;
  }

  private fileSummary(index: FileIndex): FileSummary {
    let list = this.sorted.get(index);
    if (!list) {
      list = new SortedTraces(index.table.traceIds().map((t) => this.summaryOf(t, index)));
      this.sorted.set(index, list);
    }
    const traces = list.current((t) => (index.table.rowsOf(t).length > 0 ? this.summaryOf(t, index) : undefined));
    return {
      file: index.file,
      format: index.format ?? 'native',
      traces,
      warnings: index.warnings(),
      spanCount: index.table.spanCount,
      size: index.size,
    };
  }
}

/** One price table in the two shapes the summaries use, model lookups remembered. */
interface Pricing {
  priceOf: PriceOf;
  estimateCost: (span: Span) => number | undefined;
}

function pricingOf(table: PricingTable): Pricing {
  const index = new PriceIndex(table);
  const known = new Map<string, ModelPrice | null>();
  return {
    priceOf: (model) => {
      let p = known.get(model);
      if (p === undefined) known.set(model, (p = index.lookup(model)?.price ?? null));
      return p ?? undefined;
    },
    estimateCost: costEstimator(table),
  };
}

/** One line naming the file, whatever failed underneath. */
function userError(file: string, err: unknown): Error {
  const e = err as NodeJS.ErrnoException;
  switch (e.code) {
    case 'ENOENT': return new Error(`${file}: no such file`);
    case 'EACCES': case 'EPERM': return new Error(`${file}: cannot read it (permission denied)`);
    case 'EISDIR': return new Error(`${file}: is a directory, not a trace file`);
    default:
      return e.message?.startsWith(file) ? e : new Error(`${file}: ${e.message ?? String(err)}`);
  }
}
