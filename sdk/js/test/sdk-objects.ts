/**
 * Test doubles shaped like the objects the OpenAI and Anthropic SDKs return (no network):
 * - APIPromise: a Promise subclass over the HTTP response that parses the body lazily, on first
 *   `then`, with `withResponse()` (data + response + request id) and `asResponse()` (the raw
 *   response, body unread); reading a body twice fails, as with fetch.
 * - MessageStream: Anthropic's streaming helper. It runs the request itself as soon as it is
 *   made, emits 'connect', 'streamEvent', 'text', 'message', 'finalMessage', 'error', 'abort'
 *   and 'end', supports async iteration and `finalMessage()`, and reports a failure nobody
 *   listens for as an unhandled rejection. State lives in private fields, as in the SDKs.
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

/** what MessageStream needs of the SDK's messages resource */
interface SdkMessages { create(params: Obj, options?: Obj): PromiseLike<unknown> }

type Listener = { listener: (...args: any[]) => void; once: boolean };

export class MessageStream {
  readonly controller = new AbortController();
  readonly receivedMessages: Obj[] = [];
  #listeners: Record<string, Listener[]> = {};
  #ended = false;
  #errored = false;
  #aborted = false;
  #catching = false;
  #snapshot: Obj | undefined;
  #endPromise: Promise<void>;
  #resolveEnd!: () => void;
  #rejectEnd!: (e: unknown) => void;

  constructor() {
    this.#endPromise = new Promise<void>((res, rej) => { this.#resolveEnd = res; this.#rejectEnd = rej; });
    this.#endPromise.catch(() => {});
  }

  /** What `messages.stream(params)` does: start the request on the next tick and emit as it goes. */
  static createMessage(messages: SdkMessages, params: Obj): MessageStream {
    const runner = new MessageStream();
    setTimeout(() => {
      runner.#run(messages, params).then(() => {
        const final = runner.receivedMessages.at(-1);
        if (final) runner._emit('finalMessage', final);
        runner._emit('end');
      }, (err: unknown) => runner.#fail(err));
    }, 0);
    return runner;
  }

  async #run(messages: SdkMessages, params: Obj): Promise<void> {
    const stream = (await messages.create({ ...params, stream: true }, { signal: this.controller.signal })) as AsyncIterable<Obj>;
    this._emit('connect');
    for await (const event of stream) {
      if (this.controller.signal.aborted) break;
      this.#add(event);
    }
    if (this.controller.signal.aborted) throw new APIUserAbortError();
    if (!this.#snapshot) throw new Error('request ended without sending any chunks');
    this.#snapshot = undefined;
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

  #fail(err: unknown): void {
    this.#errored = true;
    if (err instanceof APIUserAbortError || (err instanceof Error && err.name === 'AbortError')) {
      this.#aborted = true;
      this._emit('abort', err instanceof APIUserAbortError ? err : new APIUserAbortError());
    } else this._emit('error', err);
  }

  on(event: string, listener: (...args: any[]) => void): this {
    (this.#listeners[event] ??= []).push({ listener, once: false });
    return this;
  }
  once(event: string, listener: (...args: any[]) => void): this {
    (this.#listeners[event] ??= []).push({ listener, once: true });
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
  get currentMessage(): Obj | undefined { return this.#snapshot; }
  abort(): void { this.controller.abort(); }
  async done(): Promise<void> {
    this.#catching = true;
    await this.#endPromise;
  }
  async finalMessage(): Promise<Obj> {
    await this.done();
    const m = this.receivedMessages.at(-1);
    if (!m) throw new Error('stream ended without producing a Message with role=assistant');
    return m;
  }
  async finalText(): Promise<string> {
    const m = await this.finalMessage();
    return m.content.filter((b: Obj) => b.type === 'text').map((b: Obj) => b.text).join(' ');
  }

  [Symbol.asyncIterator](): AsyncIterator<Obj> {
    const pushed: Obj[] = [];
    const waiting: { resolve: (r: IteratorResult<Obj>) => void; reject: (e: unknown) => void }[] = [];
    let done = false;
    this.on('streamEvent', (event: Obj) => {
      const w = waiting.shift();
      if (w) w.resolve({ value: event, done: false });
      else pushed.push(event);
    });
    this.on('end', () => {
      done = true;
      for (const w of waiting.splice(0)) w.resolve({ value: undefined, done: true });
    });
    const fail = (err: unknown): void => {
      done = true;
      for (const w of waiting.splice(0)) w.reject(err);
    };
    this.on('abort', fail);
    this.on('error', fail);
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
