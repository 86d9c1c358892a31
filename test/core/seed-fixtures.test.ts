/**
 * Every file the three seed tracers wrote (shared/fixtures/seed-formats) goes through the
 * loader and the tree builder. What each file holds is worked out here independently of our
 * readers: SQLite through python3's sqlite3 module, JSON and JSON Lines parsed by hand.
 *
 * Counted per file: spans, traces, root names, orphans (a parent id naming a span that is not
 * in the file), error spans, and input/output tokens and stated cost. Token and cost totals
 * follow the model's rule that a parent whose stated numbers equal its children's sum is an
 * aggregate (TraceForge writes those) and is not counted twice.
 *
 * Files whose times are a process clock or offsets (tracelm's exports) must say so in exactly
 * one warning; every other file loads without any.
 *
 * TraceForge's SQLite reader adds one root span per run (the run has no span of its own in the
 * file; see src/core/readers/sqlite/traceforge.ts): so a run counts as one more span, and the
 * trace's root is named after the run.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFile } from '../../src/core/load';
import { buildTraces } from '../../src/core/tree';
import { pythonJson } from './sqlite/python';

const SEED_DIR = path.resolve(__dirname, '../../../shared/fixtures/seed-formats');
const present = fs.existsSync(SEED_DIR);
if (!present) {
  console.warn(`\n!!! SKIPPED seed-fixtures.test.ts: ${SEED_DIR} is absent; the seed tracers' files were not checked !!!\n`);
}

interface Facts {
  spans: number;
  traces: number;
  roots: string[];
  orphans: number;
  errors: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  /** parent ids that must show up as orphan parents */
  missingParents: string[];
  /** times are not dates (before 2000): a process clock or offsets from the trace start */
  relativeTimes?: boolean;
}

const YEAR_2000_S = 946_684_800;

/** One span as the counting below needs it, whatever the format. */
interface Rec {
  trace: string;
  id: string;
  parent: string | null;
  name: string;
  error: boolean;
  tin: number;
  tout: number;
  cost: number;
}

function factsOf(recs: Rec[]): Facts {
  const key = (trace: string, id: string) => `${trace}\u0000${id}`;
  const byKey = new Map(recs.map((r) => [key(r.trace, r.id), r]));
  const children = new Map<string, Rec[]>();
  for (const r of recs) {
    if (r.parent && byKey.has(key(r.trace, r.parent))) {
      const k = key(r.trace, r.parent);
      children.set(k, [...(children.get(k) ?? []), r]);
    }
  }
  // Inclusive numbers bottom-up. A parent whose stated numbers equal its children's sum is an
  // aggregate (counted once); otherwise its numbers are its own and add to the children's.
  const inclusive = (r: Rec): [number, number, number] => {
    const kids = children.get(key(r.trace, r.id)) ?? [];
    const sum = kids.map(inclusive).reduce((a, b) => [a[0] + b[0], a[1] + b[1], a[2] + b[2]], [0, 0, 0]);
    const tokensAggregate = kids.length > 0 && r.tin === sum[0] && r.tout === sum[1];
    const costAggregate = kids.length > 0 && Math.abs(r.cost - sum[2]) < 1e-12;
    return [
      tokensAggregate ? sum[0] : r.tin + sum[0],
      tokensAggregate ? sum[1] : r.tout + sum[1],
      costAggregate ? sum[2] : r.cost + sum[2],
    ];
  };
  const roots = recs.filter((r) => !r.parent || !byKey.has(key(r.trace, r.parent)));
  const totals = roots.map(inclusive).reduce((a, b) => [a[0] + b[0], a[1] + b[1], a[2] + b[2]], [0, 0, 0]);
  const orphans = roots.filter((r) => r.parent);
  return {
    spans: recs.length,
    traces: new Set(recs.map((r) => r.trace)).size,
    roots: roots.map((r) => r.name).sort(),
    orphans: orphans.length,
    errors: recs.filter((r) => r.error).length,
    inputTokens: totals[0],
    outputTokens: totals[1],
    costUsd: totals[2],
    missingParents: [...new Set(orphans.map((r) => r.parent!))].sort(),
  };
}

/** Facts of a SQLite file, from python3's sqlite3 (the seed tracers' own library). */
function sqliteFacts(file: string): Facts {
  const out = pythonJson<{ kind: string; recs: Rec[]; runs?: Array<{ id: string; name: string; error: boolean }> }>(`
import json, sqlite3, sys
# immutable=1: a read-only open of a WAL database would still create -wal/-shm files beside
# the fixture; immutable opens no companion files and writes nothing
c = sqlite3.connect('file:' + sys.argv[1] + '?mode=ro&immutable=1', uri=True)
tables = {r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type='table'")}
recs = []
if 'traces' in tables:
    for tid, ts, data in c.execute('SELECT trace_id, timestamp, data FROM traces'):
        for s in json.loads(data)['spans'].values():
            recs.append(dict(trace=tid, id=s['span_id'], parent=s['parent_id'], name=s['name'], error=s['error'] is not None,
                             tin=s['tokens_in'] or 0, tout=s['tokens_out'] or 0, cost=s['cost'] or 0))
    print(json.dumps(dict(kind='tracelm', recs=recs)))
elif 'runs' in tables:
    runs = [dict(id=r[0], name=r[1], error=r[2] == 'error') for r in c.execute('SELECT run_id, run_name, status FROM runs')]
    ids = {r['id'] for r in runs}
    for sid, rid, parent, name, err, tin, tout, cost in c.execute(
            'SELECT step_id, run_id, parent_step_id, step_name, error, tokens_input, tokens_output, cost_usd FROM steps'):
        assert rid in ids, 'step of a run that is not in runs'
        recs.append(dict(trace=rid, id=sid, parent=parent, name=name, error=err is not None, tin=tin, tout=tout, cost=cost))
    print(json.dumps(dict(kind='traceforge', recs=recs, runs=runs)))
else:
    for tid, sid, parent, name, status, attrs in c.execute(
            'SELECT trace_id, span_id, parent_span_id, name, status_code, attributes_json FROM spans'):
        a = json.loads(attrs or '{}')
        recs.append(dict(trace=tid, id=sid, parent=parent, name=name, error=status == 'ERROR',
                         tin=a.get('llm.tokens.in', 0), tout=a.get('llm.tokens.out', 0), cost=0))
    print(json.dumps(dict(kind='tracelite', recs=recs)))
`, file);
  if (out.kind !== 'traceforge') return factsOf(out.recs);
  // Each run becomes a root span; top-level steps hang under it.
  const steps = out.recs.map((r) => ({ ...r, parent: r.parent ?? `run:${r.trace}` }));
  const runs = out.runs!.map((r) => ({
    trace: r.id, id: `run:${r.id}`, parent: null, name: r.name, error: r.error, tin: 0, tout: 0, cost: 0,
  }));
  return factsOf([...steps, ...runs]);
}

/** Attribute value of a flat OTel-ish attribute list. */
function attr(list: unknown, k: string): unknown {
  const hit = (list as Array<{ key: string; value: Record<string, unknown> }> | undefined)?.find((a) => a.key === k);
  if (!hit) return undefined;
  const v = hit.value;
  return v.stringValue ?? v.intValue ?? v.doubleValue ?? v.boolValue;
}

function jsonFacts(file: string): Facts {
  const text = fs.readFileSync(file, 'utf8');
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  let doc: Record<string, unknown> | undefined;
  try {
    doc = JSON.parse(text) as Record<string, unknown>;
  } catch {
    doc = undefined; // JSON Lines
  }

  if (doc && Array.isArray(doc.traceEvents)) {
    // Chrome trace: no ids; the tree is the nesting of intervals on one thread.
    const ev = (doc.traceEvents as Array<{ name: string; ph: string; ts: number; dur: number }>).filter((e) => e.ph === 'X');
    const inside = (a: typeof ev[0], b: typeof ev[0]) => a !== b && b.ts <= a.ts && a.ts + a.dur <= b.ts + b.dur;
    const roots = ev.filter((e) => !ev.some((o) => inside(e, o)));
    return { spans: ev.length, traces: 1, roots: roots.map((r) => r.name).sort(), orphans: 0, errors: 0,
      inputTokens: 0, outputTokens: 0, costUsd: 0, missingParents: [],
      relativeTimes: ev.every((e) => e.ts / 1e6 < YEAR_2000_S) };
  }
  if (doc && Array.isArray(doc.resourceSpans)) {
    const recs: Rec[] = [];
    let relative = true;
    for (const rs of doc.resourceSpans as Array<{ scopeSpans: Array<{ spans: Array<Record<string, unknown>> }> }>) {
      for (const ss of rs.scopeSpans) {
        for (const s of ss.spans) {
          recs.push({ trace: String(s.traceId), id: String(s.spanId), parent: (s.parentSpanId as string) || null,
            name: String(s.name), error: (s.status as { code?: unknown } | undefined)?.code === 2,
            tin: Number(attr(s.attributes, 'tokens.in') ?? 0), tout: Number(attr(s.attributes, 'tokens.out') ?? 0),
            cost: Number(attr(s.attributes, 'cost') ?? 0) });
          if (Number(s.startTimeUnixNano) / 1e9 >= YEAR_2000_S) relative = false;
        }
      }
    }
    return { ...factsOf(recs), relativeTimes: relative };
  }
  if (doc && typeof doc.spans === 'object' && doc.root_span_id) {
    // tracelm's own trace document
    const recs = Object.values(doc.spans as Record<string, Record<string, unknown>>).map((s) => ({
      trace: String(doc!.trace_id), id: String(s.span_id), parent: (s.parent_id as string) ?? null, name: String(s.name),
      error: s.error !== null, tin: Number(s.tokens_in ?? 0), tout: Number(s.tokens_out ?? 0), cost: Number(s.cost ?? 0),
    }));
    const starts = Object.values(doc.spans as Record<string, { start_time: number }>).map((s) => s.start_time);
    return { ...factsOf(recs), relativeTimes: starts.every((t) => t < YEAR_2000_S) };
  }
  const recs: Rec[] = lines.map((l) => {
    const s = JSON.parse(l) as Record<string, unknown>;
    if ('operationName' in s) {
      // TraceForge's OTel-style export
      return { trace: String(s.traceId), id: String(s.spanId), parent: (s.parentSpanId as string) ?? null,
        name: String(s.operationName), error: (s.status as { code: string }).code === 'STATUS_CODE_ERROR',
        tin: Number(attr(s.attributes, 'llm.tokens.input') ?? 0), tout: Number(attr(s.attributes, 'llm.tokens.output') ?? 0),
        cost: Number(attr(s.attributes, 'llm.cost_usd') ?? 0) };
    }
    // TraceLite JSONL
    const a = (s.attributes ?? {}) as Record<string, unknown>;
    return { trace: String(s.trace_id), id: String(s.span_id), parent: (s.parent_span_id as string) ?? null,
      name: String(s.name), error: (s.status as { code: string }).code === 'ERROR',
      tin: Number(a['llm.tokens.in'] ?? 0), tout: Number(a['llm.tokens.out'] ?? 0), cost: 0 };
  });
  return factsOf(recs);
}

function allFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return allFiles(p);
    return d.name === 'README.md' || d.name.endsWith('-wal') || d.name.endsWith('-shm') ? [] : [p];
  }).sort();
}

const isSqlite = (file: string) => fs.readFileSync(file).subarray(0, 16).toString('latin1') === 'SQLite format 3\0';

describe.skipIf(!present)('every seed tracer file loads with the spans, trees and tokens it holds', () => {
  const files = present ? allFiles(SEED_DIR) : [];

  it('finds the seed files', () => {
    expect(files.length).toBeGreaterThanOrEqual(20);
  });

  for (const file of files) {
    it(path.relative(SEED_DIR, file), async () => {
      const expected = isSqlite(file) ? sqliteFacts(file) : jsonFacts(file);
      const result = await loadFile(file);
      if (expected.relativeTimes) {
        expect(result.warnings).toHaveLength(1);
        expect(result.warnings[0]!.message).toMatch(/relative/);
      } else {
        expect(result.warnings).toEqual([]);
      }
      delete expected.relativeTimes;
      const traces = buildTraces(result.spans);
      const nodes = traces.flatMap((t) => t.nodes);
      const orphanNodes = nodes.filter((n) => n.orphan);
      const actual: Facts = {
        spans: nodes.length,
        traces: traces.length,
        roots: traces.flatMap((t) => t.roots.map((r) => r.span.name)).sort(),
        orphans: orphanNodes.length,
        errors: traces.reduce((n, t) => n + t.errorCount, 0),
        inputTokens: traces.reduce((n, t) => n + t.inputTokens, 0),
        outputTokens: traces.reduce((n, t) => n + t.outputTokens, 0),
        costUsd: traces.reduce((n, t) => n + t.costUsd, 0),
        missingParents: [...new Set(orphanNodes.map((n) => n.span.parentId!))].sort(),
      };
      expect(result.spans).toHaveLength(expected.spans);
      expect({ ...actual, costUsd: 0 }).toEqual({ ...expected, costUsd: 0 });
      expect(actual.costUsd).toBeCloseTo(expected.costUsd, 9);
      for (const t of traces) expect(t.spanCount).toBe(t.nodes.length);
    });
  }

  it("keeps TraceLite's request whose remote parent 00f067aa0ba902b7 is not in the file, as a marked orphan", async () => {
    for (const name of ['tracelite/tracelite_spans.db', 'tracelite/tracelite_spans.jsonl']) {
      const traces = buildTraces((await loadFile(path.join(SEED_DIR, name))).spans);
      const orphan = traces.flatMap((t) => t.nodes).find((n) => n.span.parentId === '00f067aa0ba902b7');
      expect(orphan, name).toBeDefined();
      expect(orphan!.orphan).toBe(true);
      expect(orphan!.parent).toBeNull();
    }
  });
});
