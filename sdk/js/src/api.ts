/** span(), startSpan(), currentSpan(), configure(), flush(), shutdown(). */
import path from 'node:path';
import { als, createSpan, getConfig, reconfigure, currentWriter, detachWriter, type StartOptions } from './tracer';
import { captureCallSite, knownSite } from './source';
import { NOOP_SPAN, NonRecordingSpan, isRecordingSpan, isNonRecordingSpan, type Span } from './span';
import type { SpanscopeConfig } from './config';

export type SpanOptions = StartOptions;

function withCallSite(s: Span, above: Function): Span {
  if (isRecordingSpan(s) && getConfig().captureSource) {
    const known = knownSite(s.name);
    // One-frame V8 capture; formatting and parsing wait until the record is written.
    if (known === undefined) {
      s.stack = captureCallSite(above);
      s.stack.key = s.name;
    }
    else s.sourceJson = known;
  }
  return s;
}

/** Settles the span from what `fn` returned: now, or when a returned promise settles. */
export function finish<T>(s: Span, result: T): T {
  if (result !== null && typeof result === 'object' && typeof (result as { then?: unknown }).then === 'function') {
    return (result as unknown as Promise<unknown>).then(
      (v) => { s.end(); return v; },
      (err: unknown) => { s.recordError(err); s.end(); throw err; },
    ) as T;
  }
  s.end();
  return result;
}

/**
 * Runs `fn` inside a new span that is current for everything `fn` does, awaits included.
 * The span ends when `fn` returns or its promise settles; a throw is recorded and re-thrown.
 */
export function span<T>(name: string, fn: (span: Span) => T): T;
export function span<T>(name: string, options: SpanOptions, fn: (span: Span) => T): T;
export function span<T>(name: string, a: SpanOptions | ((span: Span) => T), b?: (span: Span) => T): T {
  const fn = typeof a === 'function' ? a : b!;
  const opts = typeof a === 'function' ? undefined : a;
  const s = withCallSite(createSpan(name, opts, null), span);
  let result: T;
  try {
    result = als.run(s, fn, s);
  } catch (err) {
    s.recordError(err);
    s.end();
    throw err;
  }
  return finish(s, result);
}

/**
 * A span you end yourself, e.g. `using s = startSpan('step')` (ends at the block's end).
 * It is not made current unless `activate: true`: activation uses AsyncLocalStorage.enterWith,
 * which also affects the caller's code after an `await` inside this block, so prefer
 * `span(name, fn)` when children must nest under it.
 */
export function startSpan(name: string, options?: SpanOptions & { activate?: boolean }): Span {
  let s = withCallSite(createSpan(name, options, null), startSpan);
  if (options?.activate && s !== NOOP_SPAN) {
    // A sampled-out trace shares one non-recording span: activate a copy of it, so replacing
    // `end` below never touches the shared one.
    if (isNonRecordingSpan(s)) s = new NonRecordingSpan(s.id, s.traceId, s.parentId);
    const previous = als.getStore();
    als.enterWith(s);
    const active = s;
    const end = s.end.bind(s);
    s.end = () => {
      end();
      if (als.getStore() === active) als.enterWith(previous as Span);
    };
  }
  return s;
}

/** The span current in this async context; a no-op span outside any (setters do nothing). */
export function currentSpan(): Span {
  return als.getStore() ?? NOOP_SPAN;
}

/** Changes settings (merged over the environment's); finished spans are written first. */
export function configure(options: Partial<SpanscopeConfig> & { serializeAt?: 'end' | 'writer' }): void {
  const { serializeAt, ...rest } = options;
  const next = { ...getConfig(), ...rest };
  if (typeof rest.file === 'string') next.file = path.resolve(rest.file);
  reconfigure(next, { serializeAt });
}

/** Writes everything finished so far and waits for network exporters. */
export async function flush(): Promise<void> {
  await currentWriter()?.flush();
}

/** Flushes and closes the exporters; spans after this start a new writer. */
export async function shutdown(): Promise<void> {
  const w = detachWriter();
  if (w) await w.shutdown();
}
