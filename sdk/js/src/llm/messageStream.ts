/**
 * Watches a stream helper object of an LLM SDK (Anthropic's `MessageStream`: an event emitter
 * that runs the request itself, with `on(...)`, `finalMessage()` and async iteration) without
 * changing what its user sees. The same object is handed back; only listeners that change
 * nothing are added. Not 'error' or 'abort' listeners: the SDK reports a failure nobody listens
 * for as an unhandled rejection, and a tracer must not silence that. The failure itself is read
 * where the SDK emits it (its `_emit`), when that method is there.
 */
type Obj = Record<string, any>;

export interface StreamWatch {
  /** each text delta, in order */
  text(delta: string): void;
  /** the stream's final message: it ended normally */
  done(message: Obj): void;
  /** it ended without one: failed or aborted; `snapshot` is the message as far as it came */
  failed(error: unknown, snapshot: Obj | undefined): void;
}

function isEmitter(v: unknown): v is Obj & { on(event: string, listener: (...args: any[]) => void): unknown } {
  return v !== null && typeof v === 'object' && typeof (v as Obj).on === 'function';
}

/** Whether `stream` could be watched (an emitter); if not, the caller must end the span itself. */
export function watchMessageStream(stream: unknown, watch: StreamWatch): boolean {
  if (!isEmitter(stream)) return false;
  let final: Obj | undefined;
  let failure: unknown;
  let snapshot: Obj | undefined;
  const emit = stream._emit;
  if (typeof emit === 'function') {
    try {
      Object.defineProperty(stream, '_emit', {
        configurable: true,
        writable: true,
        value: function (this: unknown, event: string, ...args: unknown[]) {
          if ((event === 'error' || event === 'abort') && failure === undefined) {
            failure = args[0] ?? new Error(`stream ${event}`);
            snapshot = currentSnapshot(stream);
          }
          return emit.call(this, event, ...args);
        },
      });
    } catch {
      // A sealed object: the failure is described from the stream's state at its end.
    }
  }
  const guard = (f: () => void): void => {
    try { f(); } catch { /* tracing never breaks the user's stream */ }
  };
  try {
    stream.on('text', (delta: unknown) => guard(() => { if (typeof delta === 'string') watch.text(delta); }));
    stream.on('finalMessage', (message: unknown) => { final = (message ?? {}) as Obj; });
    stream.on('end', () => guard(() => {
      if (final !== undefined && failure === undefined) watch.done(final);
      else {
        const aborted = stream.aborted === true;
        const err = failure ?? Object.assign(new Error(aborted ? 'Request was aborted.' : 'The stream ended without a final message.'), { name: aborted ? 'APIUserAbortError' : 'StreamError' });
        watch.failed(err, snapshot ?? currentSnapshot(stream));
      }
    }));
  } catch {
    return false;
  }
  return true;
}

function currentSnapshot(stream: Obj): Obj | undefined {
  try {
    const m = stream.currentMessage;
    return m !== null && typeof m === 'object' ? (m as Obj) : undefined;
  } catch {
    return undefined;
  }
}
