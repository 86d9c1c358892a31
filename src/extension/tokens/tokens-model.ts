/** Tokens and cost of one trace or of a file's traces, as the plain data the tokens view draws. */
import type { Trace } from '../../core/trace';
import { addTotals, emptyTotals, rankSpans, rollupTrace, type GroupRollup, type RollupOptions, type TokenTotals } from '../../core/analysis/rollup';
import type { TokensSpanRow, TokensViewData } from '../../protocol/tokens-view';

/** Spans sent to the view: the most expensive ones; the rest are counted, not listed. */
export const SPAN_LIMIT = 500;

export interface TokensModelOptions extends RollupOptions {
  scope: 'trace' | 'file';
  title: string;
  subtitle: string;
  pricingDate: string;
  userPricing: boolean;
  warnings?: string[];
  spanLimit?: number;
}

export function tokensViewData(traces: readonly Trace[], o: TokensModelOptions): TokensViewData {
  const total = emptyTotals();
  const byModel = new Map<string, GroupRollup>();
  const byType = new Map<string, GroupRollup>();
  const ranked: TokensSpanRow[] = [];
  let spanCount = 0;
  for (const t of traces) {
    const r = rollupTrace(t, o);
    addTotals(total, r.total);
    merge(byModel, r.byModel);
    merge(byType, r.bySpanType);
    spanCount += t.spanCount;
    // Inclusive ranking holds every span with anything under it, so the view can switch
    // between self and inclusive numbers on the same list.
    for (const i of rankSpans(r, 'inclusive')) {
      const span = t.nodes[i].span;
      const s = r.spans[i];
      const row: TokensSpanRow = {
        traceId: t.traceId, spanId: span.id, name: span.name, type: span.spanType,
        self: s.self, inclusive: s.inclusive, costEstimated: s.costEstimated, usageIsAggregate: s.usageIsAggregate,
      };
      if (span.model) row.model = span.model;
      if (o.scope === 'file') row.traceName = t.name;
      ranked.push(row);
    }
  }
  // By self numbers first; spans whose tokens are all their children's go last, by inclusive.
  ranked.sort((a, b) => b.self.costUsd - a.self.costUsd || tokens(b.self) - tokens(a.self)
    || b.inclusive.costUsd - a.inclusive.costUsd || tokens(b.inclusive) - tokens(a.inclusive));
  const order = (a: GroupRollup, b: GroupRollup) => b.costUsd - a.costUsd || tokens(b) - tokens(a) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  return {
    scope: o.scope,
    title: o.title,
    subtitle: o.subtitle,
    traceCount: traces.length,
    spanCount,
    total,
    byModel: [...byModel.values()].filter(hasAny).sort(order),
    bySpanType: [...byType.values()].filter(hasAny).sort(order),
    spans: ranked.slice(0, o.spanLimit ?? SPAN_LIMIT),
    rankedCount: ranked.length,
    pricingDate: o.pricingDate,
    userPricing: o.userPricing,
    warnings: o.warnings ?? [],
  };
}

/** Cache reads are a part of input tokens (see the native format), not added to them. */
function tokens(t: TokenTotals): number {
  return t.inputTokens + t.outputTokens;
}

function hasAny(g: GroupRollup): boolean {
  return g.costUsd > 0 || tokens(g) > 0 || g.cacheReadTokens > 0 || g.reasoningTokens > 0;
}

function merge(into: Map<string, GroupRollup>, groups: readonly GroupRollup[]): void {
  for (const g of groups) {
    let acc = into.get(g.key);
    if (!acc) into.set(g.key, (acc = { key: g.key, spanCount: 0, ...emptyTotals() }));
    acc.spanCount += g.spanCount;
    addTotals(acc, g);
  }
}
