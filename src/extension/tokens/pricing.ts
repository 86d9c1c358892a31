/**
 * The price table Spanscope estimates with: the bundled one, then the workspace price file
 * (`spanscope.pricingFile`), then the `spanscope.pricing` setting, later layers winning per
 * model. Pure, so the layering is tested without VS Code; pricing-source.ts feeds it.
 */
import { BUNDLED_PRICING, parsePricingTable, pricingWithOverrides, type PricingTable } from '../../core/pricing';

export interface PricingInputs {
  /** the `spanscope.pricing` setting's value (model → price), or undefined */
  setting?: unknown;
  /** the price file, as read: its text, or why it could not be read */
  file?: { path: string; text?: string; error?: string };
}

export interface LayeredPricing {
  table: PricingTable;
  /** one line per problem, naming the file or setting and the model */
  warnings: string[];
  /** whether any user price is in the table */
  user: boolean;
}

export function layerPricing(inputs: PricingInputs): LayeredPricing {
  const warnings: string[] = [];
  const layers: PricingTable[] = [];
  const f = inputs.file;
  if (f) {
    if (f.error !== undefined) warnings.push(`${f.path}: ${f.error}`);
    else if (f.text !== undefined) {
      let value: unknown;
      try {
        value = JSON.parse(f.text) as unknown;
      } catch (err) {
        warnings.push(`${f.path}: not valid JSON (${err instanceof Error ? err.message : String(err)})`);
      }
      if (value !== undefined) {
        const parsed = parsePricingTable(value, f.path);
        warnings.push(...parsed.warnings);
        layers.push(parsed.table);
      }
    }
  }
  const s = inputs.setting;
  if (s !== undefined && s !== null && !(typeof s === 'object' && Object.keys(s).length === 0)) {
    const parsed = parsePricingTable(s, 'setting spanscope.pricing');
    warnings.push(...parsed.warnings);
    layers.push(parsed.table);
  }
  const user = layers.some((t) => Object.keys(t.models).length > 0);
  if (!user) return { table: BUNDLED_PRICING, warnings, user };
  const table = pricingWithOverrides(...layers);
  // The date says how old the bundled prices are; user prices carry no date of their own
  // unless their file states one, and then that one is shown.
  return { table: { ...table, date: table.date || BUNDLED_PRICING.date }, warnings, user };
}
