/**
 * LangSmith run fields, read beside our own where the native format has none of its own:
 * model and provider in `extra.metadata` / `extra.invocation_params`, token counts in the run
 * itself, in `outputs.usage_metadata` or in `outputs.llm_output`, `total_cost`, `extra.metadata`.
 */
import type { Usage } from '../model';
import { asNumber, asObject, asString, firstOf, type JsonObject } from './fields';
import { normalizeUsage, withTotal } from './usage';

export function runModel(rec: JsonObject): string | undefined {
  const extra = asObject(rec.extra);
  const meta = asObject(extra?.metadata) ?? asObject(rec.metadata);
  const params = asObject(extra?.invocation_params);
  return (
    asString(rec.model) ??
    asString(meta?.ls_model_name) ??
    asString(params?.model) ??
    asString(params?.model_name)
  );
}

export function runProvider(rec: JsonObject): string | undefined {
  const meta = asObject(asObject(rec.extra)?.metadata) ?? asObject(rec.metadata);
  return asString(rec.provider) ?? asString(meta?.ls_provider);
}

/**
 * LangSmith puts run-level `prompt_tokens`/`total_cost` on every run, summed over children for
 * chains; those are taken only for LLM runs so a chain never counts its children's tokens as
 * its own.
 */
export function runUsage(rec: JsonObject, isLlm: boolean): Usage | undefined {
  const direct = normalizeUsage(rec.usage);
  if (direct) return direct;
  const outputs = asObject(rec.outputs);
  if (outputs) {
    const llmOutput = asObject(outputs.llm_output);
    const fromOutputs = normalizeUsage(
      firstOf(outputs.usage_metadata, outputs.usage, llmOutput?.token_usage, llmOutput?.usage),
    );
    if (fromOutputs) return fromOutputs;
  }
  if (!isLlm) return undefined;
  return withTotal({
    input_tokens: asNumber(rec.prompt_tokens),
    output_tokens: asNumber(rec.completion_tokens),
    total_tokens: asNumber(rec.total_tokens),
  });
}

export function runCost(rec: JsonObject, isLlm: boolean): number | undefined {
  return asNumber(rec.cost_usd) ?? (isLlm ? asNumber(rec.total_cost) : undefined);
}

export function runMetadata(rec: JsonObject): Record<string, unknown> | undefined {
  return asObject(rec.metadata) ?? asObject(asObject(rec.extra)?.metadata);
}
