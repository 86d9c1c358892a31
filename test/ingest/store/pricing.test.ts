import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { summarizeTrace } from '../../../src/core/flatten';
import { BUNDLED_PRICING, costEstimator, PriceIndex, priceUsage, type PricingTable } from '../../../src/core/pricing';
import { buildTraces } from '../../../src/core/tree';
import { summarizeFromColumns } from '../../../src/ingest/store/columnSummary';
import { JsonlIndex } from '../../../src/ingest/store/jsonlIndex';
import { LocalRepository } from '../../../src/ingest/store/localRepository';
import { collect, tmpDir } from './helpers';

const dir = tmpDir();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const t0 = Date.UTC(2026, 10, 21, 14) * 1000;
const iso = (us: number) => `${new Date(Math.floor(us / 1000)).toISOString().slice(0, 19)}.${String(us % 1e6).padStart(6, '0')}Z`;
function span(id: string, trace: string, parent: string | null, startUs: number, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ id, trace_id: trace, parent_id: parent, name: `n-${id}`, span_type: 'llm', start_time: iso(t0 + startUs), end_time: iso(t0 + startUs + 100), status: 'ok', ...extra });
}
const u = (i: number, o: number, cache?: number) => ({ usage: { input_tokens: i, output_tokens: o, ...(cache === undefined ? {} : { cache_read_input_tokens: cache }) } });
const mini = BUNDLED_PRICING.models['gpt-4o-mini'];
const miniCost = (i: number, o: number, c = 0) => priceUsage(mini, i, o, c);

const LINES = [
  // tokens and a model, no cost: estimated
  span('a', 'EST', null, 0, { ...u(1000, 200), model: 'gpt-4o-mini' }),
  // a stated cost, even 0, is kept
  span('b', 'STATED', null, 0, { ...u(1000, 200), model: 'gpt-4o-mini', cost_usd: 0.5 }),
  span('b0', 'ZERO', null, 0, { ...u(1000, 200), model: 'gpt-4o-mini', cost_usd: 0 }),
  // aggregate parent (usage = children's sum) counts 0 of its own; children are estimated
  span('p', 'AGG', null, 0, { ...u(30, 3), model: 'gpt-4o-mini' }),
  span('c1', 'AGG', 'p', 10, { ...u(10, 1), model: 'gpt-4o-mini' }),
  span('c2', 'AGG', 'p', 10, { ...u(20, 2, 5), model: 'gpt-4o-mini-2024-07-18' }),
  // unknown model, no model, fine-tune: nothing estimated
  span('x', 'UNKNOWN', null, 0, { ...u(1000, 200), model: 'no-such-model' }),
  span('y', 'UNKNOWN', 'x', 1, u(1000, 200)),
  span('z', 'UNKNOWN', 'x', 2, { ...u(1000, 200), model: 'ft:gpt-4o-mini:acme' }),
];

function write(name: string, lines: string[]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

describe('estimated costs in summaries', () => {
  it('column summaries equal the core tree with the same estimator, trace by trace', async () => {
    const file = write('cols.jsonl', LINES);
    const index = new JsonlIndex(file);
    await index.read({ final: true });
    const prices = new PriceIndex(BUNDLED_PRICING);
    const priceOf = (m: string) => prices.lookup(m)?.price;
    const estimateCost = costEstimator(BUNDLED_PRICING);
    for (const traceId of index.table.traceIds()) {
      const spans = index.table.rowsOf(traceId).map((r) => index.table.span(r, file));
      const expected = summarizeTrace(buildTraces(spans, { estimateCost })[0]);
      expect(summarizeFromColumns(index.table, traceId, file, priceOf), traceId).toEqual(expected);
    }
  });

  it('LocalRepository: estimates by default, keeps stated costs, agrees with getTrace, follows setPricing', async () => {
    const file = write('repo.jsonl', LINES);
    const repo = new LocalRepository({ quietMs: 60_000 });
    try {
      const events = collect((l) => repo.onDidChange(l));
      const costs = async () => Object.fromEntries((await repo.open(file)).traces.map((t) => [t.traceId, t.costUsd]));
      let c = await costs();
      expect(c.EST).toBeCloseTo(miniCost(1000, 200), 12);
      expect(c.EST).toBeGreaterThan(0);
      expect(c.STATED).toBe(0.5);
      expect(c.ZERO).toBe(0);
      expect(c.AGG).toBeCloseTo(miniCost(10, 1) + miniCost(20, 2, 5), 12);
      expect(c.UNKNOWN).toBe(0);
      for (const id of Object.keys(c)) {
        const t = await repo.getTrace(id);
        expect(t!.summary.costUsd, id).toBeCloseTo(c[id], 12);
      }

      const table: PricingTable = { date: '2026-11-21', models: { 'gpt-4o-mini': { input: 1, output: 2 }, 'no-such-model': { input: 10, output: 10 } } };
      events.length = 0;
      await repo.setPricing(table);
      expect(new Set(events.flatMap((e) => e.traceIds))).toEqual(new Set(Object.keys(c)));
      c = await costs();
      expect(c.EST).toBeCloseTo((1000 * 1 + 200 * 2) / 1e6, 12);
      expect(c.STATED).toBe(0.5);
      expect(c.UNKNOWN).toBeCloseTo((1000 * 10 + 200 * 10) / 1e6, 12);
      expect((await repo.getTrace('EST'))!.summary.costUsd).toBeCloseTo(c.EST, 12);

      await repo.setPricing({ date: '2026-11-21', models: {} });
      c = await costs();
      expect(c.EST).toBe(0);
      expect(c.STATED).toBe(0.5);
    } finally {
      await repo.dispose();
    }
  });

  it('takes a table in the constructor', async () => {
    const file = write('ctor.jsonl', LINES);
    const repo = new LocalRepository({ quietMs: 60_000, pricing: { date: 'x', models: {} } });
    try {
      const s = await repo.open(file);
      expect(s.traces.find((t) => t.traceId === 'EST')!.costUsd).toBe(0);
      expect(s.traces.find((t) => t.traceId === 'STATED')!.costUsd).toBe(0.5);
    } finally {
      await repo.dispose();
    }
  });
});
