/** TraceLite's `spans` table (nanosecond times beyond 2^53), written by python3's sqlite3. */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ReadResult, Span } from '../../../src/core/model';
import { readSqliteFile } from '../../../src/core/readers/sqlite/index';
import { buildTraces } from '../../../src/core/tree';
import { python, tempDir } from './python';
import { PY_PRELUDE, TRACELITE_SCHEMA } from './schemas';

const T0 = 1795272511519888640n;

const WRITE = PY_PRELUDE + `
c = make(sys.argv[1], sys.argv[2], wal=True)
t0 = int(sys.argv[3])
T = 'a28f9705a77a57a80e42d0d5c5f81f3a'
q = ('INSERT INTO spans(trace_id, span_id, parent_span_id, name, kind, service_name, status_code, status_description, '
     'start_time_ns, end_time_ns, duration_ns, attributes_json, events_json, links_json, resource_json) '
     'VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)')
res = json.dumps({'service.name': 'gateway', 'service.version': '1.0.0'})
rows = [
    (T, '80addfe97c28fcc7', None, 'GET /api/users', 'SERVER', 'gateway', 'OK', '', t0, t0 + 9000000, 9000000,
     '{"http.method": "GET"}', '[]', json.dumps([{'trace_id': 'ff' * 16, 'span_id': 'ee' * 8, 'attributes': {}}]), res),
    (T, '0000000000000001', '80addfe97c28fcc7', 'llm.summarize ✓ 要約', 'INTERNAL', 'user-service', 'OK', '', t0 + 1000, t0 + 5000000, 4999000,
     json.dumps({'llm.model': 'gpt-4o-mini', 'llm.tokens.in': 512, 'llm.tokens.out': 64}), '[]', '[]', '{}'),
    (T, '0000000000000002', '80addfe97c28fcc7', 'fails', 'CLIENT', 'user-service', 'ERROR', 'model call timed out', t0 + 1100, t0 + 2000, 900,
     '{}', json.dumps([{'name': 'exception', 'timestamp': t0 + 1999, 'attributes': {
         'exception.type': 'TimeoutError', 'exception.message': 'call timed out', 'exception.stacktrace': 'Traceback...'}}]), '[]', '{}'),
    (T, '0000000000000003', '80addfe97c28fcc7', 'in flight', 'INTERNAL', 'user-service', 'UNSET', '', t0 + 1150, None, 0,
     '{}', '[]', '[]', '{}'),
    (T, '0000000000000004', '80addfe97c28fcc7', 'bad attrs', 'INTERNAL', 'user-service', 'UNSET', '', t0 + 1200, t0 + 1300, 100,
     '{bad', '[]', '[]', '{}'),
    ('b' * 32, '0000000000000005', '00f067aa0ba902b7', 'remote child', 'SERVER', 'payments', 'ERROR', 'declined', t0 + 100, t0 + 200, 100,
     '{}', '[]', '[]', '{}'),
]
for r in rows:
    c.execute(q, r)
`;

describe('TraceLite SQLite', () => {
  let result: ReadResult;
  let file: string;
  const byName = (name: string): Span => result.spans.find((s) => s.name === name)!;

  beforeAll(async () => {
    file = path.join(tempDir('tracelite'), 'tracelite_spans.db');
    python(WRITE, file, TRACELITE_SCHEMA, String(T0));
    result = await readSqliteFile(file);
  });

  it('is detected; a bad attributes cell is a warning and the span stays', () => {
    expect(result.format).toBe('tracelite-sqlite');
    expect(result.spans).toHaveLength(6);
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toMatchObject({ file, line: 5 });
    expect(result.warnings[0]!.message).toMatch(/attributes_json/);
    expect(byName('bad attrs').status).toBe('ok');
  });

  it('nanoseconds beyond 2^53 become µs without losing sub-µs order', () => {
    // the decimal point moved in the text, then one rounding
    expect(byName('GET /api/users').startTime).toBe(Number('1795272511519888.640'));
    expect(byName('llm.summarize ✓ 要約').startTime).toBe(Number('1795272511519889.640'));
    const order = [...result.spans].filter((s) => s.traceId.startsWith('a28f'))
      .sort((a, b) => a.startTime - b.startTime).map((s) => s.name);
    expect(order).toEqual(['GET /api/users', 'llm.summarize ✓ 要約', 'fails', 'in flight', 'bad attrs']);
    expect(byName('GET /api/users').endTime! - byName('GET /api/users').startTime).toBeCloseTo(9000, 0);
  });

  it('maps kind, service, attributes, links, model and tokens', () => {
    const root = byName('GET /api/users');
    expect(root.kind).toBe('SERVER');
    expect(root.service).toBe('gateway');
    expect(root.metadata).toMatchObject({ 'http.method': 'GET', links: [{ span_id: 'ee'.repeat(8) }] });
    const llm = byName('llm.summarize ✓ 要約');
    expect(llm.spanType).toBe('llm');
    expect(llm.model).toBe('gpt-4o-mini');
    expect(llm.usage).toEqual({ input_tokens: 512, output_tokens: 64, total_tokens: 576 });
    expect(llm.service).toBe('user-service');
  });

  it('an exception event gives the error its type, message and stack', () => {
    const failed = byName('fails');
    expect(failed.status).toBe('error');
    expect(failed.error).toEqual({ type: 'TimeoutError', message: 'call timed out', stack: 'Traceback...' });
    expect(failed.events).toHaveLength(1);
    expect(failed.events![0]!.time).toBe(Number('1795272511519890.639'));
    // ERROR without an exception event: the status description is the message
    expect(byName('remote child').error?.message).toBe('declined');
  });

  it('a span without end_time_ns is running', () => {
    expect(byName('in flight').status).toBe('running');
    expect(byName('in flight').endTime).toBeUndefined();
  });

  it('a remote parent that is not in the file leaves a marked orphan, not a lost span', () => {
    const traces = buildTraces(result.spans);
    expect(traces).toHaveLength(2);
    const remote = traces.find((t) => t.traceId === 'b'.repeat(32))!;
    expect(remote.roots).toHaveLength(1);
    expect(remote.roots[0]!.orphan).toBe(true);
    expect(remote.roots[0]!.span.parentId).toBe('00f067aa0ba902b7');
    const main = traces.find((t) => t.traceId.startsWith('a28f'))!;
    expect(main.roots.map((r) => r.span.name)).toEqual(['GET /api/users']);
    expect(main.spanCount).toBe(5);
  });
});
