/**
 * The diff view's data from a real repository read of two runs: spans loaded in full (so
 * inputs and outputs compare), rows aligned, deltas and estimated costs carried through.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTwoRuns, type TwoRuns } from './load-runs';
import { EXPECTED, HOSTILE_NAME } from './two-runs';
import { LocalRepository } from '../../src/ingest/store/localRepository';
import { loadTrace } from '../../src/extension/compare/load-trace';

let runs: TwoRuns;
beforeAll(async () => { runs = await loadTwoRuns(); });
afterAll(async () => { await runs?.repo.dispose(); });

describe('diff view data', () => {
  it('aligns the runs: rerank added, web_search removed, plan and the answer changed', () => {
    const byName = (n: string) => runs.data.rows.find((r) => (r.right ?? r.left)!.name === n)!;
    expect(byName('rerank').kind).toBe('added');
    expect(byName('rerank').left).toBeUndefined();
    expect(byName('web_search').kind).toBe('removed');
    expect(byName('web_search').right).toBeUndefined();
    expect(byName('embed').kind).toBe('same');
    expect(byName('vector_search').kind).toBe('same');
    const plan = byName('plan');
    expect(plan.kind).toBe('changed');
    // the spans were loaded in full, so the diff knows the values differ
    expect(plan.delta).toMatchObject({ inputsDiffer: true, outputsDiffer: true, inputTokens: 50, outputTokens: 30 });
    const compose = byName(HOSTILE_NAME);
    expect(compose.delta).toMatchObject({ modelChanged: true, leftModel: 'gpt-4o', rightModel: 'gpt-4.1', inputsDiffer: false, outputsDiffer: true });
    // the root and retrieve differ only in timing, which is not a change
    expect(runs.data.counts).toEqual({ same: 4, changed: 2, added: 1, removed: 1 });
  });

  it('carries totals with estimated costs, flagged', () => {
    const d = runs.data;
    expect(d.left.costUsd).toBeCloseTo(EXPECTED.a.costUsd, 12);
    expect(d.right.costUsd).toBeCloseTo(EXPECTED.b.costUsd, 12);
    expect(d.left.estimatedCostUsd).toBeCloseTo(EXPECTED.a.estimatedCostUsd, 12);
    expect(d.delta.costUsd).toBeCloseTo(EXPECTED.b.costUsd - EXPECTED.a.costUsd, 12);
    expect(d.delta.duration).toBe(1_200_000);
    expect(d.delta.inputTokens).toBe(EXPECTED.b.inputTokens - EXPECTED.a.inputTokens);
    const compose = d.rows.find((r) => r.right?.name === HOSTILE_NAME)!;
    expect(compose.left!.costEstimated).toBe(true);
    expect(compose.right!.costEstimated).toBe(true);
    const plan = d.rows.find((r) => r.right?.name === 'plan')!;
    // a stated cost is never replaced by an estimate
    expect(plan.right!.costEstimated).toBeUndefined();
    expect(plan.right!.costUsd).toBe(0.00015);
  });

  it('loads spans in full only when asked, with the same tree either way', async () => {
    const repo = new LocalRepository({ quietMs: 10 });
    try {
      const s = await repo.open(runs.file);
      const t = (await loadTrace(repo, s.traces[0].traceId, {}, false))!;
      const full = (await loadTrace(repo, s.traces[0].traceId, {}, true))!;
      expect(t.spanCount).toBe(full.spanCount);
      expect(full.nodes.every((n) => !n.span.partial)).toBe(true);
      expect(full.nodes.find((n) => n.span.name === 'plan')!.span.inputs).toBeDefined();
    } finally {
      await repo.dispose();
    }
  });

  it('answers undefined for a trace that is not open', async () => {
    expect(await loadTrace(runs.repo, 'no-such-trace')).toBeUndefined();
  });
});
