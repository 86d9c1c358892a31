/**
 * A webview panel running one of the bundled webview apps (dist/webview/<app>.js) under the
 * strict CSP of `traceHtml`. Every Spanscope panel is made here, so they share one policy and
 * one set of local resource roots.
 */
import * as vscode from 'vscode';
import { makeNonce, traceHtml } from './trace-html';

export interface AppPanelOptions {
  extensionUri: vscode.Uri;
  viewType: string;
  /** the editor tab's title */
  title: string;
  /** the app's bundle: dist/webview/<app>.js */
  app: 'trace' | 'diff' | 'tokens';
  /** its stylesheet in media/ */
  css: string;
  /** the document's <title> */
  documentTitle: string;
}

export function createAppPanel(o: AppPanelOptions): vscode.WebviewPanel {
  const dist = vscode.Uri.joinPath(o.extensionUri, 'dist');
  const media = vscode.Uri.joinPath(o.extensionUri, 'media');
  // Hidden panels drop their webview; each app asks for a fresh snapshot when shown again.
  const panel = vscode.window.createWebviewPanel(o.viewType, o.title, vscode.ViewColumn.Active, {
    enableScripts: true,
    retainContextWhenHidden: false,
    localResourceRoots: [dist, media],
  });
  const webview = panel.webview;
  webview.html = traceHtml({
    cspSource: webview.cspSource,
    nonce: makeNonce(),
    scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview', `${o.app}.js`)).toString(),
    styleUri: webview.asWebviewUri(vscode.Uri.joinPath(media, o.css)).toString(),
    codiconUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'codicons', 'codicon.css')).toString(),
    title: o.documentTitle,
  });
  return panel;
}
