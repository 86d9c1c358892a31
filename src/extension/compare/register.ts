/**
 * The one entry point of trace comparison and the tokens view: registers their commands, the
 * read-only documents of the value diff editor and the live price table. Called once from
 * activate(); disposing the result removes all of it.
 */
import * as vscode from 'vscode';
import type { Span } from '../../core/model';
import type { TraceRepository } from '../../ingest/types';
import { TracePanel } from '../panels/trace-panel';
import { PricingSource } from '../tokens/pricing-source';
import { TokensPanel } from '../tokens/tokens-panel';
import { registerCompareCommands } from './commands';
import { DiffPanel } from './diff-panel';
import { ValueDocuments } from './value-documents';

export interface CompareAndTokensDeps {
  repo: TraceRepository;
  log: vscode.LogOutputChannel;
  revealSource: (span: Span) => Thenable<void>;
}

export function registerCompareAndTokens(context: vscode.ExtensionContext, deps: CompareAndTokensDeps): vscode.Disposable {
  const pricing = new PricingSource(deps.log);
  // The tree's trace summaries (in the store) estimate costs with the same table as the
  // views, so a trace's cost reads the same everywhere.
  const applyPricing = () => pricing.ready().then(() => deps.repo.setPricing(pricing.pricing.table))
    .catch((err: unknown) => deps.log.error(`pricing: ${String(err)}`));
  void applyPricing();
  const pricingListener = pricing.onDidChange(() => void applyPricing());
  const documents = new ValueDocuments();
  // The trace view is opened through its command (it owns that panel); the span is then
  // selected in it once its data is there.
  const openSpan = async (traceId: string, spanId: string) => {
    await vscode.commands.executeCommand('spanscope.openTrace', traceId);
    TracePanel.get(traceId)?.revealSpan(spanId);
  };
  const base = { extensionUri: context.extensionUri, repo: deps.repo, log: deps.log, pricing, openSpan };
  const commands = registerCompareCommands({
    repo: deps.repo,
    log: deps.log,
    diff: { ...base, documents },
    tokens: base,
  });
  return vscode.Disposable.from(
    pricing,
    pricingListener,
    documents,
    ...commands,
    { dispose: () => DiffPanel.disposeAll() },
    { dispose: () => TokensPanel.disposeAll() },
  );
}
