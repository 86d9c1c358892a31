/**
 * The second half of a large JSON Lines file indexed on a thread of its own while the first
 * half is read on the calling one: the bundled parse worker (dist/worker.js) started with a
 * range task indexes `[start, end)` and sends its rows back (tableTransfer.ts).
 */
import { Worker } from 'node:worker_threads';
import type { ReadWarning } from '../../core/model';
import type { TableRows } from './tableTransfer';

export interface RangeTask {
  file: string;
  /** a line start */
  start: number;
  end: number;
}

export interface RangeResult {
  rows: TableRows;
  /** lines numbered from 1 at `start` */
  warnings: ReadWarning[];
  dropped: number;
  /** lines read, and the offset after the last complete one (a partial last line is left) */
  lines: number;
  consumed: number;
}

/** workerData key of a range task: the parse worker then indexes the range and exits. */
export const RANGE_TASK = 'spanscopeRangeTask';

/** The young generation of a range worker (MB): what it allocates is short-lived. */
const YOUNG_MB = 3;

export interface RangeJob {
  result: Promise<RangeResult>;
  cancel(): void;
}

export function startRange(workerPath: string, task: RangeTask): RangeJob {
  const worker = new Worker(workerPath, {
    workerData: { [RANGE_TASK]: task },
    resourceLimits: { maxYoungGenerationSizeMb: YOUNG_MB },
  });
  const result = new Promise<RangeResult>((resolve, reject) => {
    worker.once('message', (m: RangeResult) => resolve(m));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`range worker stopped (exit code ${code})`)));
  });
  // A rejection nobody waits for (the caller gave up on the job) must not surface.
  result.catch(() => undefined);
  return { result, cancel: () => void worker.terminate() };
}

/** The buffers of a result, to move them to the other thread rather than copy them. */
export function transferables(r: RangeResult): ArrayBuffer[] {
  const t = r.rows;
  const arrays = [t.ids.arena, t.ids.offs, t.traceRef, t.parentRef, t.nameRef, t.modelRef, t.providerRef, t.serviceRef, t.kindRef,
    t.sourceRef, t.typeCode, t.statusCode, t.start, t.end, t.cost, t.offset, t.byteLength, t.lineNo, t.tokens];
  return arrays.map((a) => a.buffer as ArrayBuffer);
}
