/**
 * Watches a stream helper of an LLM SDK that is an event emitter running its own request
 * (the SDKs' EventStream: Anthropic's MessageStream, OpenAI's ChatCompletionStream and
 * ResponseStream) without changing what its user sees. The same object is handed back; only
 * listeners that change nothing are added. Not 'error' or 'abort' listeners: the SDK reports a
 * failure nobody listens for as an unhandled rejection, and a tracer must not silence that.
 * The failure itself is read where the SDK emits it (its `_emit`), when that method is there.
 */
type Obj = Record<string, any>;
type Listener = (...args: any[]) => void;

export interface EventWatch {
  /**
   * listeners by event name; they only look, and what they throw stays here. 'error' and
   * 'abort' are called from the SDK's `_emit`, never registered as listeners.
   */
  on: Record<string, Listener>;
  /** the stream ended; `failure` is set when it failed or was aborted */
  end(failure: unknown): void;
}

function isEmitter(v: unknown): v is Obj & { on(event: string, listener: Listener): unknown } {
  return v !== null && typeof v === 'object' && typeof (v as Obj).on === 'function';
}

/** Whether `stream` could be watched (an emitter); if not, the caller must end the span itself. */
export function watchEventStream(stream: unknown, watch: EventWatch): boolean {
  if (!isEmitter(stream)) return false;
  let failure: unknown;
  let failed = false;
  const emit = stream._emit;
  if (typeof emit === 'function') {
    try {
      Object.defineProperty(stream, '_emit', {
        configurable: true,
        writable: true,
        value: function (this: unknown, event: string, ...args: unknown[]) {
          if ((event === 'error' || event === 'abort') && !failed) {
            failed = true;
            failure = args[0] ?? new Error(`stream ${event}`);
            guard(() => watch.on[event]?.(...args));
          }
          return emit.call(this, event, ...args);
        },
      });
    } catch {
      // A sealed object: the failure is described from the stream's state at its end.
    }
  }
  try {
    for (const [event, listener] of Object.entries(watch.on)) {
      if (event !== 'error' && event !== 'abort' && event !== 'end') stream.on(event, (...args: unknown[]) => guard(() => listener(...args)));
    }
    stream.on('end', () => guard(() => {
      if (!failed && (stream.aborted === true || stream.errored === true)) {
        const aborted = stream.aborted === true;
        failure = Object.assign(new Error(aborted ? 'Request was aborted.' : 'The stream failed.'), { name: aborted ? 'APIUserAbortError' : 'StreamError' });
      }
      watch.end(failure);
    }));
  } catch {
    return false;
  }
  return true;
}

function guard(f: () => void): void {
  try { f(); } catch { /* tracing never breaks the user's stream */ }
}
