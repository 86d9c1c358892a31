// One script builds every bundle: the extension host, the parse worker, the CLI, the webviews.
// The JS SDK has its own build (sdk/js/build.mjs) because it ships as a package of its own.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  absWorkingDir: root,
};

/** Node bundles: extension host, worker, CLI. `vscode` is provided by the host. */
const nodeTargets = [
  { entry: 'src/extension/extension.ts', out: 'extension.js' },
  { entry: 'src/ingest/parseWorker.ts', out: 'worker.js' },
  { entry: 'src/cli/main.ts', out: 'cli.js', banner: '#!/usr/bin/env node' },
];

/** Browser bundles: one per webview app folder with a main.ts. */
const webviewDir = path.join(root, 'webview');
const webviewTargets = fs.existsSync(webviewDir)
  ? fs.readdirSync(webviewDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(webviewDir, d.name, 'main.ts')))
    .map((d) => d.name)
  : [];

const configs = [
  ...nodeTargets.filter((t) => fs.existsSync(path.join(root, t.entry))).map((t) => ({
    ...common,
    entryPoints: [t.entry],
    outfile: path.join(dist, t.out),
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['vscode'],
    banner: t.banner ? { js: t.banner } : undefined,
  })),
  ...webviewTargets.map((name) => ({
    ...common,
    entryPoints: [`webview/${name}/main.ts`],
    outfile: path.join(dist, 'webview', `${name}.js`),
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
  })),
];

// The index's WebAssembly scanner, compiled into a TS module the bundles import.
await import("./build-wasm.mjs").then((m) => m.writeModule());
fs.mkdirSync(dist, { recursive: true });
// sql.js loads its WebAssembly from beside the bundle.
fs.copyFileSync(path.join(root, 'node_modules/sql.js/dist/sql-wasm.wasm'), path.join(dist, 'sql-wasm.wasm'));
// Codicons for the webviews (font + css), served through webview.asWebviewUri.
const codicons = path.join(root, 'node_modules/@vscode/codicons/dist');
fs.mkdirSync(path.join(dist, 'codicons'), { recursive: true });
for (const f of ['codicon.css', 'codicon.ttf']) fs.copyFileSync(path.join(codicons, f), path.join(dist, 'codicons', f));

// The JS SDK ships as a package of its own (ESM, CJS, declarations): its script builds it.
const sdkBuild = path.join(root, 'sdk/js/build.mjs');
if (fs.existsSync(sdkBuild)) {
  const { execFileSync } = await import('node:child_process');
  execFileSync(process.execPath, [sdkBuild], { stdio: 'inherit' });
}

if (watch) {
  const ctxs = await Promise.all(configs.map((c) => esbuild.context(c)));
  await Promise.all(ctxs.map((c) => c.watch()));
  console.log(`watching ${configs.length} bundles`);
} else {
  const t0 = Date.now();
  await Promise.all(configs.map((c) => esbuild.build(c)));
  if (fs.existsSync(path.join(dist, 'cli.js'))) fs.chmodSync(path.join(dist, 'cli.js'), 0o755);
  console.log(`built ${configs.length} bundles in ${Date.now() - t0} ms`);
}
