/**
 * One webview app in a real browser: its bundle (same esbuild settings as scripts/build.mjs),
 * the stand-in for VS Code, its stylesheet and codicons, served under the HTML and CSP its
 * panel serves. Used by the diff and tokens view browser tests.
 */
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { makeNonce, traceHtml } from '../../../src/extension/panels/trace-html';

export { chromiumPath, CHROMIUM } from '../../webview/harness/site';

const root = path.resolve(__dirname, '../../..');
const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.ttf': 'font/ttf', '.map': 'application/json',
};

export interface AppSite {
  url: string;
  close(): Promise<void>;
}

/** Builds `webview/<app>/main.ts` and serves it with `media/<css>`. */
export async function serveApp(dir: string, app: string, css: string): Promise<AppSite> {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'media'), { recursive: true });
  const common = { bundle: true, sourcemap: true, platform: 'browser', target: 'es2022', format: 'iife', logLevel: 'warning', absWorkingDir: root } as const;
  await Promise.all([
    esbuild.build({ ...common, entryPoints: [`webview/${app}/main.ts`], outfile: path.join(dir, `dist/webview/${app}.js`) }),
    esbuild.build({ ...common, entryPoints: ['test/compare/harness/prelude.ts'], outfile: path.join(dir, 'harness.js') }),
  ]);
  fs.copyFileSync(path.join(root, 'media', css), path.join(dir, 'media', css));
  const codicons = path.join(root, 'node_modules/@vscode/codicons/dist');
  fs.mkdirSync(path.join(dir, 'dist/codicons'), { recursive: true });
  for (const f of ['codicon.css', 'codicon.ttf']) fs.copyFileSync(path.join(codicons, f), path.join(dir, 'dist/codicons', f));

  let origin = '';
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(traceHtml({
        cspSource: origin, nonce: makeNonce(), title: app,
        scriptUri: `${origin}/dist/webview/${app}.js`, styleUri: `${origin}/media/${css}`,
        codiconUri: `${origin}/dist/codicons/codicon.css`, preludeUris: [`${origin}/harness.js`],
      }));
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
  return { url: `${origin}/`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
