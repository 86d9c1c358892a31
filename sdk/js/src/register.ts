/**
 * Preload for "Run File with Tracing": `node --require spanscope/dist/register.cjs app.js`.
 * Traces the LLM clients the program uses without a code change: instances of the `openai`
 * and `@anthropic-ai/sdk` client classes come out wrapped (wrapOpenAI / wrapAnthropic), for
 * `require` (a hook on Module._load) and for `import` (module.register loader hooks that put
 * a small re-exporting module in front of the client package). Configuration comes from the
 * environment (SPANSCOPE_FILE, SPANSCOPE_SERVICE, ...).
 */
import Module from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

// The package's own CommonJS build, loaded rather than bundled: one copy less in memory
// (copies share one tracer anyway, see tracer.ts).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const sdk = require('./index.cjs') as typeof import('./index');

type AnyClass = new (...args: unknown[]) => object;

const PACKAGES: Record<string, (client: object) => object> = {
  openai: (c) => sdk.wrapOpenAI(c),
  '@anthropic-ai/sdk': (c) => sdk.wrapAnthropic(c),
};
const CLIENT_EXPORTS = ['default', 'OpenAI', 'AzureOpenAI', 'Anthropic', 'AnthropicBedrock', 'AnthropicVertex'];

const wrappedClasses = new WeakMap<object, object>();

/** The class, constructing wrapped clients; statics and `instanceof` behave as before. */
function wrapClass(cls: AnyClass, wrap: (client: object) => object): AnyClass {
  let w = wrappedClasses.get(cls) as AnyClass | undefined;
  if (!w) {
    w = new Proxy(cls, { construct: (target, args, newTarget) => wrap(Reflect.construct(target, args, newTarget)) });
    wrappedClasses.set(cls, w);
    wrappedClasses.set(w, w);
  }
  return w;
}

/** A copy of a client package's exports with its client classes wrapped. */
export function wrapExports(pkg: string, exports: Record<string, unknown>): Record<string, unknown> {
  const wrap = PACKAGES[pkg];
  if (!wrap || exports === null || (typeof exports !== 'object' && typeof exports !== 'function')) return exports;
  const replace = (v: unknown): unknown => (typeof v === 'function' && v.prototype ? wrapClass(v as AnyClass, wrap) : v);
  const get = (t: object, k: string | symbol, r: unknown): unknown =>
    (typeof k === 'string' && CLIENT_EXPORTS.includes(k) ? replace(Reflect.get(t, k, r)) : Reflect.get(t, k, r));
  if (typeof exports === 'function') {
    // CommonJS `module.exports = OpenAI`, with the named exports hung on the class itself.
    const cls = exports as unknown as AnyClass;
    const handler: ProxyHandler<AnyClass> = { construct: (target, args, newTarget) => wrap(Reflect.construct(target, args, newTarget)), get };
    return new Proxy(cls, handler) as unknown as Record<string, unknown>;
  }
  return new Proxy<Record<string, unknown>>(exports, { get });
}

const GLOBAL_KEY = Symbol.for('spanscope.register.wrapExports');
(globalThis as Record<symbol, unknown>)[GLOBAL_KEY] = wrapExports;

// CommonJS: wrap on the way out of Module._load.
const M = Module as unknown as { _load: (request: string, parent: unknown, isMain: boolean) => unknown };
const load = M._load;
M._load = function (request: string, parent: unknown, isMain: boolean) {
  const exports = load.call(this, request, parent, isMain);
  return request in PACKAGES ? wrapExports(request, exports as Record<string, unknown>) : exports;
};

// ES modules: loader hooks (Node ≥ 20.6) put a re-exporting module in front of the package.
const register = (Module as unknown as { register?: (specifier: string, parentURL: string) => void }).register;
if (typeof register === 'function') {
  try {
    register(pathToFileURL(path.join(__dirname, 'register-hooks.mjs')).href, pathToFileURL(__filename).href);
  } catch {
    // An older Node without working hooks: `require` is still covered.
  }
}
