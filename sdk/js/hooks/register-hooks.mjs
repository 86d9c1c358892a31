// Loader hooks installed by register.cjs. `import ... from 'openai'` (or '@anthropic-ai/sdk')
// resolves to a generated module that re-exports the package with its client classes wrapped
// by register.cjs's wrapExports (reached through a global, as hooks run on another thread).
/** each package's client classes, re-exported wrapped; everything else passes through */
const CLIENTS = { openai: ['OpenAI', 'AzureOpenAI'], '@anthropic-ai/sdk': ['Anthropic'] };
const PACKAGES = new Set(Object.keys(CLIENTS));
const PREFIX = 'spanscope-wrap:';

export async function resolve(specifier, context, next) {
  if (PACKAGES.has(specifier) && !context.parentURL?.startsWith(PREFIX)) {
    const real = await next(specifier, context);
    return { url: `${PREFIX}${encodeURIComponent(specifier)}?${encodeURIComponent(real.url)}`, shortCircuit: true };
  }
  return next(specifier, context);
}

export async function load(url, context, next) {
  if (!url.startsWith(PREFIX)) return next(url, context);
  const [pkg, real] = url.slice(PREFIX.length).split('?').map(decodeURIComponent);
  const names = CLIENTS[pkg] ?? [];
  const source = `
import * as original from ${JSON.stringify(real)};
const wrap = globalThis[Symbol.for('spanscope.register.wrapExports')];
const wrapped = wrap ? wrap(${JSON.stringify(pkg)}, original) : original;
export * from ${JSON.stringify(real)};
export default wrapped.default;
${names.map((n) => `export const ${n} = wrapped[${JSON.stringify(n)}];`).join('\n')}
`;
  return { format: 'module', source, shortCircuit: true };
}
