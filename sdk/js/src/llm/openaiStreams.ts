/**
 * The openai package's stream helpers: `chat.completions.stream()` (a ChatCompletionStream)
 * and `responses.stream()` (a ResponseStream). Each returns the SDK's own object unchanged and
 * is one llm span, fed by the raw chunks or events the helper emits, ending with the stream:
 * with its final completion or response, or with the failure or abort and what had arrived.
 * The helpers make their request through the client they were given (the unwrapped one), so
 * the request is not traced a second time.
 */
import { startLlmSpan, finishLlm, callOriginal, tapStream } from './common';
import type { Span } from '../span';
import { watchEventStream } from './eventStream';
import { chatInputs, chatReply, chatStreamHandlers, responsesInputs, responsesStreamHandlers } from './openaiShapes';

type Obj = Record<string, any>;

function endedWithout(what: string): Error {
  return Object.assign(new Error(`The stream ended without ${what}.`), { name: 'StreamError' });
}

/**
 * The helper's own object is watched by its events; one that is no emitter but async-iterable
 * is read like a `stream: true` create; anything else ends the span with no reply.
 */
function watchOrTap(result: unknown, s: Span, watched: boolean, onItem: (item: Obj) => void, onEnd: (err?: unknown) => void): unknown {
  if (watched) return result;
  if (result !== null && typeof result === 'object' && Symbol.asyncIterator in result) return tapStream(result, onItem, onEnd);
  finishLlm(s, { outputs: {} });
  return result;
}

/** `chat.completions.stream(params)`: ChatCompletionStream emits each raw chunk as 'chunk'. */
export function traceChatStream(orig: Function, owner: object): Function {
  return function stream(this: unknown, params: Obj, ...more: unknown[]) {
    const s = startLlmSpan(`chat ${params?.model ?? ''}`.trim(), 'openai', params?.model, chatInputs(params ?? {}), stream);
    const result = callOriginal(s, orig, owner, [params, ...more]);
    const [onChunk, onEnd] = chatStreamHandlers(s);
    let final: Obj | undefined;
    const watched = watchEventStream(result, {
      on: {
        chunk: onChunk,
        finalChatCompletion: (completion: unknown) => { final = (completion ?? {}) as Obj; },
      },
      end: (failure) => {
        if (final !== undefined && failure === undefined) finishLlm(s, chatReply(final));
        else onEnd(failure ?? endedWithout('a final chat completion'));
      },
    });
    return watchOrTap(result, s, watched, onChunk, onEnd);
  };
}

/** `responses.stream(params)`: ResponseStream emits each raw event as 'event'. */
export function traceResponsesStream(orig: Function, owner: object): Function {
  return function stream(this: unknown, params: Obj, ...more: unknown[]) {
    const model = params?.model;
    const s = startLlmSpan(`response ${model ?? ''}`.trim(), 'openai', model, responsesInputs(params ?? {}), stream);
    const result = callOriginal(s, orig, owner, [params, ...more]);
    const [onEvent, onEnd] = responsesStreamHandlers(s);
    let completed = false;
    const watched = watchEventStream(result, {
      on: {
        event: (ev: Obj) => {
          if (ev?.type === 'response.completed' || ev?.type === 'response.incomplete' || ev?.type === 'response.failed') completed = true;
          onEvent(ev);
        },
      },
      end: (failure) => onEnd(failure ?? (completed ? undefined : endedWithout('a final response'))),
    });
    return watchOrTap(result, s, watched, onEvent, onEnd);
  };
}
