export type { ModelPrice, PricingTable } from './types';
export { BUNDLED_PRICING } from './bundled';
export { normalizeModel } from './normalize';
export { PriceIndex, costEstimator, estimateCost, priceUsage, type CostEstimate } from './estimate';
export { mergePricing, parsePricingTable, pricingWithOverrides, type PricingParseResult } from './user';
