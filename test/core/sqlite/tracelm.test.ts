/** tracelm's `traces` table, written by python3's sqlite3 the way tracelm's sqlite_store does. */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ReadResult, Span } from '../../../src/core/model';
import { readSqliteFile } from '../../../src/core/readers/sqlite/index';
import { python, tempDir } from './python';
import { PY_PRELUDE, TRACELM_SCHEMA } from './schemas';

const SAVED_AT = 1795000000.5; // time.time() when the trace was saved, after it ended

const WRITE = PY_PRELUDE + `
c = make(sys.argv[1], sys.argv[2])
def span(sid, name, parent, start, end, tin=0, tout=0, cost=0.0, error=None, metadata=None):
    return dict(trace_id='t1', name=name, span_id=sid, parent_id=parent, start_time=start, end_time=end,
                duration=None if end is None else end - start, tokens_in=tin, tokens_out=tout, cost=cost,
                error=error, metadata=metadata or {}, children=[])
spans = [
    span('r1', '__root__', None, 100.0, 100.5),
    span('a1', 'llm_call', 'r1', 100.1, 100.3, 7, 42, 0.0008),
    span('b1', 'outil ✓ 検索', 'r1', 100.3, 100.4, error='ValueError: bad: input', metadata={'k': 'ü'}),
    span('c1', 'load_prompt', 'r1', 100.05, 100.06, tin=24),
    span('d1', 'still_running', 'r1', 100.45, None),
]
doc = dict(trace_id='t1', root_span_id='r1', spans={s['span_id']: s for s in spans})
c.execute('INSERT INTO traces VALUES (?,?,?)', ('t1', float(sys.argv[3]), json.dumps(doc, ensure_ascii=False)))
c.execute('INSERT INTO traces VALUES (?,?,?)', ('t2', 1795000001.0, '{"trace_id": "t2", "spans": {'))
c.execute('INSERT INTO traces VALUES (?,?,?)', ('t3', 1795000002.0, '{"trace_id": "t3"}'))
doc4 = dict(trace_id='t4', root_span_id='r4', spans={'r4': dict(span('r4', '__root__', None, 5.0, 6.0), trace_id='t4')})
c.execute('INSERT INTO traces VALUES (?,?,?)', ('t4', 1795000003.0, json.dumps(doc4)))
`;

describe('tracelm SQLite', () => {
  let result: ReadResult;
  let file: string;
  const byName = (name: string): Span => result.spans.find((s) => s.name === name)!;

  beforeAll(async () => {
    file = path.join(tempDir('tracelm'), 'tracelm_traces.db');
    python(WRITE, file, TRACELM_SCHEMA, String(SAVED_AT));
    result = await readSqliteFile(file);
  });

  it('is detected and keeps every good row around the bad ones', () => {
    expect(result.format).toBe('tracelm-sqlite');
    expect(result.spans.map((s) => s.traceId).sort()).toEqual(['t1', 't1', 't1', 't1', 't1', 't4']);
    expect(result.warnings).toHaveLength(2);
    expect(result.warnings[0]).toMatchObject({ file, line: 2 });
    expect(result.warnings[0]!.message).toMatch(/t2.*not valid JSON/);
    expect(result.warnings[1]).toMatchObject({ file, line: 3 });
    expect(result.warnings[1]!.message).toMatch(/t3.*spans/);
  });

  it('anchors perf_counter times on the row timestamp taken when the trace was saved', () => {
    const root = byName('__root__');
    expect(root.endTime).toBe(SAVED_AT * 1e6); // the trace's last end is the save instant
    expect(root.startTime).toBeCloseTo(SAVED_AT * 1e6 - 500_000, 0);
    const llm = byName('llm_call');
    expect(llm.startTime).toBeCloseTo(SAVED_AT * 1e6 - 400_000, 0);
    expect(llm.endTime! - llm.startTime).toBeCloseTo(200_000, 0);
    expect(llm.parentId).toBe('r1');
    expect(root.parentId).toBeNull();
  });

  it('maps tokens, cost, span type, errors, metadata and unicode', () => {
    const llm = byName('llm_call');
    expect(llm.spanType).toBe('llm');
    expect(llm.usage).toEqual({ input_tokens: 7, output_tokens: 42, total_tokens: 49 });
    expect(llm.costUsd).toBe(0.0008);
    expect(llm.status).toBe('ok');
    // prompt tokens alone do not make a model call
    expect(byName('load_prompt').spanType).not.toBe('llm');
    expect(byName('load_prompt').usage?.input_tokens).toBe(24);
    const failed = byName('outil ✓ 検索');
    expect(failed.status).toBe('error');
    expect(failed.error).toEqual({ type: 'ValueError', message: 'bad: input' });
    expect(failed.metadata).toEqual({ k: 'ü' });
    expect(byName('__root__').spanType).toBe('chain');
    expect(llm.origin).toEqual({ file, line: 1 });
  });

  it('a span without end_time is running', () => {
    const running = byName('still_running');
    expect(running.status).toBe('running');
    expect(running.endTime).toBeUndefined();
  });
});
