/**
 * Prices in USD per million tokens. Cached-input and cache-write prices default to the input
 * price when a provider has none. Override or extend with `configure({ pricing })`.
 * Model names match exactly, else by the longest known prefix (dated snapshots such as
 * `gpt-4o-mini-2024-07-18` or `claude-sonnet-4-5-20250929` use their family's price).
 */
import type { ModelPrice } from '../config';
import type { Usage } from '../types';

export const BUNDLED_PRICES: Record<string, ModelPrice> = {
  'gpt-5': { input: 1.25, output: 10, cacheRead: 0.125 },
  'gpt-5-mini': { input: 0.25, output: 2, cacheRead: 0.025 },
  'gpt-5-nano': { input: 0.05, output: 0.4, cacheRead: 0.005 },
  'gpt-4.1': { input: 2, output: 8, cacheRead: 0.5 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6, cacheRead: 0.1 },
  'gpt-4.1-nano': { input: 0.1, output: 0.4, cacheRead: 0.025 },
  'gpt-4o': { input: 2.5, output: 10, cacheRead: 1.25 },
  'gpt-4o-mini': { input: 0.15, output: 0.6, cacheRead: 0.075 },
  'gpt-4-turbo': { input: 10, output: 30 },
  'gpt-3.5-turbo': { input: 0.5, output: 1.5 },
  'o1': { input: 15, output: 60, cacheRead: 7.5 },
  'o1-mini': { input: 1.1, output: 4.4, cacheRead: 0.55 },
  'o3': { input: 2, output: 8, cacheRead: 0.5 },
  'o3-mini': { input: 1.1, output: 4.4, cacheRead: 0.55 },
  'o4-mini': { input: 1.1, output: 4.4, cacheRead: 0.275 },
  'text-embedding-3-small': { input: 0.02, output: 0 },
  'text-embedding-3-large': { input: 0.13, output: 0 },
  'text-embedding-ada-002': { input: 0.1, output: 0 },
  'claude-opus-4-5': { input: 5, output: 25, cacheRead: 0.5, cacheWrite: 6.25 },
  'claude-opus-4-1': { input: 15, output: 75, cacheRead: 1.5, cacheWrite: 18.75 },
  'claude-opus-4': { input: 15, output: 75, cacheRead: 1.5, cacheWrite: 18.75 },
  'claude-sonnet-4-5': { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
  'claude-sonnet-4': { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
  'claude-3-7-sonnet': { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
  'claude-3-5-sonnet': { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 },
  'claude-haiku-4-5': { input: 1, output: 5, cacheRead: 0.1, cacheWrite: 1.25 },
  'claude-3-5-haiku': { input: 0.8, output: 4, cacheRead: 0.08, cacheWrite: 1 },
  'claude-3-haiku': { input: 0.25, output: 1.25, cacheRead: 0.03, cacheWrite: 0.3 },
  'claude-3-opus': { input: 15, output: 75, cacheRead: 1.5, cacheWrite: 18.75 },
};

export function priceFor(model: string, overrides: Record<string, ModelPrice>): ModelPrice | undefined {
  const name = model.toLowerCase().replace(/^[a-z-]+\//, '');
  const exact = overrides[model] ?? overrides[name] ?? BUNDLED_PRICES[name];
  if (exact) return exact;
  let best: string | undefined;
  for (const table of [overrides, BUNDLED_PRICES]) {
    for (const key of Object.keys(table)) {
      if (name.startsWith(key) && (best === undefined || key.length > best.length)) best = key;
    }
    if (best) return table[best];
  }
  return undefined;
}

/** USD for one call. `usage.input_tokens` counts every input token, cache reads/writes included. */
export function costOf(model: string | undefined, usage: Usage | undefined, overrides: Record<string, ModelPrice>): number | undefined {
  if (!model || !usage) return undefined;
  const p = priceFor(model, overrides);
  if (!p) return undefined;
  const input = usage.input_tokens ?? 0;
  const cacheRead = usage.cache_read_input_tokens ?? 0;
  const cacheWrite = usage.cache_creation_input_tokens ?? 0;
  const fresh = Math.max(0, input - cacheRead - cacheWrite);
  const usd = fresh * p.input + cacheRead * (p.cacheRead ?? p.input) + cacheWrite * (p.cacheWrite ?? p.input) +
    (usage.output_tokens ?? 0) * p.output;
  return Math.round(usd * 1e6) / 1e12;
}
