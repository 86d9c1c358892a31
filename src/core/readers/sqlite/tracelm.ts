/**
 * tracelm's store: `traces(trace_id, timestamp, data)`, one row per trace, `data` a JSON
 * document `{trace_id, root_span_id, spans: {<span_id>: {...}}}`.
 *
 * Span times are `time.perf_counter()` seconds: relative to an arbitrary per-process origin,
 * not the epoch. The row's `timestamp` is `time.time()` taken when the finished trace was
 * saved, so the trace's latest perf_counter value (its last end) is anchored on it and every
 * other time is placed by its distance from that instant. Distances are taken in perf_counter
 * seconds before adding the epoch, so sub-µs spacing survives.
 */
import type { Span, SpanError } from '../../model';
import { inferSpanType } from '../span-type';
import { secondsToMicros } from '../../time';
import type { Database } from './database';
import { eachRow, isRecord, num, str, nonEmpty, type RowContext } from './rows';
import type { SqliteReadOutput } from './types';

/** tracelm stores errors as `"ExcType: message"`; the prefix is a type only if it looks like one. */
export function splitPythonError(text: string): SpanError {
  const m = /^([A-Za-z_][\w.]*): (.*)$/s.exec(text);
  return m ? { type: m[1], message: m[2]! } : { message: text };
}

export function readTracelm(db: Database, file: string): SqliteReadOutput {
  const out: SqliteReadOutput = { spans: [], warnings: [] };
  eachRow(db, 'SELECT rowid AS _rowid, trace_id, timestamp, data FROM traces', (row) => {
    const ctx: RowContext = { file, rowid: num(row._rowid), warnings: out.warnings };
    let doc: unknown;
    try {
      doc = JSON.parse(String(row.data ?? ''));
    } catch (err) {
      out.warnings.push({ file, line: ctx.rowid, message: `trace ${str(row.trace_id) ?? '?'}: data is not valid JSON (${(err as Error).message})` });
      return;
    }
    if (!isRecord(doc) || !isRecord(doc.spans)) {
      out.warnings.push({ file, line: ctx.rowid, message: `trace ${str(row.trace_id) ?? '?'}: data has no "spans" object` });
      return;
    }
    out.spans.push(...traceSpans(doc, row, ctx));
  });
  return out;
}

function traceSpans(doc: Record<string, unknown>, row: Record<string, unknown>, ctx: RowContext): Span[] {
  const traceId = str(doc.trace_id) ?? str(row.trace_id) ?? '';
  const raw = Object.entries(doc.spans as Record<string, unknown>);

  let latest = -Infinity;
  for (const [, s] of raw) {
    if (!isRecord(s)) continue;
    latest = Math.max(latest, num(s.end_time) ?? -Infinity, num(s.start_time) ?? -Infinity);
  }
  const savedAt = secondsToMicros(num(row.timestamp));
  if (savedAt === undefined) {
    ctx.warnings.push({ file: ctx.file, line: ctx.rowid, message: `trace ${traceId}: no timestamp; span times are relative to the process, not the clock` });
  }
  const anchor = savedAt ?? 0;
  const toEpoch = (perf: number | undefined): number | undefined =>
    perf === undefined ? undefined : anchor + (perf - (Number.isFinite(latest) ? latest : 0)) * 1e6;

  const spans: Span[] = [];
  for (const [key, s] of raw) {
    if (!isRecord(s)) {
      ctx.warnings.push({ file: ctx.file, line: ctx.rowid, message: `trace ${traceId}: span ${key} is not an object` });
      continue;
    }
    const id = str(s.span_id) ?? key;
    const name = str(s.name) ?? id;
    const startTime = toEpoch(num(s.start_time));
    if (startTime === undefined) {
      ctx.warnings.push({ file: ctx.file, line: ctx.rowid, message: `trace ${traceId}: span ${id} has no start_time` });
      continue;
    }
    const endTime = toEpoch(num(s.end_time));
    const errorText = str(s.error);
    const tokensIn = num(s.tokens_in) ?? 0;
    const tokensOut = num(s.tokens_out) ?? 0;
    const cost = num(s.cost);
    const isRoot = name === '__root__' || id === str(doc.root_span_id);
    spans.push({
      id,
      traceId,
      parentId: str(s.parent_id) ?? null,
      name,
      // Only output tokens or a cost mark a model call: tracelm also counts prompt tokens on
      // steps like `load_prompt` that never call a model.
      spanType: isRoot ? 'chain' : inferSpanType({ name, hasTokens: tokensOut > 0 || (cost ?? 0) > 0 }),
      startTime,
      endTime,
      status: errorText ? 'error' : endTime === undefined ? 'running' : 'ok',
      error: errorText ? splitPythonError(errorText) : undefined,
      usage: tokensIn || tokensOut
        ? { input_tokens: tokensIn, output_tokens: tokensOut, total_tokens: tokensIn + tokensOut }
        : undefined,
      costUsd: cost || undefined,
      metadata: isRecord(s.metadata) ? nonEmpty(s.metadata) : undefined,
      origin: { file: ctx.file, line: ctx.rowid },
    });
  }
  return spans;
}
