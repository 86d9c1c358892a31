/**
 * Wraps a Node `http` request handler: each request becomes a span (continuing the caller's
 * trace from `traceparent`), current for everything the handler does, ended when the
 * response finishes or the connection closes. Status ≥ 500 marks the span failed.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { als, createSpan } from '../tracer';
import { extract } from '../propagation';
import type { SpanType } from '../types';

export interface ServerWrapOptions {
  /** span name for a request (default `METHOD /path`) */
  name?: (req: IncomingMessage) => string;
  spanType?: SpanType;
}

export function wrapHttpHandler<Req extends IncomingMessage, Res extends ServerResponse>(
  handler: (req: Req, res: Res) => unknown,
  options: ServerWrapOptions = {},
): (req: Req, res: Res) => unknown {
  return function traced(this: unknown, req: Req, res: Res) {
    const remote = extract(req.headers);
    const path = (req.url ?? '/').split('?')[0];
    const name = options.name ? options.name(req) : `${req.method ?? 'GET'} ${path}`;
    const s = createSpan(name, { spanType: options.spanType ?? 'chain', parent: remote ?? null }, null);
    if (s.isRecording) {
      s.setInputs({ method: req.method, url: req.url, headers: { 'user-agent': req.headers['user-agent'] } });
    }
    let done = false;
    const end = (): void => {
      if (done) return;
      done = true;
      if (s.isRecording) {
        s.setOutputs({ status_code: res.statusCode });
        if (res.statusCode >= 500) s.recordError(new Error(`HTTP ${res.statusCode}`));
        if (!res.writableFinished) s.addEvent('connection closed before the response finished');
      }
      s.end();
    };
    res.once('finish', end);
    res.once('close', end);
    try {
      const r = als.run(s, () => handler.call(this, req, res));
      if (r && typeof (r as Promise<unknown>).then === 'function') {
        (r as Promise<unknown>).then(undefined, (err: unknown) => { s.recordError(err); });
      }
      return r;
    } catch (err) {
      s.recordError(err);
      throw err;
    }
  };
}
