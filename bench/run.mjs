// Runs every benchmark, one after another: bench/*.bench.ts bundled with esbuild into
// bench/out/ and run with node, then bench/*.bench.py with python3. Each prints its own figures.
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(benchDir, '..');
const out = path.join(benchDir, 'out');
const only = process.argv.slice(2);
fs.mkdirSync(out, { recursive: true });
// sql.js loads its WebAssembly from beside the bundle, as in dist/.
fs.copyFileSync(path.join(root, 'node_modules/sql.js/dist/sql-wasm.wasm'), path.join(out, 'sql-wasm.wasm'));

const pick = (suffix) => fs.readdirSync(benchDir)
  .filter((f) => f.endsWith(suffix) && (only.length === 0 || only.some((o) => f.includes(o))))
  .sort();

const failed = [];
for (const file of pick('.bench.ts')) {
  const outfile = path.join(out, file.replace(/\.ts$/, '.js'));
  await esbuild.build({
    entryPoints: [path.join(benchDir, file)],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: true,
    external: ['vscode', 'playwright-core'],
    logLevel: 'error',
    absWorkingDir: root,
  });
  console.log(`\n=== ${file} ===`);
  const r = spawnSync(process.execPath, ['--enable-source-maps', outfile], { stdio: 'inherit', cwd: root });
  if (r.status !== 0) failed.push(file);
}
for (const file of pick('.bench.py')) {
  console.log(`\n=== ${file} ===`);
  const r = spawnSync('python3', [path.join(benchDir, file)], { stdio: 'inherit', cwd: root });
  if (r.status !== 0) failed.push(file);
}
if (failed.length > 0) {
  console.error(`\nbenchmarks that failed: ${failed.join(', ')}`);
  process.exit(1);
}
