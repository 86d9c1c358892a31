/**
 * OpenLLMetry (Traceloop) attributes, which sit beside the deprecated GenAI names it writes:
 * `traceloop.span.kind` (workflow, task, agent, tool), `traceloop.entity.input`/`output`
 * (JSON), `llm.request.type` and `llm.usage.total_tokens`.
 */
import type { Span, SpanType } from '../model';
import { asNumber, asObject, asString, maybeJson } from './fields';
import type { AttributeBag } from './otlp-attributes';

const KINDS: Record<string, SpanType> = { workflow: 'chain', task: 'chain', agent: 'agent', tool: 'tool' };
const REQUEST_TYPES: Record<string, SpanType> = { chat: 'llm', completion: 'llm', embedding: 'embedding', rerank: 'reranker' };

/** Fills inputs/outputs and total tokens; returns the span type these attributes name. */
export function applyTraceloop(bag: AttributeBag, span: Span): SpanType | undefined {
  const kind = KINDS[asString(bag.take('traceloop.span.kind')) ?? ''];
  const requestType = REQUEST_TYPES[asString(bag.take('llm.request.type')) ?? ''];
  const input = bag.take('traceloop.entity.input');
  const output = bag.take('traceloop.entity.output');
  if (input !== undefined) span.inputs ??= entityValue(input);
  if (output !== undefined) span.outputs ??= entityValue(output);
  const total = asNumber(bag.take('llm.usage.total_tokens'));
  if (total !== undefined && span.usage && span.usage.total_tokens === undefined) span.usage.total_tokens = total;
  else if (total !== undefined && !span.usage) span.usage = { total_tokens: total };
  return requestType ?? kind;
}

/** `{"inputs": {...}}` / `{"outputs": {...}}` wrappers are unwrapped; other JSON is kept as it is. */
function entityValue(raw: unknown): unknown {
  const v = maybeJson(raw);
  const o = asObject(v);
  if (o && Object.keys(o).length === 1) {
    const inner = asObject(o.inputs) ?? asObject(o.outputs);
    if (inner) return inner;
  }
  return o ?? { value: v };
}
