/**
 * Messages between the trace panel's host (src/extension/panels/trace-panel.ts) and its
 * webview (webview/trace/). JSON data plus typed arrays (which VS Code transfers as binary).
 *
 * Handshake: the view posts `ready` once its listeners are in place; only then does the host
 * post a `snapshot`. A reloaded view (hidden and shown again) posts `ready` again and gets a
 * fresh snapshot, so the host keeps no per-view state beyond what it last sent.
 */
import type { Span, SpanStatus, SpanType } from '../core/model';

/**
 * One row of the waterfall: what drawing, search and navigation need and nothing heavier.
 * Inputs, outputs and metadata come on demand with `spanDetails`.
 */
export interface ViewRow {
  id: string;
  name: string;
  type: SpanType;
  status: SpanStatus;
  /** µs from the trace's start */
  start: number;
  /** µs; for running spans, up to the trace's latest known time */
  duration: number;
  /** µs */
  selfTime: number;
  depth: number;
  /** index of the parent row, -1 for roots */
  parent: number;
  childCount: number;
  critical?: boolean;
  orphan?: boolean;
  /** input + output tokens of this span */
  tokens?: number;
  costUsd?: number;
  model?: string;
  /** first line of the error message, for tooltips and the name column */
  error?: string;
  hasSource?: boolean;
}

/**
 * The rows of a snapshot, one array per field. A 100k-span trace as objects costs the
 * structured clone into the webview most of a second; as typed arrays and two joined strings
 * it is a few copies (VS Code passes typed arrays through postMessage as binary).
 */
export interface RowColumns {
  length: number;
  /** span ids joined by NUL (an array instead when an id itself holds a NUL) */
  ids: string | string[];
  /** span names, joined like `ids` */
  names: string | string[];
  /** index into SPAN_TYPES (src/core/model.ts) */
  types: Uint8Array;
  /** index into ROW_STATUSES */
  status: Uint8Array;
  /** ROW_CRITICAL | ROW_ORPHAN | ROW_HAS_SOURCE */
  flags: Uint8Array;
  start: Float64Array;
  duration: Float64Array;
  selfTime: Float64Array;
  depth: Int32Array;
  parent: Int32Array;
  childCount: Int32Array;
  /** 0 when the span has none */
  tokens: Float64Array;
  /** NaN when the span has none */
  costUsd: Float64Array;
  /** the few rows that have them, as [row index, value] */
  models: [number, string][];
  errors: [number, string][];
}

export const ROW_STATUSES = ['ok', 'error', 'running'] as const;
export const ROW_CRITICAL = 1;
export const ROW_ORPHAN = 2;
export const ROW_HAS_SOURCE = 4;
/** separates ids and names in RowColumns */
export const COLUMN_SEPARATOR = '\u0000';

export interface ViewSummary {
  traceId: string;
  name: string;
  /** epoch µs of the trace's start: row `start`s are relative to it */
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

/** Replace row `index` (or append when `index` equals the current length). */
export interface RowPatch {
  index: number;
  row: ViewRow;
}

export type HostToView =
  | { type: 'snapshot'; version: number; summary: ViewSummary; rows: RowColumns }
  /** The trace is gone (its file was closed or no longer holds it). */
  | { type: 'missing'; traceId: string; message: string }
  /**
   * An increment on top of `baseVersion`: rows are positional, so a span appended at the end of
   * the pre-order (the usual case while a program runs) is one patch. After the patches the
   * view keeps `length` rows. A view whose version differs asks for a snapshot with `ready`.
   */
  | { type: 'update'; baseVersion: number; version: number; summary: ViewSummary; length: number; patches: RowPatch[] }
  | { type: 'spanDetails'; spanId: string; span?: Span; error?: string }
  /** Select (and scroll to) a span, e.g. when the panel is opened from a span in the tree. */
  | { type: 'focusSpan'; spanId: string };

export type ViewToHost =
  | { type: 'ready' }
  /** Ask for the span's heavy fields; answered by `spanDetails`. */
  | { type: 'requestSpan'; spanId: string }
  | { type: 'selectSpan'; spanId: string }
  | { type: 'openSource'; spanId: string }
  | { type: 'copy'; text: string }
  /** Something the view could not handle, for the host's log. */
  | { type: 'log'; level: 'warn' | 'error'; message: string };

/** Persisted with the webview's setState, so a view reloaded after being hidden looks the same. */
export interface TraceViewState {
  traceId?: string;
  selectedId?: string;
  collapsed: string[];
  /** µs from the trace's start; absent = fit */
  viewStart?: number;
  viewEnd?: number;
  scrollTop: number;
  query: string;
  detailsWidth?: number;
}
