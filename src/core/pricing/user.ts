/**
 * User price tables (the `spanscope.pricing` setting or a workspace file) layered over the
 * bundled one. Bad entries are reported by name and skipped; the good ones still apply.
 */
import { BUNDLED_PRICING } from './bundled';
import { normalizeModel } from './normalize';
import type { ModelPrice, PricingTable } from './types';

export interface PricingParseResult {
  table: PricingTable;
  warnings: string[];
}

/**
 * Accepts `{ "date"?: "...", "models": { name: price } }` or a bare `{ name: price }` map,
 * where a price is `{ "input", "output", "cacheRead"?, "cacheReadInInput"? }` in USD per
 * million tokens. `source` names the file or setting in messages.
 */
export function parsePricingTable(value: unknown, source: string): PricingParseResult {
  const warnings: string[] = [];
  if (!isObject(value)) {
    return { table: { date: '', models: {} }, warnings: [`${source}: expected an object of model prices`] };
  }
  const hasModels = isObject(value.models);
  const entries = hasModels ? (value.models as Record<string, unknown>) : value;
  const date = hasModels && typeof value.date === 'string' ? value.date : '';
  const models: Record<string, ModelPrice> = {};
  for (const [name, raw] of Object.entries(entries)) {
    if (!hasModels && name === 'date') continue;
    const price = parsePrice(raw);
    if (typeof price === 'string') warnings.push(`${source}: model "${name}": ${price}`);
    else models[name] = price;
  }
  return { table: { date, models }, warnings };
}

function parsePrice(raw: unknown): ModelPrice | string {
  if (!isObject(raw)) return 'expected an object like {"input": 2.5, "output": 10}';
  const input = raw.input;
  const output = raw.output;
  if (!isPrice(input)) return '"input" must be a non-negative number (USD per million tokens)';
  if (!isPrice(output)) return '"output" must be a non-negative number (USD per million tokens)';
  const price: ModelPrice = { input, output };
  if (raw.cacheRead !== undefined) {
    if (!isPrice(raw.cacheRead)) return '"cacheRead" must be a non-negative number (USD per million tokens)';
    price.cacheRead = raw.cacheRead;
  }
  if (raw.cacheReadInInput !== undefined) {
    if (typeof raw.cacheReadInInput !== 'boolean') return '"cacheReadInInput" must be true or false';
    price.cacheReadInInput = raw.cacheReadInInput;
  }
  return price;
}

/**
 * Later tables win per model. A user entry replaces the bundled entry with the same
 * normalized name, so "openai/gpt-4o" in a user table overrides the bundled "gpt-4o".
 */
export function mergePricing(...tables: PricingTable[]): PricingTable {
  const byName = new Map<string, [string, ModelPrice]>();
  let date = '';
  for (const t of tables) {
    for (const [key, price] of Object.entries(t.models)) byName.set(normalizeModel(key), [key, price]);
    if (t.date) date = t.date;
  }
  const models: Record<string, ModelPrice> = {};
  for (const [key, price] of byName.values()) models[key] = price;
  return { date, models };
}

/** The bundled table with user tables layered on top, in order. */
export function pricingWithOverrides(...overrides: PricingTable[]): PricingTable {
  return mergePricing(BUNDLED_PRICING, ...overrides);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isPrice(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0;
}
