/**
 * Which spans of a request can be stored. OTLP's partial success lets a receiver drop the
 * spans it cannot use and tell the sender how many, instead of failing the whole batch; a
 * span without a usable trace id, span id or start time is such a span (the reader would
 * skip it anyway, with a warning nobody sending it would see).
 */
import { normalizeId } from '../../core/readers/ids';
import { nanosToMicros } from '../../core/time';
import type { PbResourceSpans, PbSpan } from './proto/otlp-root';

type Json = Record<string, unknown>;

export interface Screened {
  /** The request with only the spans kept (the same objects, filtered in place). */
  request: Json;
  accepted: number;
  rejected: number;
  /** The first few reasons, for the partial-success message and the log. */
  reasons: string[];
}

const MAX_REASONS = 5;

const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function problemOf(span: unknown): string | undefined {
  if (!isObj(span)) return 'a span that is not an object';
  const spanId = normalizeId(span.spanId);
  const label = typeof span.name === 'string' && span.name ? `span "${span.name}"` : 'a span';
  if (!spanId || !/^[0-9a-f]{16}$/.test(spanId)) return `${label}: spanId must be 16 hex digits, not all zero`;
  const traceId = normalizeId(span.traceId);
  if (!traceId || !/^[0-9a-f]{32}$/.test(traceId)) return `${label} ${spanId}: traceId must be 32 hex digits, not all zero`;
  if (nanosToMicros(span.startTimeUnixNano) === undefined) return `${label} ${spanId}: startTimeUnixNano is missing or not a number`;
  if (span.endTimeUnixNano !== undefined && nanosToMicros(span.endTimeUnixNano) === undefined) {
    return `${label} ${spanId}: endTimeUnixNano is not a number`;
  }
  return undefined;
}

/**
 * Filters invalid spans out of an OTLP/JSON trace request. Throws (a 400 for the caller) when
 * the request itself has the wrong shape.
 */
export function screenTraceRequest(request: unknown): Screened {
  if (!isObj(request)) throw new Error('the body is not an ExportTraceServiceRequest object');
  const list = request.resourceSpans;
  if (list === undefined) return { request, accepted: 0, rejected: 0, reasons: [] };
  if (!Array.isArray(list)) throw new Error('"resourceSpans" must be an array');
  let accepted = 0;
  let rejected = 0;
  const reasons: string[] = [];
  for (const rs of list) {
    if (!isObj(rs)) throw new Error('"resourceSpans" holds something that is not an object');
    const scopes = rs.scopeSpans;
    if (scopes === undefined) continue;
    if (!Array.isArray(scopes)) throw new Error('"scopeSpans" must be an array');
    for (const ss of scopes) {
      if (!isObj(ss)) throw new Error('"scopeSpans" holds something that is not an object');
      if (ss.spans === undefined) continue;
      if (!Array.isArray(ss.spans)) throw new Error('"spans" must be an array');
      const kept: unknown[] = [];
      for (const span of ss.spans) {
        const problem = problemOf(span);
        if (problem === undefined) {
          kept.push(span);
          accepted++;
        } else {
          rejected++;
          if (reasons.length < MAX_REASONS) reasons.push(problem);
        }
      }
      if (kept.length !== ss.spans.length) ss.spans = kept;
    }
  }
  return { request, accepted, rejected, reasons };
}

export function rejectionMessage(s: Screened): string {
  const more = s.rejected > s.reasons.length ? ` (and ${s.rejected - s.reasons.length} more)` : '';
  return `${s.rejected} span(s) rejected: ${s.reasons.join('; ')}${more}`;
}

const allZero = (b: Uint8Array) => b.every((x) => x === 0);

function pbProblemOf(span: PbSpan): string | undefined {
  const label = span.name ? `span "${span.name}"` : 'a span';
  const sid = span.spanId;
  if (!sid || sid.length !== 8 || allZero(sid)) return `${label}: spanId must be 8 bytes, not all zero`;
  const tid = span.traceId;
  if (!tid || tid.length !== 16 || allZero(tid)) return `${label} ${Buffer.from(sid).toString('hex')}: traceId must be 16 bytes, not all zero`;
  if (span.startTimeUnixNano === null) return `${label} ${Buffer.from(sid).toString('hex')}: startTimeUnixNano is missing`;
  return undefined;
}

/**
 * The same screening on decoded protobuf, before conversion to JSON: byte lengths instead of
 * hex strings, so the common all-valid batch costs a few comparisons per span.
 */
export function screenPbSpans(list: PbResourceSpans[]): Omit<Screened, 'request'> {
  let accepted = 0;
  let rejected = 0;
  const reasons: string[] = [];
  for (const rs of list) {
    for (const ss of rs.scopeSpans) {
      let bad = 0;
      for (const span of ss.spans) if (pbProblemOf(span) !== undefined) bad++;
      accepted += ss.spans.length - bad;
      if (bad === 0) continue;
      rejected += bad;
      ss.spans = ss.spans.filter((span) => {
        const problem = pbProblemOf(span);
        if (problem !== undefined && reasons.length < MAX_REASONS) reasons.push(problem);
        return problem === undefined;
      });
    }
  }
  return { accepted, rejected, reasons };
}
