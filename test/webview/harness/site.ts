/**
 * Builds the trace view page for a real browser: the webview bundle (same esbuild settings as
 * scripts/build.mjs), the stand-in for VS Code, the stylesheet and codicons, and the HTML the
 * panel itself serves (same CSP), on a local HTTP server. Used by the browser test and the
 * benchmark.
 */
import type * as Esbuild from 'esbuild';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { makeNonce, traceHtml } from '../../../src/extension/panels/trace-html';

export const CHROMIUM = process.env.SPANSCOPE_CHROMIUM ?? '/usr/bin/chromium';
/** The repository root, found from here or the working directory (bundled copies live elsewhere). */
function findRoot(): string {
  for (const start of [__dirname, process.cwd()]) {
    for (let d = start; ; d = path.dirname(d)) {
      if (fs.existsSync(path.join(d, 'webview/trace/main.ts')) && fs.existsSync(path.join(d, 'package.json'))) return d;
      if (path.dirname(d) === d) break;
    }
  }
  throw new Error('cannot find the Spanscope repository (webview/trace/main.ts) from here or the working directory');
}

const root = findRoot();

export function chromiumPath(): string | undefined {
  return fs.existsSync(CHROMIUM) ? CHROMIUM : undefined;
}

export interface Site {
  url: string;
  dir: string;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.ttf': 'font/ttf',
  '.map': 'application/json',
};

export async function buildSite(dir: string): Promise<void> {
  // Loaded from the repository at run time: esbuild's API cannot itself be bundled, and the
  // benchmark runner bundles this file.
  const esbuild = createRequire(path.join(root, 'package.json'))('esbuild') as typeof Esbuild;
  fs.mkdirSync(dir, { recursive: true });
  const common = { bundle: true, sourcemap: true, platform: 'browser', target: 'es2022', format: 'iife', logLevel: 'warning', absWorkingDir: root } as const;
  await Promise.all([
    esbuild.build({ ...common, entryPoints: ['webview/trace/main.ts'], outfile: path.join(dir, 'dist/webview/trace.js') }),
    esbuild.build({ ...common, entryPoints: ['test/webview/harness/harness-main.ts'], outfile: path.join(dir, 'harness.js') }),
  ]);
  fs.mkdirSync(path.join(dir, 'media'), { recursive: true });
  fs.copyFileSync(path.join(root, 'media/trace-view.css'), path.join(dir, 'media/trace-view.css'));
  const codicons = path.join(root, 'node_modules/@vscode/codicons/dist');
  fs.mkdirSync(path.join(dir, 'dist/codicons'), { recursive: true });
  for (const f of ['codicon.css', 'codicon.ttf']) fs.copyFileSync(path.join(codicons, f), path.join(dir, 'dist/codicons', f));
}

/** Serves `dir` on 127.0.0.1; index.html is the panel's HTML with the harness loaded first. */
export async function serveSite(dir: string): Promise<Site> {
  let origin = '';
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/' || url.pathname === '/index.html') {
      const html = traceHtml({
        cspSource: origin,
        nonce: makeNonce(),
        scriptUri: `${origin}/dist/webview/trace.js`,
        styleUri: `${origin}/media/trace-view.css`,
        codiconUri: `${origin}/dist/codicons/codicon.css`,
        title: 'Trace',
        preludeUris: [`${origin}/harness.js`],
      });
      res.writeHead(200, { 'content-type': TYPES['.html'] });
      res.end(html);
      return;
    }
    const file = path.join(dir, path.normalize(url.pathname).replace(/^([/\\])+/, ''));
    if (!file.startsWith(dir) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404);
      res.end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${origin}/`,
    dir,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
