/**
 * OpenInference attributes (Arize Phoenix, LlamaIndex/LangChain instrumentations): span kind,
 * model, token counts, `input.value`/`output.value` with mime types, flattened
 * `llm.input_messages.N.message.*`, retrieval documents, tools, metadata and tags.
 */
import type { Span, Usage } from '../model';
import { asNumber, asObject, asString, asStringArray, maybeJson } from './fields';
import { fromOpenInferenceMessages } from './messages';
import { unflatten, type AttributeBag } from './otlp-attributes';
import { withTotal } from './usage';

/** Fills what OpenInference attributes say into `span`; returns `openinference.span.kind`. */
export function applyOpenInference(bag: AttributeBag, span: Span): string | undefined {
  const kind = asString(bag.take('openinference.span.kind'));
  span.model ??= asString(bag.takeFirst('llm.model_name', 'embedding.model_name', 'reranker.model_name'));
  span.provider ??= asString(bag.takeFirst('llm.provider', 'llm.system'));
  span.usage ??= openInferenceUsage(bag);
  span.costUsd ??= asNumber(bag.take('llm.cost.total'));
  applyIo(bag, span);
  applyMetadata(bag, span);
  return kind;
}

function openInferenceUsage(bag: AttributeBag): Usage | undefined {
  return withTotal({
    input_tokens: asNumber(bag.take('llm.token_count.prompt')),
    output_tokens: asNumber(bag.take('llm.token_count.completion')),
    total_tokens: asNumber(bag.take('llm.token_count.total')),
    cache_read_input_tokens: asNumber(bag.take('llm.token_count.prompt_details.cache_read')),
    reasoning_tokens: asNumber(bag.take('llm.token_count.completion_details.reasoning')),
  });
}

/** `input.value` read by its `input.mime_type`: JSON when it says so (or looks like it). */
function ioValue(bag: AttributeBag, prefix: 'input' | 'output'): unknown {
  const value = bag.take(`${prefix}.value`);
  const mime = asString(bag.take(`${prefix}.mime_type`));
  if (value === undefined) return undefined;
  if (mime === 'text/plain') return value;
  return maybeJson(value);
}

function listAt(bag: AttributeBag, prefix: string): unknown[] | undefined {
  const flat = bag.takePrefix(prefix);
  const v = flat ? unflatten(flat) : undefined;
  return Array.isArray(v) ? v : undefined;
}

function applyIo(bag: AttributeBag, span: Span): void {
  const inValue = ioValue(bag, 'input');
  const outValue = ioValue(bag, 'output');
  const inMessages = fromOpenInferenceMessages(listAt(bag, 'llm.input_messages.'));
  const outMessages = fromOpenInferenceMessages(listAt(bag, 'llm.output_messages.'));
  const tools = listAt(bag, 'llm.tools.');
  const documents = listAt(bag, 'retrieval.documents.');
  const embeddings = listAt(bag, 'embedding.embeddings.');
  const rerankIn = listAt(bag, 'reranker.input_documents.');
  const rerankOut = listAt(bag, 'reranker.output_documents.');
  const query = bag.take('reranker.query');

  const inputs = mergeIo(inValue, {
    messages: inMessages,
    tools: tools?.map((t) => maybeJson(asObject(asObject(t)?.tool)?.json_schema ?? t)),
    texts: embeddings?.map((e) => asObject(asObject(e)?.embedding)?.text),
    query,
    documents: rerankIn?.map(documentOf),
  });
  const outputs = mergeIo(outValue, {
    messages: outMessages,
    documents: (documents ?? rerankOut)?.map(documentOf),
  });
  if (inputs !== undefined) span.inputs = besides(span.inputs, inputs);
  if (outputs !== undefined) span.outputs = besides(span.outputs, outputs);

  const toolName = bag.take('tool.name');
  const toolParams = bag.take('tool.parameters');
  if (toolName !== undefined || toolParams !== undefined) {
    span.inputs ??= { tool: toolName, parameters: maybeJson(toolParams) };
  }
}

/**
 * What GenAI attributes already gave wins; an `input.value` object beside GenAI messages adds
 * its other keys (our exporter writes the messages once, as GenAI, and the rest as input.value).
 */
function besides(existing: unknown, extra: unknown): unknown {
  if (existing === undefined) return extra;
  const a = asObject(existing);
  const b = asObject(extra);
  return a && b ? { ...b, ...a } : existing;
}

function documentOf(d: unknown): unknown {
  const doc = asObject(asObject(d)?.document) ?? asObject(d);
  if (!doc) return d;
  if (typeof doc.metadata === 'string') return { ...doc, metadata: maybeJson(doc.metadata) };
  return doc;
}

/**
 * Structured parts (messages, documents) win; the raw `input.value` is kept beside them as
 * `value` when it is text, or merged when it is an object.
 */
function mergeIo(value: unknown, parts: Record<string, unknown>): unknown {
  let out: Record<string, unknown> | undefined;
  for (const k in parts) {
    if (parts[k] !== undefined) (out ??= {})[k] = parts[k];
  }
  if (!out) return value === undefined ? undefined : asObject(value) ?? { value };
  if (value === undefined) return out;
  const obj = asObject(value);
  return obj ? { ...obj, ...out } : { ...out, value };
}

function applyMetadata(bag: AttributeBag, span: Span): void {
  const meta = asObject(maybeJson(bag.take('metadata')));
  if (meta) span.metadata = { ...meta, ...span.metadata };
  const tags = asStringArray(maybeJson(bag.take('tag.tags')));
  if (tags) span.tags ??= tags;
}
