/**
 * Traces an OpenAI-style client (duck typed, no dependency): `chat.completions.create`
 * (streaming included: deltas are accumulated, usage comes from the final chunk),
 * `responses.create` (streaming: the `response.completed` event carries the whole reply), and
 * the SDK's stream helpers `chat.completions.stream`, `beta.chat.completions.stream` and
 * `responses.stream` (see openaiStreams.ts).
 */
import { startLlmSpan, finishLlm, failLlm, endRaw, callOriginal, tapPromise, tapStream, replaceAt } from './common';
import { chatInputs, chatReply, chatStreamHandlers, responsesInputs, responsesReply, responsesStreamHandlers } from './openaiShapes';
import { traceChatStream, traceResponsesStream } from './openaiStreams';

export { chatUsage } from './openaiShapes';

type Obj = Record<string, any>;

function traceChatCreate(orig: Function, owner: object): Function {
  return function create(this: unknown, params: Obj, ...more: unknown[]) {
    const s = startLlmSpan(`chat ${params?.model ?? ''}`.trim(), 'openai', params?.model, chatInputs(params ?? {}), create);
    const result = callOriginal(s, orig, owner, [params, ...more]);
    if (params?.stream) {
      return tapPromise(result, (stream) => tapStream(stream as object, ...chatStreamHandlers(s)), (e) => failLlm(s, e), endRaw(s));
    }
    return tapPromise(result, (resp) => {
      finishLlm(s, chatReply(resp as Obj));
      return resp;
    }, (e) => failLlm(s, e), endRaw(s));
  };
}

function traceResponsesCreate(orig: Function, owner: object): Function {
  return function create(this: unknown, params: Obj, ...more: unknown[]) {
    const s = startLlmSpan(`response ${params?.model ?? ''}`.trim(), 'openai', params?.model, responsesInputs(params ?? {}), create);
    const result = callOriginal(s, orig, owner, [params, ...more]);
    if (params?.stream) {
      return tapPromise(result, (stream) => tapStream(stream as object, ...responsesStreamHandlers(s)), (e) => failLlm(s, e), endRaw(s));
    }
    return tapPromise(result, (resp) => {
      finishLlm(s, responsesReply(resp as Obj));
      return resp;
    }, (e) => failLlm(s, e), endRaw(s));
  };
}

/** The same client, with its chat completions and responses calls and stream helpers traced. */
export function wrapOpenAI<T extends object>(client: T): T {
  let c = replaceAt(client, ['chat', 'completions', 'create'], traceChatCreate);
  c = replaceAt(c, ['chat', 'completions', 'stream'], traceChatStream);
  // The openai package's older home of the same helper.
  c = replaceAt(c, ['beta', 'chat', 'completions', 'stream'], traceChatStream);
  c = replaceAt(c, ['responses', 'create'], traceResponsesCreate);
  c = replaceAt(c, ['responses', 'stream'], traceResponsesStream);
  return c;
}
