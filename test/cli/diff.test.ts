import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCli, nativeTrace, runCli, sharedFixtures, tmpDir, type SpanSpec } from './cli-harness';

const T0 = Date.UTC(2026, 10, 21, 14, 45) * 1000;
const step = (name: string, at: number, extra: Partial<SpanSpec> = {}): SpanSpec => ({ name, at, dur: 100_000, type: 'tool', ...extra });

const before: SpanSpec = {
  name: 'pipeline', dur: 1_000_000, children: [
    step('plan', 0, { type: 'llm', model: 'gpt-4o-mini', tokens: [100, 20], cost: 0.001 }),
    step('search', 100_000), step('fetch', 200_000), step('answer', 300_000, { type: 'llm', model: 'gpt-4o-mini', tokens: [300, 80], cost: 0.002 }),
  ],
};
// one step inserted, the answer on another model, slower and dearer
const after: SpanSpec = {
  name: 'pipeline', dur: 1_400_000, children: [
    step('plan', 0, { type: 'llm', model: 'gpt-4o-mini', tokens: [100, 20], cost: 0.001 }),
    step('search', 100_000), step('rerank', 150_000), step('fetch', 200_000),
    step('answer', 300_000, { type: 'llm', model: 'gpt-4o', tokens: [300, 90], cost: 0.01, dur: 500_000 }),
  ],
};

let file: string;
beforeAll(async () => {
  await buildCli();
  file = path.join(tmpDir(), 'runs.jsonl');
  fs.writeFileSync(file, [...nativeTrace(before, T0), ...nativeTrace(after, T0 + 10_000_000)].join('\n') + '\n');
});

describe('spanscope diff', () => {
  it('aligns the last two runs in one file: one inserted step does not change the later ones', () => {
    const r = runCli(['diff', `${file}#latest~1`, `${file}#latest`, '--json']);
    expect(r.code).toBe(0);
    const d = JSON.parse(r.stdout);
    // the root differs only in timing, which counts as same
    expect(d.counts).toEqual({ same: 4, changed: 1, added: 1, removed: 0 });
    const kinds = Object.fromEntries(d.rows.map((x: { name: string; kind: string }) => [x.name, x.kind]));
    expect(kinds).toMatchObject({ plan: 'same', search: 'same', rerank: 'added', fetch: 'same', answer: 'changed' });
    const answer = d.rows.find((x: { name: string }) => x.name === 'answer');
    expect(answer.delta).toMatchObject({ modelChanged: true, leftModel: 'gpt-4o-mini', rightModel: 'gpt-4o', outputTokens: 10 });
    expect(answer.delta.costUsd).toBeCloseTo(0.008);
    expect(d.delta.duration).toBe(400_000);
  });

  it('prints a readable summary, and --changed-only hides unchanged spans', () => {
    const r = runCli(['diff', `${file}#latest~1`, file, '--changed-only']);
    expect(r.stdout).toMatch(/spans: 4 same, 1 changed, 1 added, 0 removed/);
    expect(r.stdout).toMatch(/^\+ {3}rerank/m);
    expect(r.stdout).toMatch(/^~ {3}answer .*model gpt-4o-mini→gpt-4o/m);
    expect(r.stdout).not.toMatch(/search/);
  });

  it('--fail-on-change exits 1 on a change and 0 for a trace against itself', () => {
    expect(runCli(['diff', `${file}#latest~1`, file, '--fail-on-change']).code).toBe(1);
    const same = runCli(['diff', file, file, '--fail-on-change', '--json']);
    expect(same.code).toBe(0);
    expect(JSON.parse(same.stdout).counts).toMatchObject({ changed: 0, added: 0, removed: 0 });
  });

  it('names a missing trace and a bad argument count clearly', () => {
    const r = runCli(['diff', `${file}#latest~5`, file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/has 2 trace\(s\), no latest~5/);
    expect(runCli(['diff', file]).stderr).toMatch(/two traces/);
  });
});

const haveShared = fs.existsSync(sharedFixtures);
if (!haveShared) console.warn(`\n!!! SKIPPED: ${sharedFixtures} is absent: diff was not run on the seed fixtures\n`);

describe.skipIf(!haveShared)('spanscope diff on the seed fixtures', () => {
  it('compares two TraceForge research runs step by step', () => {
    const dir = path.join(sharedFixtures, 'traceforge/export');
    const r = runCli(['diff', path.join(dir, 'trace-59045faf.jsonl'), path.join(dir, 'trace-83ee6506.jsonl'), '--json']);
    expect(r.code).toBe(0);
    const d = JSON.parse(r.stdout);
    // the same pipeline on two topics: every step matches, none added or removed
    expect(d.counts.added).toBe(0);
    expect(d.counts.removed).toBe(0);
    expect(d.left.spanCount).toBe(d.right.spanCount);
    expect(d.rows.filter((x: { name: string }) => x.name === 'web_search')).toHaveLength(3);
  });
});
