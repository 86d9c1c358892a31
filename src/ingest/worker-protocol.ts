/**
 * Messages between the extension host (WorkerRepository) and the parse worker
 * (parseWorker.ts). Calls mirror TraceRepository one for one.
 */
import type { Span } from '../core/model';
import type { LoadProgress } from './store/localRepository';
import type { FileSummary, FlatTrace, RepositoryChange } from './types';

export interface WorkerCalls {
  open: { args: [file: string]; result: FileSummary };
  refresh: { args: [file: string, opts?: { final?: boolean }]; result: FileSummary | undefined };
  close: { args: [file: string]; result: void };
  listFiles: { args: []; result: FileSummary[] };
  getTrace: { args: [traceId: string]; result: FlatTrace | undefined };
  getSpan: { args: [traceId: string, spanId: string]; result: Span | undefined };
}

export type WorkerMethod = keyof WorkerCalls;

export type WorkerRequest = {
  [M in WorkerMethod]: { type: 'call'; id: number; method: M; args: WorkerCalls[M]['args'] };
}[WorkerMethod];

export type WorkerMessage =
  | { type: 'result'; id: number; value: unknown }
  | { type: 'error'; id: number; message: string }
  | { type: 'change'; change: RepositoryChange }
  | { type: 'progress'; progress: LoadProgress };

export interface WorkerOptions {
  quietMs?: number;
}
