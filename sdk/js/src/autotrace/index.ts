/**
 * `node --require <sdk>/dist/autotrace.cjs app.js` (what "Run File with Tracing" puts in
 * NODE_OPTIONS): the OpenAI and Anthropic clients the program creates are traced, with no
 * change to its code. CommonJS `require` is hooked here; ES module imports by the loader
 * hooks of `autotrace-hooks.mjs`, registered from here (Node ≥ 18.19 / 20.6, where
 * `module.register` exists; older versions trace CommonJS programs only).
 */
import Module from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TARGETS, wrapExports, type Wrappers } from './autowrap';

const here = __dirname;

type Load = (request: string, parent: { filename?: string | null } | null | undefined, isMain: boolean) => unknown;
const M = Module as unknown as { _load: Load; register?: (specifier: string, parentURL: string, options: object) => void };

let warned = false;
function warnOnce(message: string): void {
  if (warned) return;
  warned = true;
  process.stderr.write(`spanscope: ${message}\n`);
}

const sdks = new Map<string, Wrappers>();
/**
 * The SDK as the importing module would resolve `spanscope` (its own copy in node_modules),
 * so the LLM spans are children of the program's own spans; the bundled copy otherwise.
 */
function sdkFor(parentFile: string | null | undefined): Wrappers {
  const dir = parentFile ? path.dirname(parentFile) : process.cwd();
  let file = path.join(here, 'index.cjs');
  try {
    file = require.resolve('spanscope', { paths: [dir] });
  } catch {
    // not installed next to the program: the bundled SDK writes the spans
  }
  let sdk = sdks.get(file);
  if (!sdk) sdks.set(file, (sdk = require(file) as Wrappers));
  return sdk;
}

const load = M._load;
M._load = function (this: unknown, request: string, parent, isMain) {
  const exports = load.call(this, request, parent, isMain);
  if (!Object.prototype.hasOwnProperty.call(TARGETS, request)) return exports;
  try {
    return wrapExports(request, exports, sdkFor(parent?.filename));
  } catch (err) {
    warnOnce(`could not trace ${request} clients: ${String(err)}`);
    return exports;
  }
};

if (typeof M.register === 'function') {
  try {
    M.register(pathToFileURL(path.join(here, 'autotrace-hooks.mjs')).href, pathToFileURL(__filename).href, {
      data: {
        bundled: pathToFileURL(path.join(here, 'index.mjs')).href,
        runtime: pathToFileURL(path.join(here, 'autotrace-runtime.mjs')).href,
      },
    });
  } catch (err) {
    warnOnce(`ES module imports of LLM clients are not traced: ${String(err)}`);
  }
}
