/**
 * Test doubles shaped like the objects the OpenAI and Anthropic SDKs return (no network):
 * - APIPromise: a Promise subclass over the HTTP response that parses the body lazily, on first
 *   `then`, with `withResponse()` (data + response + request id) and `asResponse()` (the raw
 *   response, body unread); reading a body twice fails, as with fetch.
 * - The stream helpers, on the SDKs' EventStream: each runs its request itself as soon as it is
 *   made, emits its events, 'error', 'abort' and 'end', supports async iteration and final*(),
 *   and reports a failure nobody listens for as an unhandled rejection: Anthropic's
 *   MessageStream, OpenAI's ChatCompletionStream and ResponseStream. State lives in private
 *   fields, as in the SDKs.
 */
type Obj = Record<string, any>;

export class FakeResponse {
  readonly status = 200;
  readonly headers = new Map([['request-id', 'req_42']]);
  #body: string;
  #used = false;
  constructor(body: unknown) {
    this.#body = typeof body === 'string' ? body : JSON.stringify(body);
  }
  get bodyUsed(): boolean { return this.#used; }
  async text(): Promise<string> {
    if (this.#used) throw new TypeError('Body is unusable: Body has already been read');
    this.#used = true;
    return this.#body;
  }
  async json(): Promise<unknown> { return JSON.parse(await this.text()); }
}

export class APIPromise<T> extends Promise<T> {
  #parsed: Promise<T> | undefined;
  #response: Promise<FakeResponse>;
  #parse: (r: FakeResponse) => Promise<T>;
  constructor(response: Promise<FakeResponse>, parse: (r: FakeResponse) => Promise<T>) {
    super((resolve) => resolve(null as T));
    this.#response = response;
    this.#parse = parse;
  }
  /** `await`ed results of a `then` are plain promises, as in the SDKs */
  static override get [Symbol.species](): PromiseConstructor { return Promise; }
  #parsedOnce(): Promise<T> { return (this.#parsed ??= this.#response.then(this.#parse)); }
  asResponse(): Promise<FakeResponse> { return this.#response; }
  async withResponse(): Promise<{ data: T; response: FakeResponse; request_id: string | undefined }> {
    const [data, response] = await Promise.all([this.#parsedOnce(), this.asResponse()]);
    return { data, response, request_id: response.headers.get('request-id') };
  }
  _thenUnwrap<U>(f: (data: T) => U): APIPromise<U> {
    return new APIPromise(this.#response, async (r) => f(await this.#parse(r)));
  }
  override then<A = T, B = never>(f?: ((v: T) => A | PromiseLike<A>) | null, r?: ((e: any) => B | PromiseLike<B>) | null): Promise<A | B> {
    return this.#parsedOnce().then(f, r);
  }
  override catch<B = never>(r?: ((e: any) => B | PromiseLike<B>) | null): Promise<T | B> { return this.#parsedOnce().catch(r); }
  override finally(f?: (() => void) | null): Promise<T> { return this.#parsedOnce().finally(f); }
}

/** An APIPromise for a JSON reply (or a failed request) that arrives after a few ms. */
export function jsonCall<T>(body: T | Error): APIPromise<T> {
  const response = new Promise<FakeResponse>((resolve, reject) => setTimeout(() => (body instanceof Error ? reject(body) : resolve(new FakeResponse(body))), 2));
  return new APIPromise(response, async (r) => (await r.json()) as T);
}

/** An APIPromise for a server-sent-event stream: parsing gives an async-iterable of events. */
export function streamCall<E>(events: E[], failAfter?: number): APIPromise<AsyncIterable<E> & { controller: AbortController }> {
  const response = new Promise<FakeResponse>((resolve) => setTimeout(() => resolve(new FakeResponse('event-stream')), 2));
  return new APIPromise(response, async (r) => {
    await r.text();
    const controller = new AbortController();
    return {
      controller,
      async *[Symbol.asyncIterator]() {
        for (let i = 0; i < events.length; i++) {
          if (failAfter !== undefined && i === failAfter) throw Object.assign(new Error('Overloaded'), { name: 'OverloadedError', status: 529 });
          if (controller.signal.aborted) return;
          await new Promise((res) => setTimeout(res, 1));
          yield events[i];
        }
      },
    };
  });
}

export class APIUserAbortError extends Error {
  override name = 'APIUserAbortError';
  constructor() { super('Request was aborted.'); }
}

export class OpenAIError extends Error { override name = 'OpenAIError'; }

type Listener = { listener: (...args: any[]) => void; once: boolean };

/**
 * The SDKs' EventStream, base of the stream helpers: runs its request on the next tick, emits
 * to listeners, ends with 'end', and reports a failure nobody listens for (no listener and no
 * `done()`/final*() promise taken) as an unhandled rejection.
 */
export class EventStream {
  readonly controller = new AbortController();
  #listeners: Record<string, Listener[]> = {};
  #ended = false; #errored = false; #aborted = false; #catching = false;
  #endPromise: Promise<void>;
  #resolveEnd!: () => void;
  #rejectEnd!: (e: unknown) => void;

  constructor() {
    this.#endPromise = new Promise<void>((res, rej) => { this.#resolveEnd = res; this.#rejectEnd = rej; });
    this.#endPromise.catch(() => {});
  }

  protected _run(executor: () => Promise<void>): void {
    setTimeout(() => {
      executor().then(() => {
        this._emitFinal();
        this._emit('end');
      }, (err: unknown) => this.#fail(err));
    }, 0);
  }

  protected _emitFinal(): void { /* the helpers' final events */ }
  #fail(err: unknown): void {
    this.#errored = true;
    if (err instanceof APIUserAbortError || (err instanceof Error && err.name === 'AbortError')) {
      this.#aborted = true;
      this._emit('abort', err instanceof APIUserAbortError ? err : new APIUserAbortError());
    } else this._emit('error', err);
  }

  on(event: string, listener: (...args: any[]) => void): this { return this.#add(event, listener, false); }
  once(event: string, listener: (...args: any[]) => void): this { return this.#add(event, listener, true); }
  #add(event: string, listener: (...args: any[]) => void, once: boolean): this {
    (this.#listeners[event] ??= []).push({ listener, once });
    return this;
  }
  off(event: string, listener: (...args: any[]) => void): this {
    this.#listeners[event] = (this.#listeners[event] ?? []).filter((l) => l.listener !== listener);
    return this;
  }
  /** test only: how many listeners an event has */
  listenerCount(event: string): number { return this.#listeners[event]?.length ?? 0; }

  _emit(event: string, ...args: unknown[]): void {
    if (this.#ended) return;
    if (event === 'end') {
      this.#ended = true;
      this.#resolveEnd();
    }
    const listeners = this.#listeners[event];
    if (listeners) {
      this.#listeners[event] = listeners.filter((l) => !l.once);
      for (const l of listeners) l.listener(...args);
    }
    if (event === 'abort' || event === 'error') {
      const error = args[0];
      // Nobody is told otherwise: surface it, as the SDK does.
      if (!this.#catching && !listeners?.length) void Promise.reject(error);
      this.#rejectEnd(error);
      this._emit('end');
    }
  }

  get ended(): boolean { return this.#ended; }
  get errored(): boolean { return this.#errored; }
  get aborted(): boolean { return this.#aborted; }
  abort(): void { this.controller.abort(); }
  async done(): Promise<void> {
    this.#catching = true;
    await this.#endPromise;
  }

  /** The helpers' async iteration: one `event` per step; `return()` aborts the request. */
  protected _iterate(event: string): AsyncIterator<Obj> {
    const pushed: Obj[] = [];
    const waiting: { resolve: (r: IteratorResult<Obj>) => void; reject: (e: unknown) => void }[] = [];
    let done = false;
    this.on(event, (value: Obj) => {
      const w = waiting.shift();
      if (w) w.resolve({ value, done: false });
      else pushed.push(value);
    });
    const finish = (err?: unknown): void => {
      done = true;
      for (const w of waiting.splice(0)) (err === undefined ? w.resolve({ value: undefined, done: true }) : w.reject(err));
    };
    this.on('end', () => finish()).on('abort', finish).on('error', finish);
    return {
      next: async () => {
        if (pushed.length > 0) return { value: pushed.shift()!, done: false };
        if (done) return { value: undefined, done: true };
        return new Promise<IteratorResult<Obj>>((resolve, reject) => waiting.push({ resolve, reject }));
      },
      return: async () => {
        this.abort();
        return { value: undefined, done: true };
      },
    };
  }
}

interface SdkResource { create(params: Obj, options?: Obj): PromiseLike<unknown> }
/** Reads the raw stream the resource returns for `{ ...params, stream: true }`, item by item. */
async function readRaw(runner: EventStream, resource: SdkResource, params: Obj, add: (item: Obj) => void): Promise<void> {
  const stream = (await resource.create({ ...params, stream: true }, { signal: runner.controller.signal })) as AsyncIterable<Obj>;
  runner._emit('connect');
  for await (const item of stream) {
    if (runner.controller.signal.aborted) break;
    add(item);
  }
  if (runner.controller.signal.aborted) throw new APIUserAbortError();
}

/** Anthropic's `messages.stream()` helper. */
export class MessageStream extends EventStream {
  readonly receivedMessages: Obj[] = [];
  #snapshot: Obj | undefined;

  static createMessage(messages: SdkResource, params: Obj): MessageStream {
    const runner = new MessageStream();
    runner._run(async () => {
      await readRaw(runner, messages, params, (event) => runner.#add(event));
      if (!runner.#snapshot) throw new Error('request ended without sending any chunks');
      runner.#snapshot = undefined;
    });
    return runner;
  }

  protected override _emitFinal(): void {
    const final = this.receivedMessages.at(-1);
    if (final) this._emit('finalMessage', final);
  }

  #add(event: Obj): void {
    const m = this.#accumulate(event);
    this._emit('streamEvent', event, m);
    if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') this._emit('text', event.delta.text, m.content.at(-1).text);
    if (event.type === 'message_stop') {
      this.receivedMessages.push(m);
      this._emit('message', m);
    }
  }

  #accumulate(event: Obj): Obj {
    if (event.type === 'message_start') return (this.#snapshot = { ...event.message, content: [] });
    const m = this.#snapshot!;
    switch (event.type) {
      case 'content_block_start': m.content.push({ ...event.content_block }); break;
      case 'content_block_delta': {
        const b = m.content.at(-1);
        if (event.delta.type === 'text_delta') b.text += event.delta.text;
        else if (event.delta.type === 'input_json_delta') b.partial = (b.partial ?? '') + event.delta.partial_json;
        break;
      }
      case 'content_block_stop': {
        const b = m.content.at(-1);
        if (b.type === 'tool_use' && b.partial) { b.input = JSON.parse(b.partial); delete b.partial; }
        break;
      }
      case 'message_delta':
        m.stop_reason = event.delta.stop_reason;
        m.usage = { ...m.usage, output_tokens: event.usage.output_tokens };
        break;
    }
    return m;
  }

  get currentMessage(): Obj | undefined { return this.#snapshot; }
  async finalMessage(): Promise<Obj> {
    await this.done();
    return this.receivedMessages.at(-1) ?? Promise.reject(new Error('stream ended without producing a Message with role=assistant'));
  }
  [Symbol.asyncIterator](): AsyncIterator<Obj> { return this._iterate('streamEvent'); }
}

/**
 * The openai package's `chat.completions.stream()` helper: emits 'chunk' (raw chunk, snapshot),
 * 'content' (delta, snapshot), 'tool_calls.function.arguments.delta', then 'chatCompletion' and
 * 'message', and at the end 'finalChatCompletion', 'finalMessage', 'finalContent', 'totalUsage'.
 */
export class ChatCompletionStream extends EventStream {
  #completions: Obj[] = [];
  #snapshot: Obj | undefined;

  static createChatCompletion(completions: SdkResource, params: Obj): ChatCompletionStream {
    const runner = new ChatCompletionStream();
    runner._run(async () => {
      runner.#snapshot = undefined;
      await readRaw(runner, completions, params, (chunk) => runner.#addChunk(chunk));
      const snap = runner.#snapshot as Obj | undefined;
      if (!snap) throw new OpenAIError('request ended without sending any chunks');
      runner.#snapshot = undefined;
      const completion = { ...snap, object: 'chat.completion', choices: snap.choices.map((c: Obj) => ({ ...c, message: { ...c.message, refusal: null } })) };
      runner.#completions.push(completion);
      runner._emit('chatCompletion', completion);
      if (completion.choices[0]?.message) runner._emit('message', completion.choices[0].message);
    });
    return runner;
  }

  #addChunk(chunk: Obj): void {
    const snap = (this.#snapshot ??= { id: chunk.id, created: chunk.created, model: chunk.model, choices: [] });
    if (chunk.usage) snap.usage = chunk.usage;
    this._emit('chunk', chunk, snap);
    for (const choice of chunk.choices as Obj[]) {
      const c = (snap.choices[choice.index] ??= { index: choice.index, finish_reason: null, logprobs: null, message: { role: 'assistant', content: null } });
      if (choice.finish_reason) c.finish_reason = choice.finish_reason;
      const d = choice.delta ?? {};
      if (d.content) {
        c.message.content = (c.message.content ?? '') + d.content;
        this._emit('content', d.content, c.message.content);
      }
      for (const t of (d.tool_calls ?? []) as Obj[]) {
        const call = ((c.message.tool_calls ??= [])[t.index] ??= { id: '', type: 'function', function: { name: '', arguments: '' } });
        if (t.id) call.id = t.id;
        if (t.function?.name) call.function.name += t.function.name;
        if (t.function?.arguments) {
          call.function.arguments += t.function.arguments;
          this._emit('tool_calls.function.arguments.delta', { name: call.function.name, index: t.index, arguments: call.function.arguments, arguments_delta: t.function.arguments });
        }
      }
    }
  }

  protected override _emitFinal(): void {
    const completion = this.#completions.at(-1);
    if (completion) this._emit('finalChatCompletion', completion);
    const message = completion?.choices[0]?.message;
    if (message) this._emit('finalMessage', message);
    if (typeof message?.content === 'string') this._emit('finalContent', message.content);
    if (completion?.usage) this._emit('totalUsage', completion.usage);
  }

  get currentChatCompletionSnapshot(): Obj | undefined { return this.#snapshot; }
  async finalChatCompletion(): Promise<Obj> {
    await this.done();
    return this.#completions.at(-1) ?? Promise.reject(new OpenAIError('stream ended without producing a ChatCompletion'));
  }
  async finalContent(): Promise<string | null> {
    await this.done();
    return this.#completions.at(-1)?.choices[0]?.message.content ?? null;
  }
  [Symbol.asyncIterator](): AsyncIterator<Obj> { return this._iterate('chunk'); }
}

/**
 * The openai package's `responses.stream()` helper: emits every raw event as 'event' and under
 * its own type (text and argument deltas with their snapshot); `finalResponse()` at the end.
 */
export class ResponseStream extends EventStream {
  #snapshot: Obj | undefined;
  #final: Obj | undefined;
  #done: Obj[] = [];

  static createResponse(responses: SdkResource, params: Obj): ResponseStream {
    const runner = new ResponseStream();
    runner._run(async () => {
      await readRaw(runner, responses, params, (event) => runner.#addEvent(event));
      if (!runner.#snapshot) throw new OpenAIError('request ended without sending any events');
      runner.#final = runner.#snapshot;
      runner.#snapshot = undefined;
    });
    return runner;
  }

  #addEvent(event: Obj): void {
    const r = this.#accumulate(event);
    this._emit('event', event);
    const output = r.output[event.output_index];
    if (event.type === 'response.output_text.delta') this._emit(event.type, { ...event, snapshot: output?.content[event.content_index]?.text });
    else if (event.type === 'response.function_call_arguments.delta') this._emit(event.type, { ...event, snapshot: output?.arguments });
    else this._emit(event.type, event);
  }

  #accumulate(event: Obj): Obj {
    if (!this.#snapshot) {
      if (event.type !== 'response.created') throw new OpenAIError(`When snapshot hasn't been set yet, expected 'response.created' event, got ${event.type}`);
      return (this.#snapshot = structuredClone(event.response) as Obj);
    }
    const r = this.#snapshot;
    const output = r.output[event.output_index];
    switch (event.type) {
      case 'response.output_item.added': r.output.push(structuredClone(event.item)); break;
      case 'response.content_part.added': output.content.push(structuredClone(event.part)); break;
      case 'response.output_text.delta': output.content[event.content_index].text += event.delta; break;
      case 'response.function_call_arguments.delta': output.arguments += event.delta; break;
      case 'response.output_item.done': this.#done[event.output_index] = event.item; break;
      // A completed event may leave the output out: the items that came one by one stand for it.
      case 'response.completed': this.#snapshot = event.response.output ? event.response : { ...event.response, output: this.#done }; break;
    }
    return this.#snapshot as Obj;
  }

  async finalResponse(): Promise<Obj> {
    await this.done();
    return this.#final ?? Promise.reject(new OpenAIError('stream ended without producing a ChatCompletion'));
  }
  [Symbol.asyncIterator](): AsyncIterator<Obj> { return this._iterate('event'); }
}
