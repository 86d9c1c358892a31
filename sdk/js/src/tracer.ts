/**
 * The process-wide tracer: configuration, the writer, the sampler and the async context
 * (AsyncLocalStorage, so concurrent requests never share a current span).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { nowUs } from './clock';
import { nextId, lastId, uuidString } from './ids';
import { configFromEnv, type SpanscopeConfig } from './config';
import { Sampler } from './sampling';
import { SpanImpl, NonRecordingSpan, NOOP_SPAN, setEndSink, checkType, isRecordingSpan, type Span } from './span';
import { Writer } from './writer';
import { FileExporter } from './export/file';
import { OtlpHttpExporter } from './export/otlp';
import type { Exporter } from './export/exporter';
import type { RemoteParent, SpanType } from './types';

/**
 * The state every copy of the SDK in this process shares (ESM and CommonJS builds, the
 * preload and the program's own copy): one context, one configuration, one writer.
 */
interface TracerState {
  als: AsyncLocalStorage<Span>;
  config: SpanscopeConfig | undefined;
  writer: Writer | undefined;
  sampler: Sampler;
  /** internal: where spans are serialized ('end' by default); the benchmark compares both */
  serializeAt: 'end' | 'writer';
}
const state = ((globalThis as Record<symbol, unknown>)[Symbol.for('spanscope.tracer.v1')] ??= {
  als: new AsyncLocalStorage<Span>(), config: undefined, writer: undefined, sampler: new Sampler(1, 0), serializeAt: 'end',
}) as TracerState;

export const als = state.als;

export function getConfig(): SpanscopeConfig {
  return (state.config ??= configFromEnv());
}

function buildExporters(c: SpanscopeConfig): Exporter[] {
  const list: Exporter[] = [];
  if (c.file) list.push(new FileExporter(c.file, c.service));
  if (c.otlpEndpoint) list.push(new OtlpHttpExporter(c.otlpEndpoint, c.otlpHeaders));
  return [...list, ...c.exporters];
}

function getWriter(): Writer {
  if (state.writer) return state.writer;
  const c = getConfig();
  state.sampler = new Sampler(c.sampleRate, c.maxTracesPerSecond);
  return (state.writer = new Writer({
    exporters: buildExporters(c), service: c.service, redact: c.redact,
    flushIntervalMs: c.flushIntervalMs, maxQueueBytes: c.maxQueueBytes, serializeAt: state.serializeAt,
  }));
}

setEndSink((span) => getWriter().spanEnded(span));

/** Applies new settings; spans already finished are written with the old ones first. */
export function reconfigure(next: SpanscopeConfig, internal?: { serializeAt?: 'end' | 'writer' }): void {
  if (internal?.serializeAt) state.serializeAt = internal.serializeAt;
  const old = state.writer;
  state.writer = undefined;
  state.config = next;
  if (old) void old.shutdown();
  getWriter();
}

export function currentWriter(): Writer | undefined {
  return state.writer;
}

/** Forgets the writer (shutdown): the next span opens a fresh one. */
export function detachWriter(): Writer | undefined {
  const w = state.writer;
  state.writer = undefined;
  return w;
}

export interface StartOptions {
  spanType?: SpanType;
  /** a span, or a remote parent from `extract(headers)`; default: the current span */
  parent?: Span | RemoteParent | null;
  inputs?: unknown;
  metadata?: Record<string, unknown>;
  tags?: string[];
}

function isRemote(p: Span | RemoteParent): p is RemoteParent {
  return (p as RemoteParent).sampled !== undefined && (p as Span).isRecording === undefined;
}

/** Creates a span (not made current). `sourceJson` is a ready location, if known. */
export function createSpan(name: string, opts: StartOptions | undefined, sourceJson: string | null): Span {
  const c = state.config ?? getConfig();
  if (!c.enabled) return NOOP_SPAN;
  const w = state.writer ?? getWriter();
  const parent = opts?.parent === undefined ? als.getStore() : opts.parent;
  const us = nowUs();
  let span: SpanImpl;
  const l = lastId;
  if (isRecordingSpan(parent)) {
    nextId(Math.floor(us / 1000));
    span = new SpanImpl(l, parent.traceId, parent.id, parent, String(name), checkType(opts?.spanType), us, sourceJson);
  } else if (parent !== undefined && parent !== null && parent !== NOOP_SPAN) {
    if (!isRemote(parent)) return parent; // a sampled-out trace: one non-recording span stands for all
    nextId(Math.floor(us / 1000));
    if (!parent.sampled) return new NonRecordingSpan(uuidString(l.ms, l.seq, l.r0, l.r1, l.r2, l.r3), parent.traceId, parent.parentId);
    span = new SpanImpl(l, parent.traceId, parent.parentId, null, String(name), checkType(opts?.spanType), us, sourceJson);
  } else {
    nextId(Math.floor(us / 1000));
    span = new SpanImpl(l, null, null, null, String(name), checkType(opts?.spanType), us, sourceJson);
    if (!state.sampler.keep(span.id, us / 1000)) return new NonRecordingSpan(span.id, span.id, null);
  }
  if (opts !== undefined) {
    if (opts.inputs !== undefined) span.setInputs(opts.inputs);
    if (opts.metadata !== undefined) span.setMetadata(opts.metadata);
    if (opts.tags !== undefined) span.addTags(...opts.tags);
  }
  if (span.isRoot) w.rootStarted(span);
  return span;
}
