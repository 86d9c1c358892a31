/**
 * Messages between the tokens panel's host (src/extension/tokens/tokens-panel.ts) and its
 * webview (webview/tokens/): tokens and cost of one trace or of every trace in a file.
 */
import type { SpanType } from '../core/model';
import type { GroupRollup, TokenTotals } from '../core/analysis/rollup';

export interface TokensSpanRow {
  traceId: string;
  spanId: string;
  name: string;
  type: SpanType;
  model?: string;
  /** the trace's name, for a file's view */
  traceName?: string;
  self: TokenTotals;
  inclusive: TokenTotals;
  /** the self cost came from a price table */
  costEstimated: boolean;
  /** the stated usage is its children's sum, so its self share is 0 */
  usageIsAggregate: boolean;
}

export interface TokensViewData {
  scope: 'trace' | 'file';
  title: string;
  /** workspace-relative file path(s) */
  subtitle: string;
  traceCount: number;
  spanCount: number;
  total: TokenTotals;
  byModel: GroupRollup[];
  bySpanType: GroupRollup[];
  /**
   * Every span with tokens or cost of its own or below it, most expensive first (self cost,
   * then self tokens, then inclusive), at most `spanLimit`
   */
  spans: TokensSpanRow[];
  /** such spans in all, of which `spans` holds the first */
  rankedCount: number;
  /** date of the price table, and whether it holds user prices */
  pricingDate: string;
  userPricing: boolean;
  /** price table problems to show (bad entries of the user's table) */
  warnings: string[];
}

export type TokensHostToView =
  | { type: 'tokens'; data: TokensViewData }
  | { type: 'error'; message: string };

export type TokensViewToHost =
  | { type: 'ready' }
  | { type: 'openSpan'; traceId: string; spanId: string }
  | { type: 'log'; level: 'warn' | 'error'; message: string };

export interface TokensViewState {
  /** bars show self or inclusive numbers */
  measure: 'self' | 'inclusive';
  scrollTop: number;
}
