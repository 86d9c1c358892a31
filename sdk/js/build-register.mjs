// Builds the automatic-tracing preload next to the SDK's bundles (run after build.mjs, which
// empties dist/): register.cjs (CommonJS hook, registers the ESM hooks), register-hooks.mjs
// (loader thread) and register-autowrap.mjs (used by the modules the hooks generate).
// `node build-register.mjs [outDir]`; outDir defaults to dist/.
import * as esbuild from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.resolve(process.argv[2] ?? path.join(here, 'dist'));
const src = path.join(here, 'src/register');
const common = { bundle: true, platform: 'node', target: 'node18', logLevel: 'warning' };
await Promise.all([
  esbuild.build({ ...common, entryPoints: [path.join(src, 'index.ts')], format: 'cjs', outfile: path.join(out, 'register.cjs') }),
  esbuild.build({ ...common, entryPoints: [path.join(src, 'hooks.ts')], format: 'esm', outfile: path.join(out, 'register-hooks.mjs') }),
  esbuild.build({ ...common, entryPoints: [path.join(src, 'autowrap.ts')], format: 'esm', outfile: path.join(out, 'register-autowrap.mjs') }),
]);
console.log(`built ${path.relative(process.cwd(), out) || '.'}/register.cjs (+ ESM hooks)`);
