/**
 * Cost estimates for spans that have tokens but no cost of their own. A cost the file states
 * is never replaced, even 0: the writer may know of free tiers or discounts we do not.
 */
import type { Span } from '../model';
import { normalizeModel } from './normalize';
import type { ModelPrice, PricingTable } from './types';

export interface CostEstimate {
  costUsd: number;
  /** true when computed from a price table, false when the file stated it */
  estimated: boolean;
  /** the table entry used, when estimated */
  priceKey?: string;
}

/** A price table with its keys normalized once, for repeated lookups. */
export class PriceIndex {
  private readonly exact = new Map<string, { key: string; price: ModelPrice }>();
  /** normalized keys, longest first, for prefix matches */
  private readonly prefixes: string[];

  constructor(readonly table: PricingTable) {
    for (const [key, price] of Object.entries(table.models)) this.exact.set(normalizeModel(key), { key, price });
    this.prefixes = [...this.exact.keys()].sort((a, b) => b.length - a.length);
  }

  /**
   * Exact match on the normalized name, else the longest table entry the name extends at a
   * '-' boundary ("claude-sonnet-4-5-thinking" → "claude-sonnet-4-5"; "gpt-4o-mini" never
   * falls to "gpt-4o" because it has an entry of its own).
   */
  lookup(model: string): { key: string; price: ModelPrice } | undefined {
    if (!model || model.startsWith('ft:')) return undefined; // fine-tunes are priced apart
    const name = normalizeModel(model);
    const hit = this.exact.get(name);
    if (hit) return hit;
    for (const prefix of this.prefixes) {
      if (name.length > prefix.length && name.charCodeAt(prefix.length) === 45 /* - */ && name.startsWith(prefix)) {
        return this.exact.get(prefix);
      }
    }
    return undefined;
  }
}

const indexes = new WeakMap<PricingTable, PriceIndex>();

function indexOf(table: PricingTable): PriceIndex {
  let index = indexes.get(table);
  if (!index) indexes.set(table, (index = new PriceIndex(table)));
  return index;
}

/** Price of a usage at a model price, USD. */
export function priceUsage(price: ModelPrice, input: number, output: number, cacheRead: number): number {
  const cached = Math.max(0, cacheRead);
  const uncached = price.cacheReadInInput === false ? input : Math.max(0, input - cached);
  return (uncached * price.input + cached * (price.cacheRead ?? price.input) + output * price.output) / 1e6;
}

/**
 * The span's cost: its stated one, else an estimate from `table` when it has tokens and a
 * known model; undefined when neither is possible.
 */
export function estimateCost(span: Span, table: PricingTable): CostEstimate | undefined {
  if (typeof span.costUsd === 'number' && Number.isFinite(span.costUsd)) return { costUsd: span.costUsd, estimated: false };
  const u = span.usage;
  if (!u || !span.model) return undefined;
  const input = num(u.input_tokens);
  const output = num(u.output_tokens);
  const cacheRead = num(u.cache_read_input_tokens);
  if (input + output + cacheRead <= 0) return undefined;
  const hit = indexOf(table).lookup(span.model);
  if (!hit) return undefined;
  return { costUsd: priceUsage(hit.price, input, output, cacheRead), estimated: true, priceKey: hit.key };
}

/** For `RollupOptions.estimateCost` and `buildTraces`: the estimated cost, or undefined. */
export function costEstimator(table: PricingTable): (span: Span) => number | undefined {
  return (span) => {
    const e = estimateCost(span, table);
    return e?.estimated ? e.costUsd : undefined;
  };
}

function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : 0;
}
