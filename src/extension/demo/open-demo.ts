/**
 * "Open Demo": writes a fresh demo run (two traces of a RAG agent, one with a failing tool)
 * and the program it points into, into the extension's storage, then reads it.
 */
import * as vscode from 'vscode';
import fs from 'node:fs';
import path from 'node:path';
import type { TraceRepository } from '../../ingest/types';
import { DEMO_SOURCE, demoTraceLines } from './demo-trace';

/** Resolves to the newest demo trace's id. */
export async function openDemo(ext: vscode.ExtensionContext, repo: TraceRepository, log: vscode.LogOutputChannel): Promise<string | undefined> {
  const dir = path.join(ext.globalStorageUri.fsPath, 'demo');
  await fs.promises.mkdir(dir, { recursive: true });
  const source = path.join(dir, 'rag_agent.py');
  const traces = path.join(dir, 'demo.traces.jsonl');
  await fs.promises.writeFile(source, DEMO_SOURCE);
  const already = (await repo.listFiles()).some((f) => f.file === traces);
  await fs.promises.writeFile(traces, demoTraceLines(source));
  const summary = already ? await repo.refresh(traces) : await repo.open(traces);
  log.info(`demo written to ${traces}`);
  return summary?.traces[0]?.traceId;
}
