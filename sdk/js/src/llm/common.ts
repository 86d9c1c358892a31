/**
 * What the OpenAI and Anthropic wrappers share: the LLM span's life (start with the request,
 * finish with the reply and its usage and cost), proxies that replace one method deep inside
 * a client object, and stream wrapping that sees every chunk without changing the stream.
 */
import { als, createSpan, getConfig } from '../tracer';
import { captureCallSite } from '../source';
import { isRecordingSpan, type SpanImpl, type Span } from '../span';
import { costOf } from './pricing';
import type { Usage } from '../types';

export interface ChatMessage {
  role: string;
  content: string | null | Record<string, unknown>[];
  name?: string;
  tool_call_id?: string;
  tool_calls?: ToolCall[];
}
export interface ToolCall { id: string; type: 'function'; function: { name: string; arguments: string } }

export function startLlmSpan(name: string, provider: string, model: unknown, inputs: Record<string, unknown>, above: Function): Span {
  const s = createSpan(name, { spanType: 'llm' }, null);
  if (isRecordingSpan(s)) {
    if (getConfig().captureSource) s.stack = captureCallSite(above);
    s.setModel(typeof model === 'string' ? model : String(model ?? 'unknown'), provider);
    s.setInputs(inputs);
  }
  return s;
}

/** Whether the span already ended (one call may be observed along two paths). */
function over(s: Span): boolean {
  return isRecordingSpan(s) && s.ended;
}

export function finishLlm(s: Span, reply: { model?: unknown; outputs: Record<string, unknown>; usage?: Usage }): void {
  if (over(s)) return;
  if (s.isRecording) {
    const impl = s as SpanImpl;
    if (typeof reply.model === 'string' && reply.model) s.setModel(reply.model);
    s.setOutputs(reply.outputs);
    if (reply.usage) {
      s.setUsage(reply.usage);
      const cost = costOf(impl.x?.model, reply.usage, getConfig().pricing);
      if (cost !== undefined) s.setCost(cost);
    }
  }
  s.end();
}

export function failLlm(s: Span, err: unknown): void {
  if (over(s)) return;
  s.recordError(err);
  s.end();
}

/** For a caller who took the raw HTTP response (`asResponse()`): the reply is theirs to read. */
export function endRaw(s: Span): (response: unknown) => void {
  return () => finishLlm(s, { outputs: {} });
}

/**
 * Calls the client's own method with the span current, so anything it traces nests under it.
 * A method that throws before returning its promise ends the span as failed, and the error
 * reaches the caller unchanged.
 */
export function callOriginal(s: Span, orig: Function, owner: object, args: unknown[]): unknown {
  try {
    return als.run(s, () => orig.apply(owner, args));
  } catch (err) {
    failLlm(s, err);
    throw err;
  }
}

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return v !== null && typeof v === 'object' && typeof (v as { then?: unknown }).then === 'function';
}

/**
 * `onValue` sees what the client's promise resolves to and returns what the caller gets.
 * A plain promise is observed at once. The SDKs' own promise type (an APIPromise: a Promise
 * subclass that parses the body on first use, with `withResponse()` and `asResponse()`) is
 * returned itself, behind a proxy: awaiting it gives what `onValue` returned, `withResponse()`
 * gives the SDK's result with that same `data`, `asResponse()` leaves the body unread for the
 * caller (`onRaw` ends the span without it), and every other member is the SDK's own.
 */
export function tapPromise<T>(result: T, onValue: (v: unknown) => unknown, onError: (e: unknown) => void, onRaw?: (response: unknown) => void): T {
  if (!isThenable(result)) return onValue(result) as T;
  const p = result as PromiseLike<unknown> & Record<PropertyKey, unknown>;
  const tap = (): Promise<unknown> => Promise.resolve(p.then(onValue, (e: unknown) => { onError(e); throw e; }));
  if (typeof p.withResponse !== 'function' && typeof p.asResponse !== 'function') return tap() as T;
  // Parsing waits for a consumer, as in the SDK: reading the body here would leave none for
  // a caller who asks for the raw response.
  let tapped: Promise<unknown> | undefined;
  const value = (): Promise<unknown> => (tapped ??= tap());
  const own: Record<PropertyKey, unknown> = {
    then: (f?: (v: unknown) => unknown, r?: (e: unknown) => unknown) => value().then(f, r),
    catch: (r?: (e: unknown) => unknown) => value().catch(r),
    finally: (f?: () => void) => value().finally(f),
    withResponse: () => Promise.all([value(), (p.withResponse as () => Promise<unknown>).call(p)]).then(([data, full]) =>
      full !== null && typeof full === 'object' && 'data' in full ? { ...full, data } : full),
    asResponse: () => Promise.resolve((p.asResponse as () => Promise<unknown>).call(p)).then(
      (response) => { onRaw?.(response); return response; },
      (e: unknown) => { onError(e); throw e; }),
  };
  return new Proxy(p, {
    get(target, prop) {
      if (Object.prototype.hasOwnProperty.call(own, prop) && typeof target[prop] === 'function') return own[prop];
      const v = Reflect.get(target, prop, target);
      // The SDK's methods run against its own object (private fields).
      return typeof v === 'function' ? v.bind(target) : v;
    },
  }) as T;
}

/** Watches an async-iterable stream: each chunk, then the end (exhausted, closed or failed). */
export function tapStream<S extends object>(
  stream: S,
  onChunk: (chunk: any) => void,
  onEnd: (err?: unknown) => void,
): S {
  const iterate = (stream as { [Symbol.asyncIterator]?: () => AsyncIterator<unknown> })[Symbol.asyncIterator];
  if (typeof iterate !== 'function') {
    onEnd();
    return stream;
  }
  let ended = false;
  const end = (err?: unknown): void => {
    if (!ended) {
      ended = true;
      onEnd(err);
    }
  };
  return new Proxy(stream, {
    get(target, prop, receiver) {
      if (prop !== Symbol.asyncIterator) {
        const v = Reflect.get(target, prop, receiver);
        return typeof v === 'function' ? v.bind(target) : v;
      }
      return () => {
        const it = iterate.call(target);
        const wrapped: AsyncIterator<unknown> & AsyncIterable<unknown> = {
          async next(...args: [] | [unknown]) {
            try {
              const r = await it.next(...args);
              if (r.done) end();
              else {
                try { onChunk(r.value); } catch { /* a malformed chunk must not break the stream */ }
              }
              return r;
            } catch (err) {
              end(err);
              throw err;
            }
          },
          async return(value?: unknown) {
            end();
            return it.return ? it.return(value) : { done: true, value };
          },
          async throw(e?: unknown) {
            end(e);
            if (it.throw) return it.throw(e);
            throw e;
          },
          [Symbol.asyncIterator]() { return wrapped; },
        };
        return wrapped;
      };
    },
  });
}

const boundCache = new WeakMap<Function, WeakMap<object, Function>>();
function bound(fn: Function, target: object): Function {
  let byTarget = boundCache.get(fn);
  if (!byTarget) boundCache.set(fn, (byTarget = new WeakMap()));
  let b = byTarget.get(target);
  if (!b) byTarget.set(target, (b = fn.bind(target) as Function));
  return b;
}

/** A proxy of `obj` whose `path` (e.g. ['chat', 'completions', 'create']) is replaced. */
export function replaceAt<T extends object>(obj: T, path: string[], make: (orig: Function, owner: object) => Function): T {
  const cache = new Map<string, unknown>();
  return new Proxy(obj, {
    get(target, prop) {
      const v = Reflect.get(target, prop, target);
      if (prop !== path[0] || v === null || (typeof v !== 'object' && typeof v !== 'function')) {
        // Methods run against the real object, so private fields (#x) keep working.
        return typeof v === 'function' ? bound(v as Function, target) : v;
      }
      if (path.length === 1) {
        if (typeof v !== 'function') return v;
        let w = cache.get('fn');
        if (!w) cache.set('fn', (w = make(v as Function, target)));
        return w;
      }
      let p = cache.get('obj');
      if (!p) cache.set('obj', (p = replaceAt(v as object, path.slice(1), make)));
      return p;
    },
  });
}

/** Message content as text when it is only text parts (how viewers show it best). */
export function textOf(content: unknown): string | null | Record<string, unknown>[] {
  if (content === null || content === undefined) return null;
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    const parts = content as Record<string, unknown>[];
    if (parts.every((p) => typeof p?.text === 'string' && /text$/.test(String(p.type ?? 'text')))) {
      return parts.map((p) => p.text as string).join('');
    }
    return parts;
  }
  return String(content);
}

export function rest(params: Record<string, unknown>, omit: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(params)) if (!omit.includes(k) && params[k] !== undefined) out[k] = params[k];
  return out;
}
