// Builds the SDK package: ESM and CJS bundles (node built-ins stay external, there are no
// other dependencies) and type declarations from tsc.
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(here, 'dist');
const require = createRequire(import.meta.url);

fs.rmSync(dist, { recursive: true, force: true });
const common = {
  entryPoints: [path.join(here, 'src/index.ts')],
  bundle: true,
  platform: 'node',
  target: 'node18',
  sourcemap: true,
  logLevel: 'warning',
};
await Promise.all([
  esbuild.build({ ...common, format: 'esm', outfile: path.join(dist, 'index.mjs') }),
  esbuild.build({ ...common, format: 'cjs', outfile: path.join(dist, 'index.cjs') }),
]);
// The "Run File with Tracing" preload has its own script; dist/ was just emptied, so rebuild it.
const autotrace = path.join(here, 'build-autotrace.mjs');
if (fs.existsSync(autotrace)) execFileSync(process.execPath, [autotrace, dist], { stdio: 'inherit' });

const tsc = require.resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', path.join(here, 'tsconfig.build.json')], { stdio: 'inherit' });
// Node's ESM resolution (TypeScript's nodenext) wants extensions on relative specifiers.
const typesDir = path.join(dist, 'types');
for (const f of fs.readdirSync(typesDir, { recursive: true })) {
  const file = path.join(typesDir, String(f));
  if (!file.endsWith('.d.ts')) continue;
  const text = fs.readFileSync(file, 'utf8')
    .replace(/(from\s+|import\()(['"])(\.{1,2}\/[^'"]+?)(?<!\.js)\2/g, '$1$2$3.js$2');
  fs.writeFileSync(file, text);
}
// One entry for the types: index.d.ts re-exports the per-file declarations.
for (const entry of ['index.d.ts', 'index.d.mts', 'index.d.cts']) {
  fs.writeFileSync(path.join(dist, entry), "export * from './types/index.js';\n");
}
console.log('built sdk/js/dist (esm, cjs, d.ts)');
