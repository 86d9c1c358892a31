/**
 * Costs for the diff and tokens views. The shared formatCost writes sub-cent amounts with two
 * significant digits, which for embedding calls turns into exponent notation ("$2.4e-7"); here
 * they stay decimal ("$0.00000024"), as people read prices.
 */
import { formatCost } from '../shared/format';

export function formatUsd(usd: number): string {
  if (!Number.isFinite(usd) || usd === 0) return formatCost(usd);
  const a = Math.abs(usd);
  if (a >= 0.01) return formatCost(usd);
  const digits = Math.min(12, 1 - Math.floor(Math.log10(a)));
  return `${usd < 0 ? '-' : ''}$${a.toFixed(digits).replace(/(\.\d*?[1-9])0+$/, '$1')}`;
}
