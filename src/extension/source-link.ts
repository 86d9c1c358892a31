/**
 * Jump to source: opens a span's `source.file` at `source.line`. A path that does not exist
 * here (written in a container, on CI, on a colleague's machine) is matched by its trailing
 * path segments against the workspace; a tie is asked, no match is said, with where the span
 * came from.
 */
import * as vscode from 'vscode';
import fs from 'node:fs';
import path from 'node:path';
import type { Span } from '../core/model';
import { bestSourceMatches, sourceBaseName } from '../core/source-match';
import { readSettings } from './settings';

export async function revealSource(span: Span, log: vscode.LogOutputChannel): Promise<void> {
  const src = span.source;
  const from = span.origin ? ` (from ${vscode.workspace.asRelativePath(span.origin.file)}${span.origin.line ? `:${span.origin.line}` : ''})` : '';
  if (!src?.file) {
    void vscode.window.showInformationMessage(`Span "${span.name}" has no source location${from}.`);
    return;
  }
  const where = `${src.file}${src.line ? `:${src.line}` : ''}`;
  const direct = directCandidates(src.file, span.origin?.file).find(isFile);
  if (direct) return openAt(direct, src.line);

  const base = sourceBaseName(src.file);
  const found = base ? await vscode.workspace.findFiles(`**/${escapeGlob(base)}`, excludeGlob(), 2000) : [];
  const { score, best } = bestSourceMatches(src.file, found.map((u) => u.fsPath));
  log.info(`source ${where}: ${found.length} file(s) named ${base ?? '?'}; best share ${score} segment(s): ${best.join(', ') || 'none'}`);
  if (best.length === 0) {
    void vscode.window.showWarningMessage(`Source of span "${span.name}" not found: ${where} is not on this machine and no workspace file matches it${from}.`);
    return;
  }
  if (best.length === 1) return openAt(best[0], src.line);
  const pick = await vscode.window.showQuickPick(
    best.map((f) => ({ label: vscode.workspace.asRelativePath(f), description: f, file: f })),
    { title: `Several files match ${where}`, placeHolder: 'Which file did this span come from?' },
  );
  if (pick) return openAt(pick.file, src.line);
}

/** Paths to try as they are: absolute, or relative to each workspace folder and to the trace file. */
function directCandidates(recorded: string, traceFile: string | undefined): string[] {
  if (path.isAbsolute(recorded)) return [recorded];
  const bases = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
  if (traceFile) bases.push(path.dirname(traceFile));
  return bases.map((b) => path.resolve(b, recorded));
}

function isFile(p: string): boolean {
  try { return fs.statSync(p).isFile(); } catch { return false; }
}

function escapeGlob(s: string): string {
  return s.replace(/[[\]{}*?]/g, (c) => `[${c}]`);
}

function excludeGlob(): string | undefined {
  const ex = readSettings().exclude;
  return ex.length ? `{${ex.join(',')}}` : undefined;
}

async function openAt(file: string, line: number | undefined): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  const l = Math.max(0, Math.min((line ?? 1) - 1, doc.lineCount - 1));
  const range = new vscode.Range(l, 0, l, 0);
  await vscode.window.showTextDocument(doc, { selection: range, preview: true });
  vscode.window.activeTextEditor?.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}
