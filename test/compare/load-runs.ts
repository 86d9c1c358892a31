/** The two runs read through the real repository, as the extension reads them. */
import { LocalRepository } from '../../src/ingest/store/localRepository';
import { BUNDLED_PRICING, costEstimator } from '../../src/core/pricing';
import { diffTraces } from '../../src/core/diff';
import type { Trace } from '../../src/core/trace';
import { loadTrace } from '../../src/extension/compare/load-trace';
import { diffViewData } from '../../src/extension/compare/diff-model';
import type { DiffViewData } from '../../src/protocol/diff-view';
import { writeTwoRuns } from './two-runs';

export interface TwoRuns {
  file: string;
  repo: LocalRepository;
  a: Trace;
  b: Trace;
  data: DiffViewData;
}

export async function loadTwoRuns(file = writeTwoRuns()): Promise<TwoRuns> {
  const repo = new LocalRepository({ quietMs: 10 });
  const summary = await repo.open(file);
  // newest first
  const [newer, older] = summary.traces;
  const estimateCost = costEstimator(BUNDLED_PRICING);
  const a = (await loadTrace(repo, older.traceId, { estimateCost }))!;
  const b = (await loadTrace(repo, newer.traceId, { estimateCost }))!;
  const data = diffViewData(diffTraces(a, b, { estimateCost }), a, b, { estimateCost, pricingDate: BUNDLED_PRICING.date, relPath: (f) => f.split('/').pop()! });
  return { file, repo, a, b, data };
}
