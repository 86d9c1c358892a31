/** Export Trace: OTLP JSON (for OpenTelemetry backends) or Chrome trace JSON (Perfetto, chrome://tracing). */
import * as vscode from 'vscode';
import fs from 'node:fs';
import path from 'node:path';
import type { Span } from '../core/model';
import { toChromeTrace } from '../core/export/chrome';
import { toOtlpJson } from '../core/export/otlp';
import type { TraceRepository } from '../ingest/types';

export async function exportTrace(repo: TraceRepository, traceId: string, log: vscode.LogOutputChannel): Promise<void> {
  const flat = await repo.getTrace(traceId);
  if (!flat) throw new Error(`trace ${traceId} is no longer in any open file`);
  const kind = await vscode.window.showQuickPick([
    { label: 'OTLP JSON', description: 'OpenTelemetry ExportTraceServiceRequest: Jaeger, Tempo, Langfuse, Phoenix', ext: 'otlp.json' },
    { label: 'Chrome trace', description: 'Trace Event Format: Perfetto, chrome://tracing', ext: 'chrome.json' },
  ], { title: `Export "${flat.summary.name}"` });
  if (!kind) return;
  const safe = flat.summary.name.replace(/[^\w.-]+/g, '_').slice(0, 60) || 'trace';
  const dir = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? path.dirname(flat.summary.files[0] ?? '.');
  const target = await vscode.window.showSaveDialog({
    title: `Export ${kind.label}`,
    defaultUri: vscode.Uri.file(path.join(dir, `${safe}-${traceId.slice(0, 8)}.${kind.ext}`)),
    filters: { JSON: ['json'] },
  });
  if (!target) return;
  // The tree's rows may leave heavy fields out; an export carries everything.
  const spans: Span[] = [];
  for (const row of flat.rows) {
    spans.push(row.span.partial ? ((await repo.getSpan(traceId, row.span.id)) ?? row.span) : row.span);
  }
  const doc = kind.ext === 'otlp.json' ? toOtlpJson(spans) : toChromeTrace(spans);
  await fs.promises.writeFile(target.fsPath, JSON.stringify(doc, null, 1));
  log.info(`exported ${spans.length} spans of ${traceId} as ${kind.label} to ${target.fsPath}`);
  const open = await vscode.window.showInformationMessage(`Exported ${spans.length} spans to ${path.basename(target.fsPath)}.`, 'Open');
  if (open) await vscode.window.showTextDocument(target);
}
