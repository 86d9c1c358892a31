/**
 * Token usage from the shapes tracers write: ours and Anthropic's (`input_tokens`, ...),
 * OpenAI's (`prompt_tokens`, `completion_tokens`, `*_tokens_details`), LangChain's
 * `usage_metadata` (`input_token_details.cache_read`, `output_token_details.reasoning`).
 */
import type { Usage } from '../model';
import { asNumber, asObject, compact, firstOf } from './fields';

export function normalizeUsage(raw: unknown): Usage | undefined {
  const u = asObject(raw);
  if (!u) return undefined;
  const inDetails = asObject(firstOf(u.input_token_details, u.prompt_tokens_details, u.input_tokens_details));
  const outDetails = asObject(firstOf(u.output_token_details, u.completion_tokens_details, u.output_tokens_details));
  const usage: Usage = {
    input_tokens: asNumber(firstOf(u.input_tokens, u.prompt_tokens)),
    output_tokens: asNumber(firstOf(u.output_tokens, u.completion_tokens)),
    total_tokens: asNumber(u.total_tokens),
    cache_read_input_tokens: asNumber(
      firstOf(u.cache_read_input_tokens, u.cache_read_tokens, inDetails?.cache_read, inDetails?.cached_tokens),
    ),
    reasoning_tokens: asNumber(firstOf(u.reasoning_tokens, outDetails?.reasoning, outDetails?.reasoning_tokens)),
  };
  return withTotal(usage);
}

/** Fills `total_tokens` from input + output when absent; undefined when there is no count at all. */
export function withTotal(usage: Usage): Usage | undefined {
  if (usage.total_tokens === undefined && (usage.input_tokens !== undefined || usage.output_tokens !== undefined)) {
    usage.total_tokens = (usage.input_tokens ?? 0) + (usage.output_tokens ?? 0);
  }
  return compact(usage);
}
