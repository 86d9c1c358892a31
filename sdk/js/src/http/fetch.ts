/**
 * A `fetch` that records each request as a span and sends the trace along in
 * `traceparent`/`tracestate`, so the called service continues the same trace.
 */
import { als, createSpan } from '../tracer';
import { inject } from '../propagation';
import type { SpanType } from '../types';

export function wrapFetch(fetchImpl: typeof fetch = globalThis.fetch, options: { spanType?: SpanType } = {}): typeof fetch {
  return async function tracedFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const method = (init?.method ?? (typeof input === 'object' && 'method' in input ? input.method : 'GET')).toUpperCase();
    let where = url;
    try {
      const u = new URL(url);
      where = u.host + u.pathname;
    } catch { /* relative or odd URL: keep as given */ }
    const s = createSpan(`${method} ${where}`, { spanType: options.spanType ?? 'tool' }, null);
    if (s.isRecording) s.setInputs({ method, url });
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    const carrier: Record<string, string> = {};
    const ts = headers.get('tracestate');
    if (ts) carrier.tracestate = ts;
    inject(carrier, s);
    for (const [k, v] of Object.entries(carrier)) headers.set(k, v);
    try {
      const res = await als.run(s, () => fetchImpl(input, { ...init, headers }));
      if (s.isRecording) {
        s.setOutputs({ status_code: res.status });
        if (res.status >= 500) s.recordError(new Error(`HTTP ${res.status}`));
      }
      s.end();
      return res;
    } catch (err) {
      s.recordError(err);
      s.end();
      throw err;
    }
  } as typeof fetch;
}
