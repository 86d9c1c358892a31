/**
 * Read-only documents on the `spanscope-diff:` scheme, holding span values for VS Code's own
 * diff editor. Contents live in memory, the most recent few only: a closed diff editor's
 * documents are asked for again only if the user reopens it from history, and then say so.
 */
import * as vscode from 'vscode';

export const VALUE_SCHEME = 'spanscope-diff';
const KEEP = 200;

export class ValueDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private counter = 0;
  private readonly registration: vscode.Disposable;

  constructor() {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(VALUE_SCHEME, this);
  }

  /**
   * A new document for `text`. `label` becomes the file name shown in the editor tab; the
   * extension picks the language (.json, .md, .txt).
   */
  add(label: string, ext: 'json' | 'md' | 'txt', text: string): vscode.Uri {
    const id = String(++this.counter);
    const safe = label.replace(/[\\/:*?"<>|#%\u0000-\u001f]+/g, '_').slice(0, 80) || 'value';
    const uri = vscode.Uri.from({ scheme: VALUE_SCHEME, path: `/${id}/${safe}.${ext}` });
    this.texts.set(uri.toString(), text);
    if (this.texts.size > KEEP) this.texts.delete(this.texts.keys().next().value as string);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '(this value is no longer held: compare the spans again)\n';
  }

  dispose(): void {
    this.registration.dispose();
    this.texts.clear();
  }
}
