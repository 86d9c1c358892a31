/**
 * GenAI message content sent as OTLP log records, joined to the spans it belongs to.
 *
 * Several instrumentations (the OpenTelemetry Python GenAI ones among them) keep prompts and
 * completions out of span attributes and emit them as log events instead: `gen_ai.user.message`,
 * `gen_ai.assistant.message`, `gen_ai.choice`, ... with the span's trace and span id, or one
 * `gen_ai.client.inference.operation.details` event carrying `gen_ai.input.messages` /
 * `gen_ai.output.messages`. The reader already understands both shapes on a span (events by
 * those names, attributes by those keys), so the receiver moves them onto the span:
 * - logs that arrive before their span wait (bounded, for a while) and are attached when it
 *   comes;
 * - logs for a span already stored re-emit that span with them: a later record with the same
 *   span id replaces the earlier one when the file is read.
 */

type Json = Record<string, unknown>;

const DETAILS_EVENT = 'gen_ai.client.inference.operation.details';
const DETAIL_KEYS = new Set(['gen_ai.input.messages', 'gen_ai.output.messages', 'gen_ai.system_instructions']);

export interface JoinerOptions {
  /** log events waiting for their span */
  maxPending?: number;
  /** GenAI spans remembered after storing, so later logs can re-emit them */
  maxRecent?: number;
  /** how long either waits */
  maxAgeMs?: number;
  now?: () => number;
}

interface Pending {
  at: number;
  events: Json[];
  attributes: Json[];
}

interface Stored {
  at: number;
  span: Json;
  resource: unknown;
  scope: unknown;
}

const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

function stringAttr(attrs: unknown, key: string): string | undefined {
  for (const kv of list(attrs)) {
    if (isObj(kv) && kv.key === key && isObj(kv.value) && typeof kv.value.stringValue === 'string') return kv.value.stringValue;
  }
  return undefined;
}

function eventNameOf(record: Json): string | undefined {
  const name = typeof record.eventName === 'string' && record.eventName ? record.eventName : stringAttr(record.attributes, 'event.name');
  return name?.startsWith('gen_ai.') ? name : undefined;
}

/** A log record's body (a kvlist of message fields, or a plain string) as span event attributes. */
function bodyAttributes(body: unknown): Json[] {
  if (!isObj(body)) return [];
  if (isObj(body.kvlistValue)) return list(body.kvlistValue.values).filter(isObj);
  if (typeof body.stringValue === 'string') return [{ key: 'content', value: body }];
  return [];
}

const keyOf = (traceId: unknown, spanId: unknown) => `${String(traceId).toLowerCase()}/${String(spanId).toLowerCase()}`;

export class GenAiLogJoiner {
  private readonly pending = new Map<string, Pending>();
  private readonly recent = new Map<string, Stored>();
  private readonly maxPending: number;
  private readonly maxRecent: number;
  private readonly maxAgeMs: number;
  private readonly now: () => number;
  /** log events moved onto spans, for the counters */
  joined = 0;

  constructor(opts: JoinerOptions = {}) {
    this.maxPending = opts.maxPending ?? 5_000;
    this.maxRecent = opts.maxRecent ?? 2_000;
    this.maxAgeMs = opts.maxAgeMs ?? 10 * 60_000;
    this.now = opts.now ?? Date.now;
  }

  /**
   * Takes the GenAI events of an OTLP/JSON logs request. Returns trace requests to store: the
   * already stored spans these events belong to, re-emitted with them.
   */
  addLogs(request: Json): Json[] {
    const touched = new Map<string, Stored>();
    for (const rl of list(request.resourceLogs)) {
      if (!isObj(rl)) continue;
      for (const sl of list(rl.scopeLogs)) {
        if (!isObj(sl)) continue;
        for (const record of list(sl.logRecords)) {
          if (!isObj(record) || !record.traceId || !record.spanId) continue;
          const name = eventNameOf(record);
          if (!name) continue;
          const key = keyOf(record.traceId, record.spanId);
          const stored = this.recent.get(key);
          const target = stored ? this.fromSpan(stored.span) : this.pendingFor(key);
          if (!target) continue;
          this.add(target, name, record);
          this.joined++;
          if (stored) touched.set(key, stored);
        }
      }
    }
    this.expire();
    return [...touched.values()].map((s) => ({
      resourceSpans: [{ resource: s.resource, scopeSpans: [{ scope: s.scope, spans: [s.span] }] }],
    }));
  }

  /** Attaches waiting events to the spans of a trace request (in place) and remembers its GenAI spans. */
  attach(request: Json): void {
    const at = this.now();
    for (const rs of list(request.resourceSpans)) {
      if (!isObj(rs)) continue;
      for (const ss of list(rs.scopeSpans)) {
        if (!isObj(ss)) continue;
        for (const span of list(ss.spans)) {
          if (!isObj(span)) continue;
          const key = keyOf(span.traceId, span.spanId);
          const waiting = this.pending.get(key);
          if (waiting) {
            this.pending.delete(key);
            const target = this.fromSpan(span);
            target.events.push(...waiting.events);
            target.attributes.push(...waiting.attributes.filter((a) => !target.attributes.some((b) => isObj(b) && b.key === a.key)));
          }
          if (waiting || list(span.attributes).some((a) => isObj(a) && typeof a.key === 'string' && a.key.startsWith('gen_ai.'))) {
            this.recent.delete(key);
            this.recent.set(key, { at, span, resource: rs.resource, scope: ss.scope });
          }
        }
      }
    }
    while (this.recent.size > this.maxRecent) this.recent.delete(this.recent.keys().next().value!);
  }

  get waiting(): number {
    return this.pending.size;
  }

  private pendingFor(key: string): Pending | undefined {
    let p = this.pending.get(key);
    if (!p) {
      if (this.pending.size >= this.maxPending) return undefined;
      p = { at: this.now(), events: [], attributes: [] };
      this.pending.set(key, p);
    }
    return p;
  }

  /** The span's own event and attribute lists, created when absent, to add to in place. */
  private fromSpan(span: Json): Pending {
    if (!Array.isArray(span.events)) span.events = [];
    if (!Array.isArray(span.attributes)) span.attributes = [];
    return { at: 0, events: span.events as Json[], attributes: span.attributes as Json[] };
  }

  private add(target: Pending, name: string, record: Json): void {
    const attrs = list(record.attributes).filter((a) => isObj(a) && a.key !== 'event.name') as Json[];
    if (name === DETAILS_EVENT) {
      for (const a of attrs) if (DETAIL_KEYS.has(String(a.key)) && !target.attributes.some((b) => b.key === a.key)) target.attributes.push(a);
      return;
    }
    target.events.push({
      timeUnixNano: record.timeUnixNano ?? record.observedTimeUnixNano ?? '0',
      name,
      attributes: [...bodyAttributes(record.body), ...attrs],
    });
  }

  private expire(): void {
    const oldest = this.now() - this.maxAgeMs;
    for (const [k, p] of this.pending) if (p.at < oldest) this.pending.delete(k);
    for (const [k, s] of this.recent) {
      if (s.at >= oldest) break;
      this.recent.delete(k);
    }
  }
}
