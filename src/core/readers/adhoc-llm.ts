/**
 * LLM attributes that seed tracers invent outside any convention: TraceForge's `llm.model`,
 * `llm.tokens.input`/`output`, `llm.cost_usd`; TraceLite's `llm.tokens.in`; tracelm's
 * `tokens.in`/`tokens.out`/`cost`. Read after the conventions, so those win.
 */
import type { Span } from '../model';
import { asNumber, asString } from './fields';
import type { AttributeBag } from './otlp-attributes';
import { withTotal } from './usage';

export function applyAdHocLlm(bag: AttributeBag, span: Span): void {
  span.model ??= asString(bag.take('llm.model'));
  const input = asNumber(bag.takeFirst('llm.tokens.input', 'llm.tokens.in', 'tokens.in', 'llm.prompt_tokens'));
  const output = asNumber(bag.takeFirst('llm.tokens.output', 'llm.tokens.out', 'tokens.out', 'llm.completion_tokens'));
  const total = asNumber(bag.take('llm.tokens.total'));
  // A tracer that writes zeros on every step has not measured anything there.
  if (!span.usage && ((input ?? 0) > 0 || (output ?? 0) > 0 || (total ?? 0) > 0)) {
    span.usage = withTotal({ input_tokens: input, output_tokens: output, total_tokens: total });
  }
  const cost = asNumber(bag.takeFirst('llm.cost_usd', 'cost_usd', 'cost'));
  if (span.costUsd === undefined && cost !== undefined && cost > 0) span.costUsd = cost;
}
