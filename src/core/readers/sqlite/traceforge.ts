/**
 * TraceForge's store: `runs(run_id, run_name, started_at, ended_at, status, metadata)` and
 * `steps(step_id, run_id, parent_step_id, step_name, model, input_data, output_data,
 * tokens_input, tokens_output, cost_usd, latency_ms, started_at, ended_at, error, metadata)`.
 *
 * A run is a trace with no span of its own: its top-level steps have no parent. We synthesize
 * one root span per run (named after the run, with the run's times and status) because
 * otherwise the run's name and its success/error/running state would be shown nowhere, and a
 * run's several top-level steps would appear as unrelated roots. The synthesized root carries
 * no tokens or cost, so totals stay the sum of the steps'.
 *
 * Ids follow TraceForge's own JSONL export (export.py): trace id = the run's uuid without
 * dashes, span id = the first 16 hex digits of the step's uuid. A run read from the database
 * and the same run read from its export then have the same ids, so they line up in a diff and
 * merge instead of showing twice. The root span takes the run uuid's first 16 hex digits.
 * Should the shortened ids collide (ids that are not uuid4), the file keeps its full ids
 * instead: lining up with the export is worth less than a span.
 */
import type { Span, SpanStatus } from '../../model';
import { inferSpanType } from '../span-type';
import { secondsToMicros } from '../../time';
import type { Database } from './database';
import { eachRow, jsonColumn, jsonObjectColumn, nonEmpty, num, str, type RowContext } from './rows';
import type { SqliteReadOutput } from './types';

/** TraceForge export.py: `id.replace("-", "")[:n].ljust(n, "0")`. */
export function traceforgeHexId(id: string, length: 16 | 32): string {
  return id.replace(/-/g, '').slice(0, length).padEnd(length, '0');
}

const RUN_STATUS: Record<string, SpanStatus> = { success: 'ok', error: 'error', running: 'running' };

type IdMap = (id: string, length: 16 | 32) => string;

/** The export's short ids, unless two runs or steps would share one. */
function chooseIds(db: Database): IdMap {
  const seen = new Set<string>();
  let collision = false;
  eachRow(db, 'SELECT run_id AS id FROM runs UNION ALL SELECT step_id FROM steps', (row) => {
    const id = str(row.id);
    if (id === undefined) return;
    const short = traceforgeHexId(id, 16);
    if (seen.has(short)) collision = true;
    seen.add(short);
  });
  return collision ? (id) => id : traceforgeHexId;
}

export function readTraceForge(db: Database, file: string): SqliteReadOutput {
  const out: SqliteReadOutput = { spans: [], warnings: [] };
  const ids = chooseIds(db);

  eachRow(db, 'SELECT rowid AS _rowid, * FROM runs', (row) => {
    const ctx: RowContext = { file, rowid: num(row._rowid), warnings: out.warnings };
    const runId = str(row.run_id);
    const startTime = secondsToMicros(num(row.started_at));
    if (!runId || startTime === undefined) {
      out.warnings.push({ file, line: ctx.rowid, message: 'runs row without run_id or started_at; skipped' });
      return;
    }
    const endTime = secondsToMicros(num(row.ended_at));
    // A run whose process died stays `running` with no end forever; it is shown as running.
    const status = RUN_STATUS[str(row.status) ?? ''] ?? (endTime === undefined ? 'running' : 'ok');
    out.spans.push({
      id: ids(runId, 16),
      traceId: ids(runId, 32),
      parentId: null,
      name: str(row.run_name) ?? runId,
      spanType: 'chain',
      startTime,
      endTime: status === 'running' ? undefined : endTime,
      status,
      error: status === 'error' ? { message: 'run ended with status error' } : undefined,
      metadata: { ...jsonObjectColumn(row.metadata, 'runs.metadata', ctx), 'traceforge.run_id': runId },
      origin: { file, line: ctx.rowid },
    });
  });

  eachRow(db, 'SELECT rowid AS _rowid, * FROM steps', (row) => {
    const ctx: RowContext = { file, rowid: num(row._rowid), warnings: out.warnings };
    const span = stepSpan(row, ctx, ids);
    if (span) out.spans.push(span);
  });
  return out;
}

function stepSpan(row: Record<string, unknown>, ctx: RowContext, ids: IdMap): Span | undefined {
  const stepId = str(row.step_id);
  const runId = str(row.run_id);
  const startTime = secondsToMicros(num(row.started_at));
  if (!stepId || !runId || startTime === undefined) {
    ctx.warnings.push({ file: ctx.file, line: ctx.rowid, message: 'steps row without step_id, run_id or started_at; skipped' });
    return undefined;
  }
  const name = str(row.step_name) ?? stepId;
  const model = str(row.model) || undefined;
  const parentStep = str(row.parent_step_id);
  // A step row is written when the step starts and rewritten when it ends: no ended_at means
  // the step is still in flight (or its process died).
  const endTime = secondsToMicros(num(row.ended_at));
  const errorText = str(row.error);
  const tokensIn = num(row.tokens_input) ?? 0;
  const tokensOut = num(row.tokens_output) ?? 0;
  const latencyMs = num(row.latency_ms);
  const metadata: Record<string, unknown> = {
    ...jsonObjectColumn(row.metadata, 'steps.metadata', ctx),
    'traceforge.step_id': stepId,
  };
  // latency_ms is TraceForge's own measure of the same interval; kept when it says something.
  if (latencyMs) metadata['traceforge.latency_ms'] = latencyMs;
  return {
    id: ids(stepId, 16),
    traceId: ids(runId, 32),
    parentId: ids(parentStep ?? runId, 16),
    name,
    spanType: inferSpanType({ name, model }),
    startTime,
    endTime,
    status: errorText ? 'error' : endTime === undefined ? 'running' : 'ok',
    // str(exc): a message without the exception's type.
    error: errorText ? { message: errorText } : undefined,
    inputs: jsonColumn(row.input_data, 'input_data', ctx),
    outputs: jsonColumn(row.output_data, 'output_data', ctx),
    model,
    usage: tokensIn || tokensOut
      ? { input_tokens: tokensIn, output_tokens: tokensOut, total_tokens: tokensIn + tokensOut }
      : undefined,
    costUsd: num(row.cost_usd) || undefined,
    metadata: nonEmpty(metadata),
    origin: { file: ctx.file, line: ctx.rowid },
  };
}
