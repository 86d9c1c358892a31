/**
 * TraceLite's store: one `spans` table of OTel-like spans (WAL mode; a live writer's rows may
 * sit only in the `-wal` file, which database.ts applies before we get here).
 *
 * Times are epoch nanoseconds, ~1.8e18: beyond 2^53, so a JS number would round them to
 * 256 ns steps and could reorder spans that start close together. SQL casts them to text and
 * `nanosToMicros` moves the decimal point in the text, keeping sub-µs order. Event timestamps
 * inside `events_json` are quoted before JSON.parse for the same reason.
 */
import type { Span, SpanError, SpanEvent, Usage } from '../../model';
import { inferSpanType } from '../span-type';
import { nanosToMicros } from '../../time';
import type { Database } from './database';
import { eachRow, isRecord, jsonColumn, jsonObjectColumn, nonEmpty, num, str, type RowContext } from './rows';
import type { SqliteReadOutput } from './types';

const QUERY = `SELECT rowid AS _rowid, trace_id, span_id, parent_span_id, name, kind, service_name,
  status_code, status_description,
  CAST(start_time_ns AS TEXT) AS start_ns, CAST(end_time_ns AS TEXT) AS end_ns,
  attributes_json, events_json, links_json, resource_json
  FROM spans`;

export function readTraceLite(db: Database, file: string): SqliteReadOutput {
  const out: SqliteReadOutput = { spans: [], warnings: [] };
  eachRow(db, QUERY, (row) => {
    const ctx: RowContext = { file, rowid: num(row._rowid), warnings: out.warnings };
    const span = rowSpan(row, ctx);
    if (span) out.spans.push(span);
  });
  return out;
}

/** Quotes long integer `timestamp` values so JSON.parse keeps every digit. */
function quoteBigTimestamps(text: unknown): unknown {
  return typeof text === 'string' ? text.replace(/(?<!\\)("timestamp"\s*:\s*)(\d{16,})/g, '$1"$2"') : text;
}

function rowSpan(row: Record<string, unknown>, ctx: RowContext): Span | undefined {
  const id = str(row.span_id);
  const traceId = str(row.trace_id);
  const startTime = nanosToMicros(row.start_ns);
  if (!id || !traceId || startTime === undefined) {
    ctx.warnings.push({ file: ctx.file, line: ctx.rowid, message: 'spans row without span_id, trace_id or start_time_ns; skipped' });
    return undefined;
  }
  const endTime = nanosToMicros(row.end_ns);
  const attributes = jsonObjectColumn(row.attributes_json, 'attributes_json', ctx) ?? {};
  const resource = jsonObjectColumn(row.resource_json, 'resource_json', ctx) ?? {};
  const events = parseEvents(jsonColumn(quoteBigTimestamps(row.events_json), 'events_json', ctx));
  const links = jsonColumn(row.links_json, 'links_json', ctx);
  const name = str(row.name) ?? id;
  const model = str(attributes['llm.model']) ?? str(attributes['gen_ai.request.model']) ?? undefined;
  const usage = usageOf(attributes);
  const statusCode = (str(row.status_code) ?? '').toUpperCase();
  const error = statusCode === 'ERROR' ? errorOf(events, str(row.status_description)) : undefined;

  const metadata: Record<string, unknown> = { ...attributes };
  if (Array.isArray(links) && links.length > 0) metadata.links = links;
  const resourceRest = Object.keys(resource).filter((k) => k !== 'service.name');
  if (resourceRest.length > 0) metadata.resource = resource;

  return {
    id,
    traceId,
    parentId: str(row.parent_span_id) || null,
    name,
    spanType: inferSpanType({
      name, model, hasTokens: usage !== undefined, genAiOperation: attributes['gen_ai.operation.name'],
    }),
    startTime,
    endTime,
    status: error ? 'error' : endTime === undefined ? 'running' : 'ok',
    error,
    model,
    usage,
    costUsd: num(attributes['llm.cost_usd']) ?? num(attributes['llm.cost']) ?? undefined,
    metadata: nonEmpty(metadata),
    events: events.length > 0 ? events : undefined,
    service: str(resource['service.name']) ?? str(row.service_name),
    kind: str(row.kind),
    origin: { file: ctx.file, line: ctx.rowid },
  };
}

function parseEvents(value: unknown): SpanEvent[] {
  if (!Array.isArray(value)) return [];
  const events: SpanEvent[] = [];
  for (const e of value) {
    if (!isRecord(e)) continue;
    const time = nanosToMicros(e.timestamp);
    if (time === undefined) continue;
    events.push({
      name: str(e.name) ?? 'event',
      time,
      attributes: isRecord(e.attributes) ? nonEmpty(e.attributes) : undefined,
    });
  }
  return events;
}

/** An `exception` event (OTel semantic conventions) says more than the status description. */
function errorOf(events: SpanEvent[], description: string | undefined): SpanError {
  const exc = events.find((e) => e.name === 'exception');
  const a = exc?.attributes ?? {};
  const message = str(a['exception.message']) ?? description ?? 'error';
  return {
    type: str(a['exception.type']),
    message,
    stack: str(a['exception.stacktrace']),
  };
}

function usageOf(a: Record<string, unknown>): Usage | undefined {
  const input = num(a['llm.tokens.in']) ?? num(a['llm.tokens.input']) ?? num(a['gen_ai.usage.input_tokens']);
  const output = num(a['llm.tokens.out']) ?? num(a['llm.tokens.output']) ?? num(a['gen_ai.usage.output_tokens']);
  if (input === undefined && output === undefined) return undefined;
  const usage: Usage = {};
  if (input !== undefined) usage.input_tokens = input;
  if (output !== undefined) usage.output_tokens = output;
  usage.total_tokens = (input ?? 0) + (output ?? 0);
  return usage;
}
