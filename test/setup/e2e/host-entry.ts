/** A minimal extension around registerSetup, so the set-up commands run in a real VS Code before they are wired into activate(). */
import * as vscode from 'vscode';
import { registerSetup } from '../../../src/extension/setup/register';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Spanscope Setup', { log: true });
  context.subscriptions.push(log, registerSetup(context, { log }));
}

export function deactivate(): void {}
