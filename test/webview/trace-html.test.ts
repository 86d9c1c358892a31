import { describe, expect, it } from 'vitest';
import { makeNonce, traceHtml } from '../../src/extension/panels/trace-html';

describe('trace view HTML', () => {
  const html = traceHtml({
    cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
    nonce: 'abc123',
    scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/trace.js',
    styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/trace-view.css',
    codiconUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/codicons/codicon.css',
    title: 'Trace <script>alert(1)</script>',
  });

  it('has a strict CSP: nonce scripts, no inline, no eval', () => {
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)![1];
    expect(csp).toBe("default-src 'none'; script-src 'nonce-abc123'; style-src https://file+.vscode-resource.vscode-cdn.net; font-src https://file+.vscode-resource.vscode-cdn.net; img-src https://file+.vscode-resource.vscode-cdn.net data:");
    expect(html).not.toMatch(/unsafe-(inline|eval)/);
  });

  it('loads every script from a file with the nonce, and nothing inline', () => {
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts).toHaveLength(1);
    for (const [, attrs, body] of scripts) {
      expect(attrs).toContain('nonce="abc123"');
      expect(attrs).toMatch(/src="https:\/\/[^"]+\/dist\/webview\/trace\.js"/);
      expect(body).toBe('');
    }
    expect(html).not.toMatch(/<style|style="/);
    expect(html).toContain('<title>Trace &lt;script&gt;alert(1)&lt;/script&gt;</title>');
  });

  it('makes fresh, long nonces', () => {
    const a = makeNonce();
    expect(a).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(makeNonce()).not.toBe(a);
  });
});
