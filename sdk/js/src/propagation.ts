/**
 * W3C Trace Context. Outgoing: `traceparent: 00-<trace id>-<span id>-<flags>` where the trace
 * id is our trace_id's hex and the span id is the last 16 hex digits of our span id;
 * `tracestate` carries `spanscope=<full span id hex>` so a Spanscope SDK on the other side
 * links to the exact parent. Incoming: the reverse (sdk/format/README.md).
 */
import { hexToUuid, uuidToHex, w3cSpanId } from './ids';
import { als } from './tracer';
import { NOOP_SPAN, type Span } from './span';
import type { RemoteParent } from './types';

type HeaderBag = Record<string, string | string[] | undefined> | { get(name: string): string | null } | Headers;

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(?:-.*)?$/;
const HEX32 = /^[0-9a-f]{32}$/;

function header(headers: HeaderBag, name: string): string | undefined {
  if (typeof (headers as { get?: unknown }).get === 'function') {
    return (headers as { get(n: string): string | null }).get(name) ?? undefined;
  }
  const bag = headers as Record<string, string | string[] | undefined>;
  let v = bag[name];
  if (v === undefined) {
    for (const k of Object.keys(bag)) if (k.toLowerCase() === name) { v = bag[k]; break; }
  }
  return Array.isArray(v) ? v.join(',') : v;
}

/** The remote parent described by `traceparent`/`tracestate`, or undefined if absent/invalid. */
export function extract(headers: HeaderBag): RemoteParent | undefined {
  const tp = header(headers, 'traceparent')?.trim().toLowerCase();
  if (!tp) return undefined;
  const m = TRACEPARENT.exec(tp);
  if (!m || m[1] === 'ff' || /^0+$/.test(m[2]) || /^0+$/.test(m[3])) return undefined;
  if (m[1] === '00' && tp.length !== 55) return undefined;
  const tracestate = header(headers, 'tracestate')?.trim();
  let parentId = m[3];
  const ours = tracestate?.split(',').map((e) => e.trim()).find((e) => e.startsWith('spanscope='));
  if (ours) {
    const hex = ours.slice('spanscope='.length).toLowerCase();
    // Trust our entry only if it names the same span as traceparent.
    if (HEX32.test(hex) && hex.slice(-16) === m[3]) parentId = hexToUuid(hex);
  }
  const parent: RemoteParent = { traceId: hexToUuid(m[2]), parentId, sampled: (parseInt(m[4], 16) & 1) === 1 };
  if (tracestate) parent.tracestate = tracestate;
  return parent;
}

/** Adds `traceparent` (and `tracestate`) for `span` (default: the current span) to `headers`. */
export function inject<H extends Record<string, string>>(headers: H = {} as H, span: Span = als.getStore() ?? NOOP_SPAN): H {
  if (span === NOOP_SPAN) return headers;
  const spanHex = uuidToHex(span.id);
  const traceHex = uuidToHex(span.traceId);
  if (!HEX32.test(traceHex) || !HEX32.test(spanHex)) return headers;
  const flags = span.isRecording ? '01' : '00';
  (headers as Record<string, string>).traceparent = `00-${traceHex}-${w3cSpanId(span.id)}-${flags}`;
  const others = (headers.tracestate ?? '').split(',').map((e) => e.trim()).filter((e) => e && !e.startsWith('spanscope='));
  (headers as Record<string, string>).tracestate = [`spanscope=${spanHex}`, ...others].slice(0, 32).join(',');
  return headers;
}
