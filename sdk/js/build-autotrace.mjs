// Builds the automatic-tracing preload of "Run File with Tracing" next to the SDK's bundles
// (run after build.mjs, which empties dist/): autotrace.cjs (CommonJS hook; registers the ESM
// hooks), autotrace-hooks.mjs (loader thread) and autotrace-runtime.mjs (imported by the
// modules the hooks generate). `node build-autotrace.mjs [outDir]`; outDir defaults to dist/.
import * as esbuild from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.resolve(process.argv[2] ?? path.join(here, 'dist'));
const src = path.join(here, 'src/autotrace');
const common = { bundle: true, platform: 'node', target: 'node18', logLevel: 'warning' };
await Promise.all([
  esbuild.build({ ...common, entryPoints: [path.join(src, 'index.ts')], format: 'cjs', outfile: path.join(out, 'autotrace.cjs') }),
  esbuild.build({ ...common, entryPoints: [path.join(src, 'hooks.ts')], format: 'esm', outfile: path.join(out, 'autotrace-hooks.mjs') }),
  esbuild.build({ ...common, entryPoints: [path.join(src, 'autowrap.ts')], format: 'esm', outfile: path.join(out, 'autotrace-runtime.mjs') }),
]);
console.log(`built ${path.relative(process.cwd(), out) || '.'}/autotrace.cjs (+ ESM hooks)`);
