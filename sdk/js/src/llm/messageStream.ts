/**
 * Watches Anthropic's `MessageStream` (the `messages.stream()` helper: an event emitter with
 * `on(...)`, `finalMessage()` and async iteration) through eventStream.ts, so its user sees
 * the same object, the same events and the same unhandled failures as without tracing.
 */
import { watchEventStream } from './eventStream';

type Obj = Record<string, any>;

export interface StreamWatch {
  /** each text delta, in order */
  text(delta: string): void;
  /** the stream's final message: it ended normally */
  done(message: Obj): void;
  /** it ended without one: failed or aborted; `snapshot` is the message as far as it came */
  failed(error: unknown, snapshot: Obj | undefined): void;
}

/** Whether `stream` could be watched (an emitter); if not, the caller must end the span itself. */
export function watchMessageStream(stream: unknown, watch: StreamWatch): boolean {
  let final: Obj | undefined;
  let snapshot: Obj | undefined;
  const keepSnapshot = (): void => { snapshot ??= currentSnapshot(stream as Obj); };
  return watchEventStream(stream, {
    on: {
      text: (delta: unknown) => { if (typeof delta === 'string') watch.text(delta); },
      finalMessage: (message: unknown) => { final = (message ?? {}) as Obj; },
      // Seen as emitted (never listened to): the message as it was when the stream failed.
      error: keepSnapshot,
      abort: keepSnapshot,
    },
    end: (failure) => {
      if (final !== undefined && failure === undefined) watch.done(final);
      else {
        const err = failure ?? Object.assign(new Error('The stream ended without a final message.'), { name: 'StreamError' });
        watch.failed(err, snapshot ?? currentSnapshot(stream as Obj));
      }
    },
  });
}

function currentSnapshot(stream: Obj): Obj | undefined {
  try {
    const m = stream.currentMessage;
    return m !== null && typeof m === 'object' ? (m as Obj) : undefined;
  } catch {
    return undefined;
  }
}
