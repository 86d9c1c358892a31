/**
 * The span object user code holds. Recording spans keep raw values and are serialized once,
 * when they end; non-recording spans (sampled out, disabled) only carry ids for propagation.
 */
import { nowUs, isoUs } from './clock';
import { sanitize } from './serialize';
import type { StackHolder } from './source';
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

export class SpanImpl implements Span {
  readonly isRecording = true;
  endUs = 0;
  ended = false;
  failed = false;
  error: SpanErrorInfo | undefined;
  inputs: unknown = undefined;
  outputs: unknown = undefined;
  model: string | undefined;
  provider: string | undefined;
  usage: Usage | undefined;
  cost: number | undefined;
  metadata: Record<string, unknown> | undefined;
  tags: string[] | undefined;
  events: SpanEventRecord[] | undefined;
  /** a ready JSON `source` object (observe) or a captured stack to parse later (span) */
  sourceJson: string | null = null;
  stack: StackHolder | undefined;

  constructor(
    readonly id: string,
    readonly traceId: string,
    readonly parentId: string | null,
    readonly dottedOrder: string,
    public name: string,
    public spanType: SpanType,
    readonly startUs: number,
    /** a local root: its running record is written so viewers show it live */
    readonly isRoot: boolean,
  ) {}

  setName(name: string): this { this.name = String(name); return this; }
  setSpanType(type: SpanType): this { this.spanType = checkType(type); return this; }
  setInputs(inputs: unknown): this { this.inputs = inputs; return this; }
  setOutputs(outputs: unknown): this { this.outputs = outputs; return this; }
  setModel(model: string, provider?: string): this {
    this.model = String(model);
    if (provider !== undefined) this.provider = String(provider);
    return this;
  }
  setProvider(provider: string): this { this.provider = String(provider); return this; }
  setUsage(usage: Usage): this { this.usage = { ...this.usage, ...usage }; return this; }
  setCost(usd: number): this { if (Number.isFinite(usd) && usd >= 0) this.cost = usd; return this; }
  setMetadata(metadata: Record<string, unknown>): this { this.metadata = { ...this.metadata, ...metadata }; return this; }
  addTags(...tags: string[]): this { (this.tags ??= []).push(...tags.map(String)); return this; }
  addEvent(name: string, attributes?: Record<string, unknown>): this {
    const ev: SpanEventRecord = { name: String(name), time: isoUs(nowUs()) };
    if (attributes) ev.attributes = attributes;
    (this.events ??= []).push(ev);
    return this;
  }
  recordError(error: unknown): this {
    this.failed = true;
    this.error = errorInfo(error);
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
  constructor(readonly id: string, readonly traceId: string, readonly parentId: string | null, readonly sampledRemote = false) {}
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

/** Returned by currentSpan() outside any span, so callers never need a null check. */
export const NOOP_SPAN = new NonRecordingSpan('00000000-0000-0000-0000-000000000000', '00000000-0000-0000-0000-000000000000', null);
