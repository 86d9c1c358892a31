/**
 * Automatic wrapping of LLM client classes, shared by the CommonJS hook (`autotrace.cjs`) and
 * the modules the ESM loader hook generates: a module's exports are given back with its
 * client classes replaced by subclasses whose instances are the SDK's traced proxies.
 * No dependency on the client packages: classes are found by their export names.
 */

/** Package name → the client classes it exports whose instances get traced. */
export const TARGETS: Record<string, { kind: 'openai' | 'anthropic'; classes: string[] }> = {
  openai: { kind: 'openai', classes: ['OpenAI', 'AzureOpenAI'] },
  '@anthropic-ai/sdk': { kind: 'anthropic', classes: ['Anthropic'] },
};

export interface Wrappers {
  wrapOpenAI<T extends object>(client: T): T;
  wrapAnthropic<T extends object>(client: T): T;
}

type Ctor = new (...args: any[]) => object;

/** Shared by every copy of this code in the process (CJS hook and ESM runtime), so a class is traced once. */
const TRACED = Symbol.for('spanscope.autowrap.traced');

function isTraced(v: unknown): boolean {
  return typeof v === 'function' && Object.prototype.hasOwnProperty.call(v, TRACED);
}

/** A subclass of `Original` whose constructor returns the traced client. */
export function traceClass(Original: unknown, wrap: (client: object) => object): unknown {
  if (typeof Original !== 'function' || isTraced(Original) || !Original.prototype) return Original;
  const Base = Original as Ctor;
  const Traced = class extends Base {
    constructor(...args: any[]) {
      super(...args);
      try {
        return wrap(this) as this;
      } catch (err) {
        process.stderr.write(`spanscope: could not wrap ${Base.name}: ${String(err)}\n`);
      }
    }
  };
  Object.defineProperty(Traced, 'name', { value: Base.name });
  Object.defineProperty(Traced, TRACED, { value: true });
  return Traced;
}

const cache = new WeakMap<object, unknown>();

/**
 * The exports of `pkg` with its client classes traced. Works for both shapes the client
 * packages use: the class itself as `module.exports` (statics `OpenAI`, `default` pointing at
 * it), and an exports object (`exports.OpenAI`, `exports.default`). The same input always
 * gives the same output, so `require` keeps returning one object.
 */
export function wrapExports(pkg: string, exports: unknown, sdk: Wrappers): unknown {
  const target = TARGETS[pkg];
  if (!target || exports === null || (typeof exports !== 'object' && typeof exports !== 'function')) return exports;
  const hit = cache.get(exports);
  if (hit !== undefined) return hit;
  const wrap = (c: object): object => (target.kind === 'openai' ? sdk.wrapOpenAI(c) : sdk.wrapAnthropic(c));
  const src = exports as Record<string | symbol, unknown>;
  const traced = new Map<unknown, unknown>();
  const tracedOf = (v: unknown): unknown => {
    if (!traced.has(v)) traced.set(v, traceClass(v, wrap));
    return traced.get(v);
  };
  // A default export is traced only when it is one of the client classes: a factory function
  // turned into a class could no longer be called without `new`.
  const isClient = (v: unknown): boolean =>
    typeof v === 'function' && !!v.prototype && (target.classes.includes(v.name) || target.classes.some((c) => src[c] === v));
  const replaced = (key: string | symbol, v: unknown): boolean =>
    typeof v === 'function' && ((typeof key === 'string' && target.classes.includes(key)) || (key === 'default' && isClient(v)));

  let out: unknown;
  if (typeof exports === 'function') {
    // `module.exports = OpenAI`, with `OpenAI.OpenAI`, `.default`, `.AzureOpenAI` hung on it
    const original: unknown = exports;
    const Main = (isClient(exports) ? tracedOf(exports) : exports) as Record<string | symbol, unknown>;
    if (Main !== original) {
      for (const key of [...target.classes, 'default']) {
        const v = src[key];
        if (!replaced(key, v)) continue;
        Object.defineProperty(Main, key, { value: v === original ? Main : tracedOf(v), writable: true, configurable: true, enumerable: true });
      }
    }
    out = Main;
  } else {
    out = new Proxy(src, {
      get(t, key, receiver) {
        const v = Reflect.get(t, key, receiver);
        if (!replaced(key, v)) return v;
        const d = Reflect.getOwnPropertyDescriptor(t, key);
        // A proxy may not misreport a frozen data property; such an export stays as it is.
        if (d && !d.configurable && 'value' in d && !d.writable) return v;
        // An ES namespace of a CommonJS package whose module.exports is the class: its statics too.
        if (key === 'default' && target.classes.every((c) => src[c] === undefined)) return wrapExports(pkg, v, sdk);
        return tracedOf(v);
      },
    });
  }
  cache.set(exports, out);
  return out;
}
