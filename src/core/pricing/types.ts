/** Prices in USD per million tokens. */
export interface ModelPrice {
  input: number;
  output: number;
  /** price of input tokens read from a prompt cache; the input price when absent */
  cacheRead?: number;
  /**
   * Whether the provider's input token count already includes the cache-read tokens
   * (OpenAI, Google, DeepSeek: cached tokens are a part of prompt tokens) or lists them apart
   * (Anthropic: `cache_read_input_tokens` beside `input_tokens`). Default true.
   */
  cacheReadInInput?: boolean;
}

export interface PricingTable {
  /** when the prices were taken (YYYY-MM-DD) */
  date: string;
  /** keyed by model name as providers spell it; looked up through `normalizeModel` */
  models: Record<string, ModelPrice>;
}
