/**
 * Messages between the extension host (WorkerRepository) and the parse worker
 * (parseWorker.ts). Calls mirror TraceRepository one for one.
 */
import type { Span } from '../core/model';
import type { PricingTable } from '../core/pricing';
import type { LoadProgress } from './store/localRepository';
import type { FileSummary, FlatTrace, RefreshOptions, RepositoryChange, TraceRow, TraceSummary } from './types';

export interface WorkerCalls {
  open: { args: [file: string]; result: FileSummary };
  refresh: { args: [file: string, opts?: RefreshOptions]; result: FileSummary | undefined };
  close: { args: [file: string]; result: void };
  listFiles: { args: []; result: FileSummary[] };
  getTrace: { args: [traceId: string]; result: FlatTrace | undefined };
  getSpan: { args: [traceId: string, spanId: string]; result: Span | undefined };
  setPricing: { args: [table: PricingTable]; result: void };
}

export type WorkerMethod = keyof WorkerCalls;

export type WorkerRequest = {
  [M in WorkerMethod]: { type: 'call'; id: number; method: M; args: WorkerCalls[M]['args'] };
}[WorkerMethod];

/**
 * Big results come in parts: the traces of each FileSummary and the rows of a FlatTrace are
 * sent PART_SIZE at a time ahead of the result, which carries empty arrays in their place.
 * Each part is deserialised in its own task, so the host thread never spends long on one.
 */
export const PART_SIZE = 500;

export type ResultPart =
  | { type: 'part'; id: number; kind: 'traces'; file: number; items: TraceSummary[] }
  | { type: 'part'; id: number; kind: 'rows'; items: TraceRow[] };

export type WorkerMessage =
  | { type: 'result'; id: number; value: unknown; parts?: boolean }
  | ResultPart
  | { type: 'error'; id: number; message: string }
  | { type: 'change'; change: RepositoryChange }
  | { type: 'progress'; progress: LoadProgress };

export interface WorkerOptions {
  quietMs?: number;
  /** prices for estimated costs; the bundled table when absent */
  pricing?: PricingTable;
}
