/**
 * One span type from the many vocabularies tracers use: our own `span_type`, LangSmith's
 * `run_type`, OpenInference's `openinference.span.kind`, the OTel GenAI `gen_ai.operation.name`,
 * and, when none of them is present, hints from the span's name and attributes.
 */
import type { SpanType } from '../model';

/** Every label any supported vocabulary uses, lower-cased. */
const LABELS: Record<string, SpanType> = {
  // ours, LangSmith run_type, OpenInference span kinds (upper-case in the source)
  chain: 'chain', llm: 'llm', retriever: 'retriever', tool: 'tool', embedding: 'embedding',
  agent: 'agent', reranker: 'reranker', guardrail: 'guardrail', evaluator: 'evaluator',
  custom: 'custom',
  prompt: 'chain', parser: 'chain',
  // OTel GenAI operation names
  chat: 'llm', text_completion: 'llm', generate_content: 'llm', completion: 'llm',
  embeddings: 'embedding', execute_tool: 'tool', create_agent: 'agent', invoke_agent: 'agent',
  invoke_workflow: 'chain', retrieval: 'retriever', rerank: 'reranker',
};

/** The span type a label names in any known vocabulary, or undefined (e.g. OpenInference UNKNOWN). */
export function spanTypeFromLabel(label: unknown): SpanType | undefined {
  if (typeof label !== 'string' || label.length === 0) return undefined;
  return LABELS[label] ?? LABELS[label.toLowerCase()];
}

export interface SpanTypeHints {
  /** native `span_type` */
  spanType?: unknown;
  /** LangSmith `run_type` */
  runType?: unknown;
  /** `openinference.span.kind` */
  openInferenceKind?: unknown;
  /** `gen_ai.operation.name` */
  genAiOperation?: unknown;
  name?: string;
  /** a model name on the span makes it an LLM call when nothing more explicit says otherwise */
  model?: string;
  /** token usage recorded on the span */
  hasTokens?: boolean;
}

/** Name fragments, checked in order: the first that occurs in the lower-cased name wins. */
const NAME_HINTS: ReadonlyArray<readonly [string, SpanType]> = [
  ['rerank', 'reranker'],
  ['embed', 'embedding'],
  ['retriev', 'retriever'],
  ['vector_search', 'retriever'],
  ['guardrail', 'guardrail'],
  ['evaluat', 'evaluator'],
  ['agent', 'agent'],
  ['tool', 'tool'],
  ['llm', 'llm'],
  ['chat', 'llm'],
  ['completion', 'llm'],
  ['generate', 'llm'],
];

export function inferSpanType(h: SpanTypeHints): SpanType {
  const declared =
    spanTypeFromLabel(h.spanType) ??
    spanTypeFromLabel(h.runType) ??
    spanTypeFromLabel(h.openInferenceKind) ??
    spanTypeFromLabel(h.genAiOperation);
  if (declared) return declared;
  const byName = h.name ? spanTypeFromName(h.name) : undefined;
  // Embedding and reranking calls name a model too; the name tells them from chat calls.
  if (h.model) return byName === 'embedding' || byName === 'reranker' ? byName : 'llm';
  if (byName) return byName;
  return h.hasTokens ? 'llm' : 'custom';
}

export function spanTypeFromName(name: string): SpanType | undefined {
  const lower = name.toLowerCase();
  for (const [fragment, type] of NAME_HINTS) {
    if (lower.includes(fragment)) return type;
  }
  return undefined;
}
