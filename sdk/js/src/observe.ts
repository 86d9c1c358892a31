/**
 * `observe(fn, options)`: the same function, traced. Works for sync and async functions,
 * generators and async generators (whose span ends when the stream is exhausted, closed with
 * `return()`, or fails). The function's location is resolved once, here, at wrap time.
 */
import { als, createSpan } from './tracer';
import { callerLocation } from './source';
import { finish } from './api';
import { paramNames, argsObject } from './params';
import type { Span } from './span';
import type { SpanType } from './types';

export interface ObserveOptions {
  name?: string;
  spanType?: SpanType;
  /** record the arguments as inputs (default true) */
  captureInput?: boolean;
  /** record the return value (or the yielded items) as outputs (default true) */
  captureOutput?: boolean;
  metadata?: Record<string, unknown>;
  tags?: string[];
}

const MAX_STREAM_ITEMS = 1000;

export function observe<F extends (...args: any[]) => any>(fn: F, options: ObserveOptions = {}): F {
  if (typeof fn !== 'function') throw new TypeError('observe() needs a function');
  const name = options.name ?? (fn.name || 'anonymous');
  const captureInput = options.captureInput !== false;
  const captureOutput = options.captureOutput !== false;
  const params = captureInput ? paramNames(fn) : null;
  const loc = callerLocation(observe);
  if (loc && fn.name) loc.function = fn.name;
  const sourceJson = loc ? JSON.stringify(loc) : null;
  const kind = Object.prototype.toString.call(fn);
  const startOpts = { spanType: options.spanType ?? 'chain', metadata: options.metadata, tags: options.tags };

  function start(args: unknown[]): Span {
    const s = createSpan(name, startOpts, sourceJson);
    if (captureInput && s.isRecording) s.setInputs(argsObject(params, args));
    return s;
  }

  let wrapped: (this: unknown, ...args: unknown[]) => unknown;
  if (kind === '[object GeneratorFunction]') {
    wrapped = function (this: unknown, ...args: unknown[]) {
      const s = start(args);
      const it = als.run(s, () => fn.apply(this, args) as Iterator<unknown>);
      return traceIterator(s, it, captureOutput);
    };
  } else if (kind === '[object AsyncGeneratorFunction]') {
    wrapped = function (this: unknown, ...args: unknown[]) {
      const s = start(args);
      const it = als.run(s, () => fn.apply(this, args) as AsyncIterator<unknown>);
      return traceAsyncIterator(s, it, captureOutput);
    };
  } else {
    wrapped = function (this: unknown, ...args: unknown[]) {
      const s = start(args);
      let result: unknown;
      try {
        result = als.run(s, () => fn.apply(this, args));
      } catch (err) {
        s.recordError(err);
        s.end();
        throw err;
      }
      if (!captureOutput || !s.isRecording) return finish(s, result);
      return finish(s, outputsOf(s, result));
    };
  }
  Object.defineProperty(wrapped, 'name', { value: fn.name, configurable: true });
  Object.defineProperty(wrapped, 'length', { value: fn.length, configurable: true });
  return wrapped as F;
}

/** Records the result as outputs: now, or once a returned promise resolves. */
function outputsOf(s: Span, result: unknown): unknown {
  if (result !== null && typeof result === 'object' && typeof (result as { then?: unknown }).then === 'function') {
    return (result as Promise<unknown>).then((v) => { s.setOutputs(v); return v; });
  }
  s.setOutputs(result);
  return result;
}

/** What a stream produced: its text when every item was a string, else the items. */
class Collected {
  items: unknown[] = [];
  allStrings = true;
  truncated = false;
  add(v: unknown): void {
    if (typeof v !== 'string') this.allStrings = false;
    if (this.items.length < MAX_STREAM_ITEMS) this.items.push(v);
    else this.truncated = true;
  }
  outputs(returned: unknown): Record<string, unknown> {
    const out: Record<string, unknown> = {
      output: this.allStrings && this.items.length > 0 ? this.items.join('') : this.items,
    };
    if (this.truncated) out.truncated = true;
    if (returned !== undefined) out.returned = returned;
    return out;
  }
}

/** A traced iterator's step: values are collected, and the span ends with them when the stream is done. */
function stepDone(s: Span, got: Collected | null, r: IteratorResult<unknown>): IteratorResult<unknown> {
  if (r.done) {
    if (got) s.setOutputs(got.outputs(r.value));
    s.end();
  } else got?.add(r.value);
  return r;
}

/** A step that threw: the span ends as failed and the error goes on to the consumer. */
function stepFailed(s: Span, err: unknown): never {
  s.recordError(err);
  s.end();
  throw err;
}

function traceIterator(s: Span, it: Iterator<unknown>, capture: boolean): Generator<unknown> {
  const got = capture && s.isRecording ? new Collected() : null;
  const step = (call: () => IteratorResult<unknown>): IteratorResult<unknown> => {
    let r: IteratorResult<unknown>;
    try {
      r = als.run(s, call);
    } catch (err) {
      return stepFailed(s, err);
    }
    return stepDone(s, got, r);
  };
  const gen = {
    next: (v?: unknown) => step(() => it.next(v)),
    return: (v?: unknown) => step(() => (it.return ? it.return(v) : { done: true as const, value: v })),
    throw: (e?: unknown) => step(() => {
      if (it.throw) return it.throw(e);
      throw e;
    }),
    [Symbol.iterator]() { return gen; },
  };
  return gen as unknown as Generator<unknown>;
}

function traceAsyncIterator(s: Span, it: AsyncIterator<unknown>, capture: boolean): AsyncGenerator<unknown> {
  const got = capture && s.isRecording ? new Collected() : null;
  const step = async (call: () => Promise<IteratorResult<unknown>>): Promise<IteratorResult<unknown>> => {
    let r: IteratorResult<unknown>;
    try {
      r = await als.run(s, call);
    } catch (err) {
      return stepFailed(s, err);
    }
    return stepDone(s, got, r);
  };
  const gen = {
    next: (v?: unknown) => step(() => it.next(v)),
    return: (v?: unknown) => step(async () => (it.return ? it.return(v) : { done: true as const, value: v })),
    throw: (e?: unknown) => step(async () => {
      if (it.throw) return it.throw(e);
      throw e;
    }),
    [Symbol.asyncIterator]() { return gen; },
  };
  return gen as unknown as AsyncGenerator<unknown>;
}
