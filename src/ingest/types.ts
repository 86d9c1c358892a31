/**
 * What the extension host, the CLI and the trace view get from the store. Everything here is
 * plain data (no parent pointers), so it crosses a worker boundary or a webview postMessage
 * without a tree walk on the receiving side.
 */
import type { FormatId, ReadWarning, Span } from '../core/model';
import type { PricingTable } from '../core/pricing';

export interface TraceSummary {
  traceId: string;
  name: string;
  /** files holding this trace's spans */
  files: string[];
  /** epoch µs */
  startTime: number;
  /** µs */
  duration: number;
  spanCount: number;
  errorCount: number;
  running: boolean;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

export interface FileSummary {
  file: string;
  format: FormatId;
  /** newest first */
  traces: TraceSummary[];
  warnings: ReadWarning[];
  spanCount: number;
  /** bytes read so far */
  size: number;
}

/** One span in a trace's pre-order, with what the tree gave it. */
export interface TraceRow {
  span: Span;
  depth: number;
  /** index of the parent row in `rows`, -1 for roots */
  parentIndex: number;
  childCount: number;
  orphan: boolean;
  /** µs */
  duration: number;
  /** µs */
  selfTime: number;
  critical: boolean;
}

export interface FlatTrace {
  summary: TraceSummary;
  /** tree pre-order */
  rows: TraceRow[];
}

export interface RepositoryChange {
  file: string;
  /** traces whose spans changed (added, replaced, removed) */
  traceIds: string[];
  /** the file was truncated or replaced and read again from the start */
  reset: boolean;
}

export interface RefreshOptions {
  /** Read an unterminated last line now, without waiting for the quiet period. */
  final?: boolean;
  /**
   * false: read, and resolve with undefined. For callers that learn what changed from
   * onDidChange (the watcher): a file of ten thousand traces is not summed up and sent across
   * the worker boundary on every append for nothing. Default true.
   */
  summary?: boolean;
}

/**
 * Implemented in-process (CLI, tests) and behind a worker thread (the extension), with the
 * same surface, so the extension host never parses a large file on its own thread.
 */
export interface TraceRepository {
  /** Start tracking a file of any supported format and read it. Rejects with a user-facing message. */
  open(file: string): Promise<FileSummary>;
  /**
   * Read what changed since the last read (appended lines, a replaced file, new rows).
   * Resolves with the file's summary; undefined when the file is not open, or when asked not to.
   */
  refresh(file: string, opts?: RefreshOptions): Promise<FileSummary | undefined>;
  close(file: string): Promise<void>;
  listFiles(): Promise<FileSummary[]>;
  /** The whole tree of one trace, merged across every open file that holds it. */
  getTrace(traceId: string): Promise<FlatTrace | undefined>;
  /** One span with its heavy fields (inputs, outputs, metadata, events) loaded. */
  getSpan(traceId: string, spanId: string): Promise<Span | undefined>;
  onDidChange(listener: (e: RepositoryChange) => void): () => void;
  /**
   * The price table for spans with tokens but no stated cost (never replaces a stated cost).
   * Summaries are recomputed and every trace is announced as changed.
   */
  setPricing(table: PricingTable): Promise<void>;
  dispose(): Promise<void>;
}
