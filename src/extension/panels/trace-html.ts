/**
 * The trace view's HTML. Pure (no vscode import) so the browser test serves the very same page
 * under the very same Content-Security-Policy as the panel.
 */

export interface TraceHtmlInput {
  /** webview.cspSource: the origin the webview may load resources from */
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
  codiconUri: string;
  title: string;
  /** extra nonce'd scripts loaded before the app (the browser test's stand-in for VS Code) */
  preludeUris?: string[];
}

export function traceHtml(i: TraceHtmlInput): string {
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${i.nonce}'`,
    `style-src ${i.cspSource}`,
    `font-src ${i.cspSource}`,
    `img-src ${i.cspSource} data:`,
  ].join('; ');
  const prelude = (i.preludeUris ?? []).map((u) => `  <script nonce="${i.nonce}" src="${attr(u)}"></script>\n`).join('');
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${attr(csp)}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" href="${attr(i.codiconUri)}">
  <link rel="stylesheet" href="${attr(i.styleUri)}">
  <title>${text(i.title)}</title>
</head>
<body>
${prelude}  <script nonce="${i.nonce}" src="${attr(i.scriptUri)}"></script>
</body>
</html>
`;
}

/** 32 random alphanumerics from a CSPRNG. */
export function makeNonce(): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = new Uint8Array(32);
  globalThis.crypto.getRandomValues(bytes);
  let s = '';
  for (const b of bytes) s += chars[b % chars.length];
  return s;
}

function attr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function text(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
