/**
 * One spelling per model, so that what a tracer records ("openai/gpt-4o-2024-08-06",
 * "us.anthropic.claude-3-5-sonnet-20241022-v2:0", "models/gemini-2.5-flash-preview-05-20",
 * "claude-sonnet-4@20250514") finds the table's entry. Table keys go through the same
 * function, so either spelling works on both sides. Variants such as "-Instruct-Turbo" are
 * left alone here and matched by prefix in the lookup.
 */

const REGION = /^(us|eu|apac|au|jp|ca|global)\./;
const VENDOR = /^(anthropic|meta|mistral|amazon|cohere|deepseek|qwen|openai|google|ai21|writer)\./;
const TRAILING = [
  /@.*$/, // Vertex AI version pins
  /:\d+$/, // Bedrock revision
  /-v\d+$/, // Bedrock model version
  /-\d{4}-\d{2}-\d{2}$/, // OpenAI dated snapshots
  /-\d{8}$/, // Anthropic dated snapshots
  /-(preview|exp)(-\d{2}-\d{2}|-\d+)?$/, // Google previews
  /-latest$/,
  /-\d{3,4}$/, // -0613, -2411, -002 revisions
];

export function normalizeModel(name: string): string {
  let s = name.trim().toLowerCase();
  const slash = s.lastIndexOf('/');
  if (slash >= 0) s = s.slice(slash + 1);
  s = s.replace(REGION, '').replace(VENDOR, '');
  // "llama3" and "llama-3", "3.5" and "3-5", "sonnet 4" and "sonnet-4" name the same thing
  s = s.replace(/^llama(\d)/, 'llama-$1');
  s = s.replace(/[\s_.]+/g, '-');
  for (let changed = true; changed; ) {
    changed = false;
    for (const re of TRAILING) {
      const next = s.replace(re, '');
      if (next !== s && next.length > 0) {
        s = next;
        changed = true;
      }
    }
  }
  return s;
}
