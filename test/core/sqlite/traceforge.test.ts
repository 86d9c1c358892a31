/** TraceForge's runs + steps, written by python3's sqlite3 the way TraceForge's storage does. */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ReadResult, Span } from '../../../src/core/model';
import { readSqliteFile } from '../../../src/core/readers/sqlite/index';
import { buildTraces } from '../../../src/core/tree';
import { python, tempDir } from './python';
import { PY_PRELUDE, TRACEFORGE_SCHEMA } from './schemas';

const R1 = '11111111-aaaa-4bbb-8ccc-000000000001';
const R2 = '22222222-aaaa-4bbb-8ccc-000000000002';
const R3 = '33333333-aaaa-4bbb-8ccc-000000000003';

const WRITE = PY_PRELUDE + `
c = make(sys.argv[1], sys.argv[2])
R1, R2, R3 = sys.argv[3:6]
S = lambda n: f'{n}e000000-0000-4000-8000-00000000000{n}'
run = 'INSERT INTO runs VALUES (?,?,?,?,?,?)'
c.execute(run, (R1, 'plan ✈ trip', 1795000000.0, 1795000003.0, 'success', json.dumps({'topic': 'Zürich'})))
c.execute(run, (R2, 'auto', 1795000010.0, None, 'running', '{}'))
c.execute(run, (R3, 'failing run', 1795000020.0, 1795000021.0, 'error', '{}'))
st = ('INSERT INTO steps (step_id, run_id, parent_step_id, step_name, model, input_data, output_data, '
      'tokens_input, tokens_output, cost_usd, latency_ms, started_at, ended_at, error, metadata) '
      'VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)')
rows = [
    (S(1), R1, None, 'plan', 'claude-sonnet-4-6', json.dumps({'goal': 'trip to 東京'}, ensure_ascii=False),
     json.dumps({'plan': ['a', 'b']}), 10, 5, 0.001, 1500.0, 1795000000.1, 1795000001.6, None, '{}'),
    (S(2), R1, S(1), 'search', None, '{"q": "x"}', '{"hits": 3}', 0, 0, 0.0, 400.0, 1795000000.2, 1795000000.6, None, '{"cache": true}'),
    (S(3), R1, None, 'in_flight', 'gpt-4o', '{"q": "y"}', None, 0, 0, 0.0, 0.0, 1795000002.0, None, None, '{}'),
    (S(4), R1, None, 'bad_input', None, '{oops', '"just a string"', 0, 0, 0.0, 10.0, 1795000002.5, 1795000002.51, None, '{}'),
    (S(5), R2, None, 'orphan_step', None, '{"note": "outside trace_run"}', '"auto run created"', 0, 0, 0.0, 1.2, 1795000010.1, 1795000010.2, None, '{}'),
    (S(6), R3, None, 'tool_call', None, '{"tool": "db.lookup"}', None, 0, 0, 0.0, 1.2, 1795000020.1, 1795000020.9, 'tool timed out', '{}'),
]
for r in rows:
    c.execute(st, r)
`;

describe('TraceForge SQLite', () => {
  let result: ReadResult;
  let file: string;
  const byName = (name: string): Span => result.spans.find((s) => s.name === name)!;

  beforeAll(async () => {
    file = path.join(tempDir('traceforge'), 'traceforge.db');
    python(WRITE, file, TRACEFORGE_SCHEMA, R1, R2, R3);
    result = await readSqliteFile(file);
  });

  it('is detected; every step plus one root per run', () => {
    expect(result.format).toBe('traceforge-sqlite');
    expect(result.spans).toHaveLength(6 + 3);
  });

  it('a run becomes a root span with its name, times and status', () => {
    const root = byName('plan ✈ trip');
    expect(root).toMatchObject({
      id: '11111111aaaa4bbb', traceId: '11111111aaaa4bbb8ccc000000000001', parentId: null,
      status: 'ok', startTime: 1795000000.0 * 1e6, endTime: 1795000003.0 * 1e6,
    });
    expect(root.metadata).toMatchObject({ topic: 'Zürich' });
    expect(root.usage).toBeUndefined();
    const auto = byName('auto');
    expect(auto.status).toBe('running');
    expect(auto.endTime).toBeUndefined();
    expect(byName('failing run').status).toBe('error');
  });

  it("ids follow TraceForge's own export, so the database and its JSONL line up", () => {
    const plan = byName('plan');
    expect(plan.id).toBe('1e00000000004000');
    expect(plan.traceId).toBe(R1.replace(/-/g, ''));
    expect(plan.parentId).toBe('11111111aaaa4bbb'); // top-level step under the run's root
    expect(byName('search').parentId).toBe(plan.id);
  });

  it('maps model, tokens, cost, inputs/outputs, latency and errors', () => {
    const plan = byName('plan');
    expect(plan.spanType).toBe('llm');
    expect(plan.model).toBe('claude-sonnet-4-6');
    expect(plan.usage).toEqual({ input_tokens: 10, output_tokens: 5, total_tokens: 15 });
    expect(plan.costUsd).toBe(0.001);
    expect(plan.inputs).toEqual({ goal: 'trip to 東京' });
    expect(plan.outputs).toEqual({ plan: ['a', 'b'] });
    expect(plan.metadata).toMatchObject({ 'traceforge.latency_ms': 1500 });
    expect(plan.endTime! - plan.startTime).toBeCloseTo(1.5e6, 0);
    expect(byName('search').spanType).not.toBe('llm');
    expect(byName('search').metadata).toMatchObject({ cache: true });
    expect(byName('orphan_step').outputs).toBe('auto run created');
    const failed = byName('tool_call');
    expect(failed.status).toBe('error');
    expect(failed.error).toEqual({ message: 'tool timed out' });
  });

  it('an in-flight step (no ended_at) is running', () => {
    const s = byName('in_flight');
    expect(s.status).toBe('running');
    expect(s.endTime).toBeUndefined();
    expect(s.outputs).toBeUndefined();
  });

  it('bad JSON in a column: a warning with the row id, the span kept with the raw text', () => {
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toMatchObject({ file, line: 4 });
    expect(result.warnings[0]!.message).toMatch(/input_data/);
    expect(byName('bad_input').inputs).toBe('{oops');
    expect(byName('bad_input').outputs).toBe('just a string');
  });

  it('builds one tree per run, the run at its root, tokens not double counted', () => {
    const traces = buildTraces(result.spans);
    expect(traces).toHaveLength(3);
    for (const t of traces) expect(t.roots).toHaveLength(1);
    const t1 = traces.find((t) => t.name === 'plan ✈ trip')!;
    expect(t1.spanCount).toBe(5);
    expect(t1.inputTokens).toBe(10);
    expect(t1.nodes.filter((n) => n.orphan)).toEqual([]);
    expect(traces.find((t) => t.name === 'auto')!.running).toBe(true);
  });
});

describe('TraceForge SQLite whose step ids share their first 16 hex digits', () => {
  it('keeps the full ids rather than lose a span', async () => {
    const file = path.join(tempDir('traceforge'), 'same-prefix.db');
    python(PY_PRELUDE + `
c = make(sys.argv[1], sys.argv[2])
c.execute("INSERT INTO runs VALUES ('run-1', 'r', 1795000000.0, 1795000001.0, 'success', '{}')")
for n in range(3):
    c.execute('INSERT INTO steps (step_id, run_id, parent_step_id, step_name, input_data, started_at, ended_at) '
              'VALUES (?, ?, NULL, ?, ?, ?, ?)', (f'5e000000-0000-4000-8000-00000000000{n}', 'run-1', f's{n}', '{}',
              1795000000.1 + n / 10, 1795000000.15 + n / 10))
`, file, TRACEFORGE_SCHEMA);
    const result = await readSqliteFile(file);
    expect(result.spans).toHaveLength(4);
    expect(new Set(result.spans.map((s) => s.id)).size).toBe(4);
    const [trace] = buildTraces(result.spans);
    expect(trace!.spanCount).toBe(4);
    expect(trace!.roots.map((r) => r.span.name)).toEqual(['r']);
  });
});
