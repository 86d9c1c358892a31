/**
 * The span object user code holds. Recording spans keep raw values and are serialized once,
 * when they end; non-recording spans (sampled out, disabled) only carry ids for propagation.
 */
import { nowUs, isoUs, dottedStamp } from './clock';
import { uuidString, type IdParts } from './ids';
import { sanitize } from './serialize';
import type { StackHolder } from './source';
import type { LineTemplate } from './lineTemplate';
import { SPAN_TYPES, type SpanErrorInfo, type SpanType, type Usage, type SpanEventRecord } from './types';

export interface Span {
  readonly id: string;
  readonly traceId: string;
  readonly parentId: string | null;
  /** false when the trace was sampled out or tracing is off: setters then do nothing */
  readonly isRecording: boolean;
  setName(name: string): this;
  setSpanType(type: SpanType): this;
  setInputs(inputs: unknown): this;
  setOutputs(outputs: unknown): this;
  setModel(model: string, provider?: string): this;
  setProvider(provider: string): this;
  setUsage(usage: Usage): this;
  setCost(usd: number): this;
  setMetadata(metadata: Record<string, unknown>): this;
  addTags(...tags: string[]): this;
  addEvent(name: string, attributes?: Record<string, unknown>): this;
  /** Records the error (type, message, stack) and marks the span failed; does not throw. */
  recordError(error: unknown): this;
  /** Ends the span (idempotent). */
  end(): void;
  [Symbol.dispose](): void;
}

type EndSink = (span: SpanImpl) => void;
let endSink: EndSink = () => {};
export function setEndSink(sink: EndSink): void {
  endSink = sink;
}

const TYPES = new Set<string>(SPAN_TYPES);
export function checkType(t: string | undefined): SpanType {
  return t !== undefined && TYPES.has(t) ? (t as SpanType) : t === undefined ? 'chain' : 'custom';
}

export function errorInfo(err: unknown): SpanErrorInfo {
  if (err instanceof Error) {
    const info: SpanErrorInfo = { type: err.name || err.constructor?.name || 'Error', message: String(err.message) };
    if (typeof err.stack === 'string') info.stack = err.stack;
    return info;
  }
  let message: string;
  try {
    message = typeof err === 'string' ? err : JSON.stringify(sanitize(err, new Set(), 0)) ?? String(err);
  } catch {
    message = '[unprintable error]';
  }
  return { type: typeof err, message };
}

/** What a span may carry beyond its identity: allocated on first use, so a bare span stays small. */
export interface SpanData {
  error?: SpanErrorInfo;
  inputs?: unknown;
  outputs?: unknown;
  model?: string;
  provider?: string;
  usage?: Usage;
  cost?: number;
  metadata?: Record<string, unknown>;
  tags?: string[];
  events?: SpanEventRecord[];
}

interface ParentPart {
  idText: string;
  dotted: string | undefined;
  childHead: string | undefined;
  templates: LineTemplate[] | undefined;
}

/**
 * Fields are declared, not initialized, and all set in the constructor in one order: class
 * field initializers run as a separate function before the constructor's own stores, and
 * every span pays for that.
 */
export class SpanImpl implements Span {
  /** the id as numbers (see ids.ts): its string is made on first use */
  declare readonly idMs: number;
  declare readonly idSeq: number;
  declare readonly idR0: number;
  declare readonly idR1: number;
  declare readonly idR2: number;
  declare readonly idR3: number;
  /** null: this span starts its trace (the trace id is its own id) */
  private declare readonly trace: string | null;
  declare readonly parentId: string | null;
  /** the local parent, when there is one (its dotted_order prefixes ours) */
  declare readonly parent: SpanImpl | null;
  declare name: string;
  declare spanType: SpanType;
  declare readonly startUs: number;
  declare endUs: number;
  declare ended: boolean;
  declare failed: boolean;
  declare x: SpanData | undefined;
  /** a ready JSON `source` object (observe, known call site) or a captured stack to parse later */
  declare sourceJson: string | null;
  declare stack: StackHolder | undefined;
  /** what only spans with children (or whose id is asked for) need, made on first use */
  private declare p: ParentPart | undefined;

  /** `id`: copied, so `lastId` (ids.ts) can be passed right after `nextId` */
  constructor(id: IdParts, trace: string | null, parentId: string | null,
    parent: SpanImpl | null, name: string, spanType: SpanType, startUs: number, sourceJson: string | null) {
    this.idMs = id.ms;
    this.idSeq = id.seq;
    this.idR0 = id.r0;
    this.idR1 = id.r1;
    this.idR2 = id.r2;
    this.idR3 = id.r3;
    this.trace = trace;
    this.parentId = parentId;
    this.parent = parent;
    this.name = name;
    this.spanType = spanType;
    this.startUs = startUs;
    this.endUs = 0;
    this.ended = false;
    this.failed = false;
    this.x = undefined;
    this.sourceJson = sourceJson;
    this.stack = undefined;
    this.p = undefined;
  }

  /** a local root (no local parent): its running record is written so viewers show it live */
  get isRoot(): boolean {
    return this.parent === null;
  }

  private part(): ParentPart {
    return (this.p ??= { idText: uuidString(this.idMs, this.idSeq, this.idR0, this.idR1, this.idR2, this.idR3), dotted: undefined, childHead: undefined, templates: undefined });
  }

  /** the shared lines of this span's children (see lineTemplate.ts) */
  get templates(): LineTemplate[] | undefined {
    return this.p?.templates;
  }

  set templates(list: LineTemplate[] | undefined) {
    this.part().templates = list;
  }

  get id(): string {
    return (this.p ?? this.part()).idText;
  }

  get traceId(): string {
    return this.trace ?? this.id;
  }

  /** this span's dotted_order segment stamp (its start time) */
  get stamp(): string {
    return dottedStamp(this.startUs);
  }

  get isRecording(): boolean { return true; }

  /** LangSmith dotted_order, built on first use: a leaf's record uses its parent's head instead. */
  get dottedOrder(): string {
    const p = this.part();
    return (p.dotted ??= (this.parent === null ? '' : this.parent.dottedOrder + '.') + this.stamp + p.idText);
  }

  /**
   * The part of a child's record after its id up to its own dotted_order segment, shared by
   * all children and flattened once (charCodeAt flattens a V8 cons string in place).
   */
  headForChildren(): string {
    const p = this.part();
    if (p.childHead === undefined) {
      const h = '","trace_id":"' + this.traceId + '","parent_id":"' + p.idText + '","dotted_order":"' + this.dottedOrder + '.';
      h.charCodeAt(0);
      p.childHead = h;
    }
    return p.childHead;
  }
  private data(): SpanData { return (this.x ??= {}); }
  setName(name: string): this { this.name = String(name); return this; }
  setSpanType(type: SpanType): this { this.spanType = checkType(type); return this; }
  setInputs(inputs: unknown): this { this.data().inputs = inputs; return this; }
  setOutputs(outputs: unknown): this { this.data().outputs = outputs; return this; }
  setModel(model: string, provider?: string): this {
    const d = this.data();
    d.model = String(model);
    if (provider !== undefined) d.provider = String(provider);
    return this;
  }
  setProvider(provider: string): this { this.data().provider = String(provider); return this; }
  setUsage(usage: Usage): this { const d = this.data(); d.usage = { ...d.usage, ...usage }; return this; }
  setCost(usd: number): this { if (Number.isFinite(usd) && usd >= 0) this.data().cost = usd; return this; }
  setMetadata(metadata: Record<string, unknown>): this { const d = this.data(); d.metadata = { ...d.metadata, ...metadata }; return this; }
  addTags(...tags: string[]): this { (this.data().tags ??= []).push(...tags.map(String)); return this; }
  addEvent(name: string, attributes?: Record<string, unknown>): this {
    const ev: SpanEventRecord = { name: String(name), time: isoUs(nowUs()) };
    if (attributes) ev.attributes = attributes;
    (this.data().events ??= []).push(ev);
    return this;
  }
  recordError(error: unknown): this {
    this.failed = true;
    this.data().error = errorInfo(error);
    return this;
  }
  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.endUs = nowUs();
    endSink(this);
  }
  [Symbol.dispose](): void { this.end(); }
}

/** Ids without a record: what a sampled-out trace costs. One object is shared by a whole trace. */
export class NonRecordingSpan implements Span {
  readonly isRecording = false;
  constructor(readonly id: string, readonly traceId: string, readonly parentId: string | null) {}
  setName(): this { return this; }
  setSpanType(): this { return this; }
  setInputs(): this { return this; }
  setOutputs(): this { return this; }
  setModel(): this { return this; }
  setProvider(): this { return this; }
  setUsage(): this { return this; }
  setCost(): this { return this; }
  setMetadata(): this { return this; }
  addTags(): this { return this; }
  addEvent(): this { return this; }
  recordError(): this { return this; }
  end(): void {}
  [Symbol.dispose](): void {}
}

/*
 * A process may hold two copies of this SDK (the ESM and the CommonJS build, or the preload
 * and the program's own copy). They share one tracer (see tracer.ts), so spans are told apart
 * by registry-symbol brands rather than `instanceof`, which only knows one copy's classes.
 */
const RECORDING = Symbol.for('spanscope.span.recording.v1');
const NON_RECORDING = Symbol.for('spanscope.span.non-recording.v1');
Object.defineProperty(SpanImpl.prototype, RECORDING, { value: true });
Object.defineProperty(NonRecordingSpan.prototype, NON_RECORDING, { value: true });

export function isRecordingSpan(x: unknown): x is SpanImpl {
  // instanceof first: this copy's spans are the common case, and a symbol-keyed load on
  // the many shapes seen here (spans, remote parents, undefined) goes megamorphic.
  return x instanceof SpanImpl || (typeof x === 'object' && x !== null && (x as Record<symbol, unknown>)[RECORDING] === true);
}

export function isNonRecordingSpan(x: unknown): x is NonRecordingSpan {
  return typeof x === 'object' && x !== null && (x as Record<symbol, unknown>)[NON_RECORDING] === true;
}

/** Returned by currentSpan() outside any span, so callers never need a null check. */
export const NOOP_SPAN: NonRecordingSpan = ((globalThis as Record<symbol, unknown>)[Symbol.for('spanscope.span.noop.v1')] ??=
  new NonRecordingSpan('00000000-0000-0000-0000-000000000000', '00000000-0000-0000-0000-000000000000', null)) as NonRecordingSpan;
