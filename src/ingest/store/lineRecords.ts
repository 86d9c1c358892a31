/**
 * One JSONL line to spans through the core's line formats: the slow path of the indexer and
 * the lazy loader of heavy fields. Mirrors core/readers/jsonl.ts line by line so the store
 * and a whole-file read agree on every record.
 */
import { loadFullSpan } from '../../core/load';
import type { Span, SpanOrigin } from '../../core/model';
import { isObject } from '../../core/readers/fields';
import { detectLineFormat, mergeReplacement } from '../../core/readers/jsonl';
import { isDetailedLineFormat, type LineContext, type LineFormat } from '../../core/readers/types';

export interface LineParse {
  format?: LineFormat;
  spans: Span[];
  /** problems, each already phrased for the user */
  problems: string[];
}

export function spansOfLine(text: string, ctx: LineContext, primary: LineFormat | undefined): LineParse {
  const problems: string[] = [];
  let record: unknown;
  try {
    record = JSON.parse(text);
  } catch (err) {
    return { spans: [], problems: [`not valid JSON (${(err as Error).message})`] };
  }
  if (!isObject(record)) {
    return { spans: [], problems: [`a JSON ${Array.isArray(record) ? 'array' : typeof record}, not a record`] };
  }
  const format = primary?.matches(record) ? primary : detectLineFormat(record);
  if (!format) return { spans: [], problems: ['not a span record of any known format'] };
  try {
    const spans = isDetailedLineFormat(format)
      ? format.toSpansDetailed(record, ctx, { text, warn: (m) => problems.push(m) })
      : format.toSpans(record, ctx);
    return { format, spans, problems };
  } catch (err) {
    problems.push((err as Error).message);
    return { format, spans: [], problems };
  }
}

/** Reads one record's bytes back (core's loadFullSpan) and returns its span `id` of trace `traceId`, complete. */
async function loadSpanAt(origin: SpanOrigin, traceId: string, id: string): Promise<Span | undefined> {
  const stub: Span = { id, traceId, parentId: null, name: '', spanType: 'custom', startTime: 0, status: 'ok', origin, partial: true };
  try {
    const full = await loadFullSpan(stub);
    return full === stub ? undefined : full;
  } catch {
    // The bytes changed under us (the file is being rewritten): the indexed fields stand.
    return undefined;
  }
}

/** The full span from its current record merged over the records it replaced, as a whole-file read merges them. */
export async function loadMerged(current: SpanOrigin, earlier: readonly SpanOrigin[], traceId: string, id: string): Promise<Span | undefined> {
  let merged: Span | undefined;
  for (const o of [...earlier, current]) {
    const s = await loadSpanAt(o, traceId, id);
    if (s) merged = merged ? mergeReplacement(merged, s) : s;
  }
  return merged;
}
