/**
 * ES module loader hooks (registered by `autotrace.cjs`): an import of `openai` or
 * `@anthropic-ai/sdk` resolves to a generated module that re-exports the package with its
 * client classes traced (`autotrace-runtime.mjs`). Runs on Node's loader thread: it only
 * rewrites URLs and writes source text.
 */
import { TARGETS } from './autowrap';

interface Data { bundled: string; runtime: string }
interface ResolveResult { url: string; format?: string | null; shortCircuit?: boolean }
interface ResolveContext { parentURL?: string; conditions?: string[]; importAttributes?: Record<string, string> }
type NextResolve = (specifier: string, context?: ResolveContext) => Promise<ResolveResult>;
interface LoadResult { format: string; source?: string | ArrayBuffer | Uint8Array | null; shortCircuit?: boolean }
type NextLoad = (url: string, context?: object) => Promise<LoadResult>;

const PARAM = 'spanscope-autowrap';
let data: Data | undefined;

export function initialize(d: Data): void {
  data = d;
}

export async function resolve(specifier: string, context: ResolveContext, next: NextResolve): Promise<ResolveResult> {
  const r = await next(specifier, context);
  if (!data || !Object.prototype.hasOwnProperty.call(TARGETS, specifier) || !r.url.startsWith('file:')) return r;
  // The program's own `spanscope`, if it has one, so LLM spans nest under its spans.
  let sdk = data.bundled;
  try {
    sdk = (await next('spanscope', context)).url;
  } catch {
    // not installed: the bundled SDK
  }
  const url = new URL(r.url);
  url.searchParams.set(PARAM, specifier);
  url.searchParams.set('sdk', sdk);
  return { url: url.href, format: 'module', shortCircuit: true };
}

export async function load(url: string, context: object, next: NextLoad): Promise<LoadResult> {
  if (!data || !url.startsWith('file:') || !url.includes(PARAM)) return next(url, context);
  const u = new URL(url);
  const pkg = u.searchParams.get(PARAM);
  const sdk = u.searchParams.get('sdk');
  const target = pkg ? TARGETS[pkg] : undefined;
  if (!pkg || !sdk || !target) return next(url, context);
  u.searchParams.delete(PARAM);
  u.searchParams.delete('sdk');
  const orig = JSON.stringify(u.href);
  const names = target.classes;
  const source = [
    `import * as orig from ${orig};`,
    `import * as sdk from ${JSON.stringify(sdk)};`,
    `import { wrapExports } from ${JSON.stringify(data.runtime)};`,
    `export * from ${orig};`,
    `const w = wrapExports(${JSON.stringify(pkg)}, orig, sdk);`,
    ...names.map((n) => `export const ${n} = w.${n};`),
    'export default w.default;',
    '',
  ].join('\n');
  return { format: 'module', source, shortCircuit: true };
}
